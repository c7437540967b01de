"""The upload page: coordinators and admins check a file, then import it, and read the per-row report."""
import io

from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Innovation
from innolab.vocab import Role
from tests.transfer.conftest import counts, csv_bytes, report_issues, xlsx_bytes

URL = "/transfer/import"
MIXED = csv_bytes(["external_ref", "title", "unit_code", "stage", "status", "affair"], [
    ["W-1", "Jemput Bola KTP", "OPD-DUKCAPIL", "piloting", "in_progress", "Administrasi Kependudukan dan Pencatatan Sipil"],
    ["W-2", "Urusan salah", "PKM-SUKUN", "piloting", "", "Urusan Gaib"],
    ["W-3", "Posyandu Digital", "PKM-SUKUN", "ideation", "submitted", "kesehatan"],
], bom=True)


def _upload(client, data: bytes, filename: str = "daftar.csv", dry_run: bool = False):
    button = {"dry_run": "Periksa saja"} if dry_run else {"submit": "Impor"}
    return client.post(URL, data={"file": (io.BytesIO(data), filename), **button}, content_type="multipart/form-data")


def test_the_upload_page_explains_the_format_and_shows_a_progress_bar(client, login, coordinator):
    login(coordinator)
    html = client.get(URL).get_data(as_text=True)
    assert "Impor inovasi dari berkas" in html and "<code>external_ref</code>" in html
    assert 'data-upload-progress="import-progress"' in html and "<progress" in html
    assert "/static/js/upload-progress.js" in html
    assert 'accept=".csv,.xlsx' in html
    # The lab finds the page in its menu.
    assert 'href="/transfer/import"' in client.get("/dashboard").get_data(as_text=True)


def test_a_dry_run_reports_every_row_and_writes_nothing(client, login, coordinator):
    login(coordinator)
    response = _upload(client, MIXED, dry_run=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hasil pemeriksaan (tidak ada yang disimpan)" in html and "Akan dibuat: 2" in html
    assert report_issues(html) == [(3, "affair", 'Urusan "Urusan Gaib" tidak dikenal. Tulis nama urusan pemerintahan '
                                                 "(mis. Kesehatan, Administrasi Kependudukan dan Pencatatan Sipil) "
                                                 "atau kodenya (mis. adminduk).")]
    assert counts() == (0, 0)


def test_a_real_run_imports_the_valid_rows_and_a_re_run_changes_nothing(client, login, coordinator):
    login(coordinator)
    html = _upload(client, MIXED).get_data(as_text=True)
    assert "Hasil impor" in html and "Dibuat: 2" in html and "Ditolak: 1" in html
    assert "Impor selesai: 2 dibuat, 0 diperbarui, 0 tanpa perubahan, 1 baris ditolak." in html
    assert sorted(db.session.scalars(select(Innovation.external_ref))) == ["W-1", "W-3"]
    assert all(i.owner_id == coordinator.id for i in db.session.scalars(select(Innovation)))

    again = _upload(client, MIXED).get_data(as_text=True)
    assert "Tanpa perubahan: 2" in again and "Dibuat: 0" in again
    assert counts() == (2, 2)


def test_an_admin_imports_an_xlsx(client, login_as, units):
    admin = login_as(Role.ADMIN, unit=units["dukcapil"])
    data = xlsx_bytes(["title", "unit_code", "stage", "published"], [["Aplikasi Antrean", "PKM-SUKUN", "scaling",
                                                                       True]])
    html = _upload(client, data, "Daftar Inovasi.xlsx").get_data(as_text=True)
    assert "Dibuat: 1" in html
    innovation = db.session.scalar(select(Innovation))
    assert innovation.owner_id == admin.id and innovation.published
    assert "tanpa external_ref dibuat sebagai inovasi baru" in html


def test_file_faults_are_shown_next_to_the_file_field(client, login, coordinator):
    login(coordinator)
    html = _upload(client, "title,unit_code,stage\nKafé,PKM-SUKUN,ideation\n".encode("cp1252")).get_data(as_text=True)
    assert 'id="file-error"' in html and "Berkas tidak berenkode UTF-8" in html
    html = _upload(client, b"title,stage,warna\n").get_data(as_text=True)
    assert "Kolom wajib tidak ada: unit_code. Kolom tidak dikenal: warna." in html
    html = _upload(client, b"%PDF-1.4", "daftar.pdf").get_data(as_text=True)
    assert "Berkas harus berformat CSV (.csv) atau Excel (.xlsx)." in html
    html = client.post(URL, data={"submit": "Impor"}).get_data(as_text=True)
    assert "Pilih berkas CSV atau XLSX." in html
    assert counts() == (0, 0)


def test_a_file_too_large_for_the_web_is_sent_to_the_cli(client, login, coordinator):
    login(coordinator)
    rows = [[f"Inovasi {n}", "PKM-SUKUN", "ideation"] for n in range(2001)]
    html = _upload(client, csv_bytes(["title", "unit_code", "stage"], rows), dry_run=True).get_data(as_text=True)
    assert "Berkas berisi lebih dari 2000 baris data; bagi menjadi beberapa berkas." in html
    assert "flask import" in html
