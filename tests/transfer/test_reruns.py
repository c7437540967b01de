"""Dry runs write nothing; a re-run of the same file changes nothing; a changed row updates its innovation."""
from sqlalchemy import select

from innolab.extensions import db
from innolab.models import AuditLog, Innovation, StageEvent
from innolab.transfer.services import import_innovations
from tests.transfer.conftest import count, counts, csv_bytes

HEADER = ["external_ref", "title", "unit_code", "stage"]


def test_dry_run_checks_every_row_and_writes_nothing(coordinator, units):
    data = csv_bytes(HEADER + ["status"], [
        ["R-1", "Satu", "PKM-SUKUN", "ideation", ""],
        ["R-2", "Dua", "PKM-SUKUN", "piloting", "active"],  # active only in scaling
        ["", "Tiga", "OPD-DUKCAPIL", "scaling", "active"],
    ])
    report = import_innovations(coordinator, data, "r.csv", dry_run=True)
    db.session.commit()
    assert (report.dry_run, report.created, report.rejected) == (True, 2, 1)
    assert [(i.row, i.column) for i in report.issues] == [(3, "status")]
    assert any("1 baris tanpa external_ref akan dibuat" in note for note in report.notes)
    assert counts() == (0, 0) and count(AuditLog) == 0


def test_re_running_the_same_file_changes_nothing(coordinator, units):
    data = csv_bytes(HEADER + ["summary", "tags", "sdgs", "budget", "published", "status"], [
        ["I-1", "Satu", "PKM-SUKUN", "piloting", "Ringkas", "a, b", "3,4", "1.000.000", "ya", ""],
        ["I-2", "Dua", "OPD-DUKCAPIL", "scaling", "", "", "", "", "tidak", "stopped"],
    ])
    first = import_innovations(coordinator, data, "i.csv")
    db.session.commit()
    versions = dict(db.session.execute(select(Innovation.external_ref, Innovation.version_id)).all())
    second = import_innovations(coordinator, data, "i.csv")
    db.session.commit()

    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 2, 0)
    db.session.expire_all()
    assert dict(db.session.execute(select(Innovation.external_ref, Innovation.version_id)).all()) == versions
    assert counts() == (2, 2)
    assert len(db.session.scalars(select(AuditLog).where(AuditLog.action == "innovation.import")).all()) == 1


def test_a_changed_row_updates_its_innovation_and_records_a_stage_move(coordinator, units):
    import_innovations(coordinator, csv_bytes(HEADER + ["status"], [
        ["U-1", "Satu", "PKM-SUKUN", "piloting", "in_progress"], ["U-2", "Dua", "PKM-SUKUN", "piloting", ""]]),
        "u.csv")
    db.session.commit()
    report = import_innovations(coordinator, csv_bytes(HEADER + ["status"], [
        ["U-1", "Satu (diperbarui)", "OPD-DUKCAPIL", "scaling", "active"],
        ["U-2", "Dua", "PKM-SUKUN", "piloting", ""]]), "u-v2.csv")
    db.session.commit()

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    changed = db.session.scalar(select(Innovation).where(Innovation.external_ref == "U-1"))
    assert changed.title == "Satu (diperbarui)" and changed.unit_id == units["dukcapil"].id
    assert changed.owner_id == coordinator.id and changed.slug.startswith("satu")  # the address stays
    reasons = list(db.session.scalars(select(StageEvent.reason).where(StageEvent.innovation_id == changed.id)
                                      .order_by(StageEvent.id)))
    assert reasons == ["Diimpor dari berkas u.csv.", "Diperbarui dari berkas u-v2.csv."]
