"""Bulk account import from CSV: a per-row report, a dry run that writes nothing, file-level errors."""
import pytest
from sqlalchemy import select

from innolab.admin.imports import import_users
from innolab.auth.passwords import verify_password
from innolab.extensions import db
from innolab.models import AuditLog, User, UserRole
from innolab.vocab import Role

URL = "/admin/users/import"
NIP = "198703152010012003"

MIXED = (
    "email,name,nip,unit_code,roles,password\n"
    f"siti@kota.go.id,Siti Rahmawati,{NIP},OPD-ORG,innovator,Kopi-Pagi-Balai-Kota\n"  # 2 ok
    "bukan-email,Tanpa Email,,OPD-ORG,innovator,\n"  # 3 bad e-mail
    "budi@kota.go.id,Budi Santoso,,TIDAK-ADA,reviewer,\n"  # 4 unknown unit
    "dewi@kota.go.id,Dewi Lestari,,OPD-ORG,\"viewer,penyihir\",\n"  # 5 unknown role
    "SITI@kota.go.id,Siti Kembar,,OPD-ORG,innovator,\n"  # 6 repeats row 2's e-mail
    "agus@kota.go.id,Agus Santoso,12345,OPD-ORG,viewer,\n"  # 7 bad NIP
    "admin@kota.go.id,Admin Lagi,,OPD-ORG,admin,\n"  # 8 account exists
    "rina@kota.go.id,Rina Wulandari,,OPD-ORG,\"coordinator;reviewer\",\n"  # 9 ok, no password
    "hendra@kota.go.id,,,OPD-ORG,,pendek\n"  # 10 no name, no role, short password
)


def _users() -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(select(User.email)))


def test_dry_run_checks_every_row_but_writes_nothing(admin, upload, report_issues, count):
    before = _users()
    response = upload(URL, MIXED, dry_run=True)
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "Hasil pemeriksaan (tidak ada yang disimpan)" in html and "Akan dibuat: 2" in html
    assert {row for row, _, _ in report_issues(html)} == {3, 4, 5, 6, 7, 8, 10}
    assert _users() == before
    assert count(UserRole) == 1  # the admin's own
    assert count(AuditLog) == 0


def test_mixed_file_imports_the_valid_rows_and_reports_the_rest(admin, upload, report_issues, audit_rows):
    html = upload(URL, MIXED).get_data(as_text=True)

    assert report_issues(html) == [
        (3, "email", "Alamat e-mail tidak valid."),
        (4, "unit_code", "Unit dengan kode TIDAK-ADA tidak ada."),
        (5, "roles", "Peran tidak dikenal: penyihir. Pilihan: innovator, reviewer, coordinator, viewer, admin."),
        (6, "email", "Nilai ini sama dengan baris 2 di berkas yang sama."),
        (7, "nip", "NIP harus 18 digit angka."),
        (8, "email", "E-mail ini sudah dipakai akun lain."),
        (10, "name", "Nama wajib diisi."),
        (10, "roles", "Pilih minimal satu peran."),
        (10, "password", "Kata sandi minimal 10 karakter."),
    ]
    assert "Dibuat: 2" in html and "Ditolak: 7" in html
    assert _users() == {"admin@kota.go.id", "siti@kota.go.id", "rina@kota.go.id"}
    siti = db.session.scalar(select(User).where(User.email == "siti@kota.go.id"))
    rina = db.session.scalar(select(User).where(User.email == "rina@kota.go.id"))
    assert siti.nip == NIP and siti.roles == {Role.INNOVATOR} and siti.unit_id == admin.unit_id
    assert verify_password(siti.password_hash, "Kopi-Pagi-Balai-Kota")
    assert rina.roles == {Role.COORDINATOR, Role.REVIEWER}
    assert "Lupa kata sandi" in html  # Rina has no password anyone knows

    assert {entry.target_id for entry in audit_rows("user.create")} == {siti.id, rina.id}
    assert all(entry.details["source"] == "csv" for entry in audit_rows("user.create"))
    [summary] = audit_rows("user.import")
    assert summary.details == {"created": 2, "rejected": 7, "rows": 9}


def test_excel_style_file_with_bom_and_semicolons(admin, upload):
    content = "\ufeffemail;name;unit_code;roles\r\nsiti@kota.go.id;Siti Rahmawati;OPD-ORG;innovator,reviewer\r\n\r\n"
    html = upload(URL, content.encode("utf-8")).get_data(as_text=True)
    assert "Dibuat: 1" in html
    siti = db.session.scalar(select(User).where(User.email == "siti@kota.go.id"))
    assert siti.name == "Siti Rahmawati" and siti.roles == {Role.INNOVATOR, Role.REVIEWER}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("email,name,unit_code,roles\nsiti@kota.go.id,José,OPD-ORG,innovator\n".encode("cp1252"),
         "Berkas tidak berenkode UTF-8"),
        ("email,name,roles\nsiti@kota.go.id,Siti,innovator\n", "Kolom wajib tidak ada: unit_code."),
        ("emial;name;unit_code;roles\n", "Kolom wajib tidak ada: email. Kolom tidak dikenal: emial."),
        ("email,name,unit_code,roles,roles\n", "Kolom ganda: roles."),
        ("", "Berkas kosong."),
    ],
)
def test_unusable_files_are_refused_whole(admin, upload, field_error, count, content, message):
    response = upload(URL, content)
    assert response.status_code == 200
    assert message in field_error(response.get_data(as_text=True), "file")
    assert count(User) == 1 and count(AuditLog) == 0


def test_a_file_must_be_chosen_and_be_csv(admin, upload, field_error, client):
    assert field_error(client.post(URL, data={"submit": "Impor"}).get_data(as_text=True), "file") == \
        "Pilih berkas CSV."
    response = upload(URL, "email,name,unit_code,roles\n", filename="data.xlsx")
    assert field_error(response.get_data(as_text=True), "file") == "Berkas harus berformat CSV (.csv)."


def test_a_row_with_too_many_cells_is_rejected(admin):
    report = import_users(admin, b"email,name,unit_code,roles\na@kota.go.id,A,OPD-ORG,viewer,lebih\n")
    assert [(issue.row, issue.column) for issue in report.issues] == [(2, "")]
    assert report.created == 0
