"""Unit import from CSV: parents resolved within the file in any order, idempotent on code, per-row report."""
from sqlalchemy import select

from innolab.admin.csvfile import CsvRow, ImportReport
from innolab.admin.imports import _run, import_units
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import AuditLog, Unit
from innolab.vocab import UnitKind

URL = "/admin/units/import"


def _file(region, *extra: str) -> str:
    # Children first: the importer must find their parents further down the file.
    lines = [
        "code,name,kind,parent_code",
        "35.74.01.1001,Kelurahan Mayangan,kelurahan,35.74.01",
        "UPTD-LAB,UPTD Labkesda,uptd,OPD-DINKES",
        f"35.74.01,Kecamatan Mayangan,kecamatan,{region.code}",
        f"OPD-DINKES,Dinas Kesehatan,OPD,{region.code}",
        *extra,
    ]
    return "\n".join(lines) + "\n"


def _tree() -> dict[str, tuple[str, str, str | None]]:
    db.session.expire_all()
    return {u.code: (u.name, u.kind.value, u.parent.code if u.parent else None)
            for u in db.session.scalars(select(Unit))}


def test_rows_in_any_order_build_the_tree(admin, region, upload, audit_rows):
    html = upload(URL, _file(region)).get_data(as_text=True)
    assert "Dibuat: 4" in html and "Ditolak: 0" in html
    tree = _tree()
    assert tree["35.74.01.1001"] == ("Kelurahan Mayangan", "kelurahan", "35.74.01")
    assert tree["UPTD-LAB"] == ("UPTD Labkesda", "uptd", "OPD-DINKES")
    assert tree["OPD-DINKES"] == ("Dinas Kesehatan", "opd", region.code)
    assert len(audit_rows("unit.create")) == 4
    [summary] = audit_rows("unit.import")
    assert summary.details == {"created": 4, "updated": 0, "rejected": 0, "rows": 4}


def test_reimport_is_idempotent_and_updates_what_changed(admin, region, upload, count):
    upload(URL, _file(region))
    first = _tree()
    audits = count(AuditLog)

    html = upload(URL, _file(region)).get_data(as_text=True)
    assert "Dibuat: 0" in html and "Diperbarui: 0" in html and "Tanpa perubahan: 4" in html
    assert _tree() == first
    assert count(AuditLog) == audits  # nothing changed, nothing logged

    renamed = _file(region).replace("Kelurahan Mayangan,kelurahan,35.74.01", "Kel. Mayangan,kelurahan,35.74.01")
    html = upload(URL, renamed).get_data(as_text=True)
    assert "Diperbarui: 1" in html and "Tanpa perubahan: 3" in html
    assert _tree()["35.74.01.1001"] == ("Kel. Mayangan", "kelurahan", "35.74.01")


def test_dry_run_writes_nothing(admin, region, upload, count):
    before, audits = _tree(), count(AuditLog)
    html = upload(URL, _file(region), dry_run=True).get_data(as_text=True)
    assert "Akan dibuat: 4" in html and "Ditolak: 0" in html
    assert _tree() == before and count(AuditLog) == audits


def test_bad_rows_are_reported_and_the_rest_imported(admin, region, upload, report_issues):
    content = _file(
        region,
        "35.74.01.2001,Desa Salah Induk,desa,OPD-DINKES",  # 6: a desa under an OPD
        "X-1,Unit Aneh,kerajaan,35.74.01",  # 7: unknown kind
        "X-2,Yatim,opd,TIDAK-ADA",  # 8: unknown parent
        "35.74.01,Kecamatan Kembar,kecamatan," + region.code,  # 9: code repeats row 4
        "LOOP-A,Lingkar A,opd,LOOP-B",  # 10 and 11: parents of each other
        "LOOP-B,Lingkar B,opd,LOOP-A",
        "X-3,Anak Yang Aneh,uptd,X-1",  # 12: its parent (row 7) was rejected
        ",Tanpa Kode,opd," + region.code,  # 13: no code
    )
    html = upload(URL, content).get_data(as_text=True)
    assert report_issues(html) == [
        (6, "parent_code", "Desa tidak boleh berada di bawah Perangkat Daerah (OPD). Induk yang diizinkan: "
                           "Kecamatan."),
        (7, "kind", "Jenis unit tidak dikenal. Pilihan: pemda, opd, uptd, puskesmas, kecamatan, kelurahan, desa."),
        (8, "parent_code", "Unit induk dengan kode TIDAK-ADA tidak ada."),
        (9, "code", "Kode ini sama dengan baris 4 di berkas yang sama."),
        (10, "parent_code", "Rujukan induk melingkar di dalam berkas."),
        (11, "parent_code", "Rujukan induk melingkar di dalam berkas."),
        (12, "parent_code", "Unit induk X-1 di baris 7 ditolak, sehingga baris ini juga tidak dapat diimpor."),
        (13, "code", "Kode unit wajib diisi."),
    ]
    assert "Dibuat: 4" in html and "Ditolak: 8" in html
    tree = _tree()
    assert tree["35.74.01"][0] == "Kecamatan Mayangan"
    assert not {"35.74.01.2001", "X-1", "X-2", "LOOP-A", "LOOP-B", "X-3"} & tree.keys()


def test_a_second_pemda_is_refused(admin, region, upload, report_issues):
    html = upload(URL, "code;name;kind;parent_code\n35.99;Kabupaten Lain;pemda;\n").get_data(as_text=True)
    [(row, column, message)] = report_issues(html)
    assert (row, column) == (2, "kind") and message.startswith("Sudah ada pemerintah daerah")


def test_missing_columns_refuse_the_file(admin, upload, field_error):
    html = upload(URL, "kode,name,kind\n").get_data(as_text=True)
    assert field_error(html, "file").startswith("Kolom wajib tidak ada: code. Kolom tidak dikenal: kode.")


def test_a_rejected_row_leaves_nothing_half_written(admin, region):
    """A row that fails after writing is undone by its savepoint, while its neighbours stay."""

    def write_then_maybe_fail(row: CsvRow) -> str:
        db.session.add(Unit(name=row.values["name"], kind=UnitKind.OPD, code=row.values["code"], parent=region))
        db.session.flush()
        if row.values["name"] == "gagal":
            raise DomainError.on("name", "ditolak setelah menulis")
        return "created"

    rows = [CsvRow(2, {"code": "A-1", "name": "jadi"}), CsvRow(3, {"code": "A-2", "name": "gagal"}),
            CsvRow(4, {"code": "A-3", "name": "jadi"})]
    report = ImportReport(dry_run=False)
    _run(report, rows, write_then_maybe_fail)
    db.session.commit()

    assert report.created == 2 and [(i.row, i.column) for i in report.issues] == [(3, "name")]
    assert {"A-1", "A-3"} <= _tree().keys() and "A-2" not in _tree()


def test_service_reports_without_the_web_layer(admin, region):
    report = import_units(admin, _file(region).encode(), dry_run=True)
    assert (report.total, report.created, report.rejected) == (4, 4, 0)
    assert "OPD-DINKES" not in _tree()
