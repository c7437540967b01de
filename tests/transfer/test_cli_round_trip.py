"""flask import / flask export, and the round trip: export → import into an empty database → export gives the same
rows."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from innolab.auth.services import create_user
from innolab.extensions import db
from innolab.models import Innovation, StageEvent, Unit, User
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.vocab import Initiator, InnovationForm, InnovationType, Role, UnitKind
from tests.conftest import TEST_PASSWORD
from tests.transfer.conftest import counts, csv_bytes, read_csv_rows, read_xlsx


def _rich_innovations(owner, units):
    """Innovations using every column, with text a CSV must quote and a spreadsheet might run."""
    first = services.create_draft(owner, {
        "title": 'Antar Jemput Akta "Si Jempol", Kota Uji', "summary": "Baris satu.\nBaris dua; dengan titik koma.",
        "background": "=SUM(A1:A3) bukan rumus", "goals": "-kurangi antrean", "novelty": "+ layanan malam",
        "implementation": "@petugas keliling", "significance": "Waktu tunggu turun dari 14 ke 3 hari.",
        "adaptability": "Bisa ditiru kelurahan lain.", "resources": "2 petugas, 1 motor",
        "sustainability": "Masuk Renja 2025", "beneficiaries": "Warga lansia & difabel — 1.200 orang",
        "innovation_type": InnovationType.NON_DIGITAL, "form": InnovationForm.PELAYANAN_PUBLIK,
        "initiator": Initiator.ASN, "affair": "adminduk", "sdgs": [10, 16], "tags": ["akta", "jemput bola"],
        "started_on": date(2021, 3, 1), "trial_on": date(2021, 7, 5), "applied_on": date(2022, 2, 1),
        "budget": Decimal("1500000.50"),
    })
    first.stage, first.status, first.published, first.replicable = Stage.SCALING, Status.ACTIVE, True, True
    first.external_ref = "LAB-001"
    second = services.create_draft(owner, {"title": "Posyandu Digital", "affair": "kesehatan",
                                           "innovation_type": InnovationType.DIGITAL, "budget": Decimal("250000")})
    second.stage, second.status, second.unit_id = Stage.PILOTING, Status.IN_PROGRESS, units["puskesmas"].id
    second.external_ref = "LAB-002"
    third = services.create_draft(owner, {"title": "Ide tanpa nomor"})  # no external_ref, a bare draft
    db.session.commit()
    return [first, second, third]


def _prepare_empty(empty_app):
    """The same unit codes and one administrator in the empty database, as a fresh installation would have."""
    with empty_app.app_context():
        region = Unit(name="Pemerintah Kota Baru", kind=UnitKind.PEMDA, code="99.99")
        dukcapil = Unit(name="Disdukcapil", kind=UnitKind.OPD, parent=region, code="OPD-DUKCAPIL")
        puskesmas = Unit(name="Puskesmas Sukun", kind=UnitKind.PUSKESMAS, parent=region, code="PKM-SUKUN")
        db.session.add_all([region, dukcapil, puskesmas])
        create_user(email="admin@kota-uji.go.id", name="Admin Baru", unit=dukcapil, password=TEST_PASSWORD,
                    roles=[Role.ADMIN])
        db.session.commit()


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_import_into_an_empty_database_export_gives_the_same_rows(app, empty_app, coordinator, units,
                                                                          tmp_path, suffix):
    _rich_innovations(coordinator, units)
    first, second = tmp_path / f"pertama.{suffix}", tmp_path / f"kedua.{suffix}"
    exported = app.test_cli_runner().invoke(args=["export", str(first)])
    assert exported.exit_code == 0, exported.output
    assert "3 baris innovations ditulis" in exported.output

    _prepare_empty(empty_app)
    # flask commands run in the app context they find: the empty database's.
    with empty_app.app_context():
        imported = empty_app.test_cli_runner().invoke(args=["import", str(first)])
        assert imported.exit_code == 0, imported.output
        assert "3 dibuat, 0 diperbarui, 0 tanpa perubahan, 0 baris ditolak" in imported.output
        assert "baris/detik" in imported.output
        again = empty_app.test_cli_runner().invoke(args=["export", str(second)])
        assert again.exit_code == 0, again.output

        if suffix == "csv":
            assert second.read_bytes() == first.read_bytes()
            rows = read_csv_rows(first.read_bytes())
        else:
            assert read_xlsx(second.read_bytes()) == read_xlsx(first.read_bytes())
            rows = read_xlsx(first.read_bytes())
        assert len(rows) == 4 and rows[1][1] == 'Antar Jemput Akta "Si Jempol", Kota Uji'
        imported_first = db.session.scalar(select(Innovation).where(Innovation.external_ref == "LAB-001"))
        assert imported_first.background == "=SUM(A1:A3) bukan rumus" and imported_first.goals == "-kurangi antrean"
        assert imported_first.owner.email == "admin@kota-uji.go.id"
        # A second import of the same file changes nothing but the row that has no external_ref.
        rerun = empty_app.test_cli_runner().invoke(args=["import", str(first)])
        assert "1 dibuat, 0 diperbarui, 2 tanpa perubahan" in rerun.output
        assert "tanpa external_ref" in rerun.output


def test_cli_import_acts_as_the_named_user_and_dry_run_saves_nothing(app, coordinator, units, tmp_path):
    path = tmp_path / "daftar.csv"
    path.write_bytes(csv_bytes(["external_ref", "title", "unit_code", "stage", "status"], [
        ["C-1", "Satu", "PKM-SUKUN", "piloting", "in_progress"],
        ["C-2", "Dua", "TIDAK-ADA", "piloting", ""],
    ]))
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["import", str(path), "--dry-run", "--as", "KOORDINATOR@kota-uji.go.id"])
    assert dry.exit_code == 1  # a row was rejected: scripts notice
    assert "Uji coba, tidak ada yang disimpan: 1 akan dibuat" in dry.output
    assert "Baris 3, kolom unit_code: Unit dengan kode TIDAK-ADA tidak ada." in dry.output
    assert counts() == (0, 0)

    real = runner.invoke(args=["import", str(path), "--as", "koordinator@kota-uji.go.id"])
    assert real.exit_code == 1 and "Impor selesai sebagai koordinator@kota-uji.go.id: 1 dibuat" in real.output
    innovation = db.session.scalar(select(Innovation))
    assert innovation.owner_id == coordinator.id
    assert db.session.scalar(select(StageEvent.reason)) == "Diimpor dari berkas daftar.csv."


def test_cli_import_refuses_unknown_users_unfit_users_and_bad_files(app, make_user, units, tmp_path):
    path = tmp_path / "daftar.csv"
    path.write_bytes(csv_bytes(["title", "unit_code", "stage"], [["Satu", "PKM-SUKUN", "ideation"]]))
    runner = app.test_cli_runner()
    no_admin = runner.invoke(args=["import", str(path)])
    assert no_admin.exit_code != 0 and "Belum ada administrator aktif" in no_admin.output
    innovator = make_user(Role.INNOVATOR, unit=units["puskesmas"])
    refused = runner.invoke(args=["import", str(path), "--as", innovator.email])
    assert refused.exit_code != 0 and "tidak boleh mengimpor" in refused.output
    assert "Tidak ada akun aktif" in runner.invoke(args=["import", str(path), "--as", "x@kota-uji.go.id"]).output

    make_user(Role.ADMIN, unit=units["dukcapil"])
    bad = tmp_path / "daftar-lama.csv"
    bad.write_bytes("title,unit_code,stage\nKafé,PKM-SUKUN,ideation\n".encode("cp1252"))
    result = runner.invoke(args=["import", str(bad)])
    assert result.exit_code != 0 and "Berkas tidak berenkode UTF-8" in result.output
    assert "Format berkas tidak didukung" in runner.invoke(args=["export", str(tmp_path / "x.pdf")]).output
    assert counts() == (0, 0)


def test_cli_exports_reviews_and_replications_and_only_what_a_user_may_see(app, coordinator, units, make_user,
                                                                            tmp_path):
    innovations = _rich_innovations(coordinator, units)
    runner = app.test_cli_runner()
    for kind in ("reviews", "replications"):
        result = runner.invoke(args=["export", str(tmp_path / f"{kind}.csv"), "--kind", kind])
        assert result.exit_code == 0 and f"0 baris {kind} ditulis" in result.output
    viewer = make_user(Role.VIEWER, unit=units["puskesmas"])
    result = runner.invoke(args=["export", str(tmp_path / "viewer.xlsx"), "--as", viewer.email])
    assert result.exit_code == 0, result.output
    titles = [row[1] for row in read_xlsx((tmp_path / "viewer.xlsx").read_bytes())[1:]]
    assert titles == [innovations[0].title]  # the only published one
    assert db.session.scalar(select(User).where(User.email == viewer.email)) is not None
