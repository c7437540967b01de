"""Malformed files: a fault of the whole file rejects it whole; a faulty row is reported and leaves nothing behind."""
import io
import time
import zipfile

import pytest
from sqlalchemy import select

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import Innovation
from innolab.pipeline.stages import Status
from innolab.search import current_service
from innolab.transfer.services import import_innovations
from tests.transfer.conftest import counts, csv_bytes, xlsx_bytes

HEADER = ["external_ref", "title", "unit_code", "stage"]


def _file_error(coordinator, data: bytes, filename: str = "data.csv") -> str:
    with pytest.raises(DomainError) as caught:
        import_innovations(coordinator, data, filename)
    [(field, message)] = caught.value.errors
    assert field == "file"
    return str(message)


@pytest.mark.parametrize(("data", "filename", "expected"), [
    # cp1252 bytes (é = 0xE9) are not UTF-8: say so, name the line, and say how to save the file instead.
    ("external_ref,title,unit_code,stage\nA-1,Kafé Literasi,PKM-SUKUN,ideation\n".encode("cp1252"), "data.csv",
     "Berkas tidak berenkode UTF-8 (baris 2 memuat karakter yang tidak dapat dibaca)"),
    (b"title,stage\nInovasi,ideation\n", "data.csv", "Kolom wajib tidak ada: unit_code."),
    (b"judul,unit_code,stage,warna\n", "data.csv",
     "Kolom wajib tidak ada: title. Kolom tidak dikenal: judul, warna."),
    (b"title,unit_code,stage,title\n", "data.csv", "Kolom ganda: title."),
    (b"", "data.csv", "Berkas kosong."),
    (b"PK\x03\x04 not really a workbook", "data.xlsx", "Berkas XLSX ini tidak dapat dibaca."),
    (b"\xd0\xcf\x11\xe0", "lama.xls", "Berkas .xls (Excel lama) tidak didukung."),
    (b"title\n", "data.json", "Format berkas tidak didukung: gunakan .csv atau .xlsx."),
])
def test_a_file_level_fault_rejects_the_whole_file(coordinator, units, data, filename, expected):
    before = counts()
    assert expected in _file_error(coordinator, data, filename)
    db.session.commit()
    assert counts() == before == (0, 0)


def test_unknown_columns_are_named_even_in_an_xlsx(coordinator, units):
    message = _file_error(coordinator, xlsx_bytes([*HEADER, "Kolom Bebas"], [["A", "B", "PKM-SUKUN", "ideation"]]),
                          "data.xlsx")
    assert "Kolom tidak dikenal: kolom bebas." in message
    assert "Baris pertama harus berisi judul kolom" in message


def test_an_xlsx_with_an_encrypted_or_foreign_zip_is_refused(coordinator, units):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "bukan lembar kerja")
    assert "tidak dapat dibaca" in _file_error(coordinator, buffer.getvalue(), "data.xlsx")


def test_bad_enum_values_and_dates_are_reported_by_row_and_column(coordinator, units):
    data = csv_bytes([*HEADER, "innovation_type", "form", "affair", "status", "started_on", "trial_on", "sdgs"], [
        ["E-1", "Jenis salah", "PKM-SUKUN", "ideation", "analog", "", "", "", "", "", ""],
        ["E-2", "Tahap salah", "PKM-SUKUN", "inkubasi", "", "", "", "", "", "", ""],
        ["E-3", "Bentuk dan urusan salah", "PKM-SUKUN", "piloting", "", "hiburan", "Urusan Gaib", "", "", "", ""],
        ["E-4", "Status salah", "PKM-SUKUN", "piloting", "", "", "", "selesai", "", "", ""],
        ["E-5", "Tanggal salah", "PKM-SUKUN", "piloting", "", "", "", "", "31/02/2024", "kemarin", ""],
        ["E-6", "SDG salah", "PKM-SUKUN", "piloting", "", "", "", "", "", "", "3, 18, x"],
        ["E-7", "Baik", "PKM-SUKUN", "piloting", "Non Digital", "Tata Kelola", "pendidikan", "Sedang berjalan",
         "2024-02-29", "29/2/2024", "4"],
    ])
    report = import_innovations(coordinator, data, "e.csv")
    db.session.commit()

    assert [(issue.row, issue.column, issue.message) for issue in report.issues] == [
        (2, "innovation_type", 'Nilai "analog" tidak dikenal. Pilihan: digital, non_digital.'),
        (3, "stage", 'Nilai "inkubasi" tidak dikenal. Pilihan: ideation, prototyping, piloting, scaling.'),
        (4, "form", 'Nilai "hiburan" tidak dikenal. Pilihan: tata_kelola, pelayanan_publik, lainnya.'),
        (4, "affair", 'Urusan "Urusan Gaib" tidak dikenal. Tulis nama urusan pemerintahan (mis. Kesehatan, '
                      "Administrasi Kependudukan dan Pencatatan Sipil) atau kodenya (mis. adminduk)."),
        (5, "status", 'Nilai "selesai" tidak dikenal. Pilihan: draft, submitted, in_review, in_progress, '
                      "revision_requested, on_hold, rejected, withdrawn, active, stopped."),
        (6, "started_on", 'Tanggal "31/02/2024" tidak dikenali. Tulis sebagai 2024-01-31 atau 31/01/2024.'),
        (6, "trial_on", 'Tanggal "kemarin" tidak dikenali. Tulis sebagai 2024-01-31 atau 31/01/2024.'),
        (7, "sdgs", "SDG ditulis sebagai nomor 1 sampai 17, dipisah koma (mis. 3, 11). Tidak dikenal: 18, x."),
    ]
    assert (report.created, report.rejected) == (1, 6)
    good = db.session.scalar(select(Innovation).where(Innovation.external_ref == "E-7"))
    assert good.status is Status.IN_PROGRESS and good.sdgs == [4]
    assert counts() == (1, 1)  # the rejected rows left no innovation and no history behind


def test_a_repeated_external_ref_within_the_file_is_refused_after_its_first_row(coordinator, units):
    data = csv_bytes(HEADER, [
        ["D-1", "Pertama", "PKM-SUKUN", "ideation"],
        ["D-2", "Lain", "PKM-SUKUN", "ideation"],
        ["D-1", "Kembar", "OPD-DUKCAPIL", "piloting"],
    ])
    report = import_innovations(coordinator, data, "d.csv")
    db.session.commit()
    assert [(i.row, i.column, i.message) for i in report.issues] == [
        (4, "external_ref", "Nilai ini sama dengan baris 2 di berkas yang sama.")]
    assert sorted(db.session.scalars(select(Innovation.title))) == ["Lain", "Pertama"]


@pytest.fixture
def failing_history():
    """A database trigger that refuses the history entry of an innovation titled 'Gagal di tengah': a fault that
    strikes after the row's innovation has been written (a real database error, not a mock)."""
    sqlite = db.engine.dialect.name == "sqlite"
    statements = [
        "CREATE TRIGGER refuse_event BEFORE INSERT ON stage_event WHEN (SELECT title FROM innovation WHERE id = "
        "NEW.innovation_id) = 'Gagal di tengah' BEGIN SELECT RAISE(ABORT, 'injected fault'); END",
    ] if sqlite else [
        "CREATE FUNCTION refuse_event() RETURNS trigger AS $$ BEGIN IF (SELECT title FROM innovation WHERE id = "
        "NEW.innovation_id) = 'Gagal di tengah' THEN RAISE EXCEPTION 'injected fault' USING ERRCODE = '23514'; "
        "END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_event BEFORE INSERT ON stage_event FOR EACH ROW EXECUTE FUNCTION refuse_event()",
    ]
    with db.engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
    yield
    db.session.rollback()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER refuse_event" if sqlite else "DROP TRIGGER refuse_event ON stage_event")
        if not sqlite:
            conn.exec_driver_sql("DROP FUNCTION refuse_event()")


def test_a_row_that_fails_halfway_through_writing_leaves_nothing_behind(coordinator, units, failing_history):
    data = csv_bytes(HEADER, [["H-1", "Satu", "PKM-SUKUN", "ideation"],
                              ["H-2", "Gagal di tengah", "PKM-SUKUN", "ideation"],
                              ["H-3", "Tiga", "PKM-SUKUN", "ideation"]])
    report = import_innovations(coordinator, data, "h.csv")
    db.session.commit()
    assert (report.created, report.rejected) == (2, 1)
    assert [(i.row, i.message) for i in report.issues] == [
        (3, "Baris ini bentrok dengan data yang baru disimpan orang lain.")]
    # Its innovation had been inserted before its history failed: the row's savepoint took both away.
    assert sorted(db.session.scalars(select(Innovation.external_ref))) == ["H-1", "H-3"]
    assert counts() == (2, 2)


def test_a_row_may_not_overwrite_an_innovation_the_importer_cannot_see(coordinator, units, make_user):
    from innolab.vocab import Role

    stranger = make_user(Role.INNOVATOR, unit=units["puskesmas"])
    hidden = Innovation(title="Draf pribadi", slug="draf-pribadi", unit_id=units["puskesmas"].id,
                        owner_id=stranger.id, external_ref="PRIV-1")  # a draft: private to its team
    db.session.add(hidden)
    db.session.commit()
    data = csv_bytes(HEADER, [["PRIV-1", "Judul baru", "PKM-SUKUN", "ideation"]])
    report = import_innovations(coordinator, data, "priv.csv")
    db.session.commit()
    assert [(i.row, i.column) for i in report.issues] == [(2, "external_ref")]
    assert "tidak boleh Anda lihat" in report.issues[0].message
    db.session.refresh(hidden)
    assert hidden.title == "Draf pribadi"


def test_a_row_with_more_cells_than_columns_is_rejected(coordinator, units):
    data = b"title,unit_code,stage\nSatu,PKM-SUKUN,ideation,lebih\nDua,PKM-SUKUN,ideation\n"
    report = import_innovations(coordinator, data, "x.csv")
    assert [(i.row, i.column) for i in report.issues] == [(2, "")]
    assert report.created == 1


def test_ten_thousand_rows_import(coordinator, units, capsys):
    """Bench-style: a 10,000-row file imports whole; the speed is printed as a figure, not asserted."""
    header = ["external_ref", "title", "summary", "unit_code", "stage", "status", "affair", "tags", "started_on",
              "published"]
    stages = [("ideation", "submitted"), ("prototyping", "in_review"), ("piloting", "in_progress"),
              ("scaling", "active")]
    rows = []
    for n in range(10_000):
        stage, status = stages[n % 4]
        rows.append([f"BIG-{n:05d}", f"Inovasi pelayanan nomor {n}", f"Ringkasan inovasi {n} untuk warga kota.",
                     "PKM-SUKUN" if n % 2 else "OPD-DUKCAPIL", stage, status,
                     ["Kesehatan", "pendidikan", "Administrasi Kependudukan dan Pencatatan Sipil"][n % 3],
                     "layanan, warga", f"{1 + n % 28:02d}/03/2023", "ya" if stage in ("piloting", "scaling") else ""])
    data = csv_bytes(header, rows)

    began = time.perf_counter()
    report = import_innovations(coordinator, data, "besar.csv")
    imported = time.perf_counter() - began
    db.session.commit()  # includes indexing the 10,000 new innovations for search
    total = time.perf_counter() - began

    assert (report.created, report.rejected) == (10_000, 0)
    assert counts() == (10_000, 10_000)
    assert current_service().verify().total == 0  # all searchable at once
    with capsys.disabled():
        print(f"\n[bench] import of 10,000 CSV rows: {imported:.1f} s ({10_000 / imported:.0f} rows/s); "
              f"with commit and search indexing {total:.1f} s ({10_000 / total:.0f} rows/s)")
