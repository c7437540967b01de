"""Scaling outcomes (berlanjut / berhenti) and publishing to the catalogue."""
import pytest
from sqlalchemy import select

from innolab.extensions import db
from innolab.models import AuditLog, Innovation, StageEvent
from innolab.pipeline.stages import Stage, Status
from tests.lab.conftest import count, events, notices


@pytest.fixture
def at(make_submitted):
    """A proposal placed directly at (stage, status), as if it had come through the gates before."""

    def factory(stage: Stage, status: Status = Status.IN_PROGRESS):
        innovation = make_submitted("Pasar Digital Kelurahan")
        innovation.stage, innovation.status = stage, status
        db.session.commit()
        return innovation

    return factory


def mark(client, innovation, move, reason="Hasil monev triwulan III."):
    return client.post(f"/lab/{innovation.id}/decide", data={"move": move, "reason": reason,
                                                              "version_id": innovation.version_id})


def publish(client, innovation, **flags):
    data = {"version_id": innovation.version_id, **{k: "y" for k, v in flags.items() if v}}
    return client.post(f"/lab/{innovation.id}/publish", data=data)


def test_scaling_page_offers_the_two_outcomes_and_publishing(client, coordinator, at):
    innovation = at(Stage.SCALING)
    html = client.get(f"/lab/{innovation.id}/decide").get_data(as_text=True)
    assert 'value="mark_active"' in html and 'value="mark_stopped"' in html and 'value="advance"' not in html
    assert "Publikasi katalog" in html and 'name="replicable"' in html


def test_mark_active_then_stopped_then_active_again(client, coordinator, at):
    innovation = at(Stage.SCALING)
    assert mark(client, innovation, "mark_active", "Berjalan di 12 kelurahan.").status_code == 302
    innovation = db.session.get(Innovation, innovation.id)
    assert innovation.status is Status.ACTIVE
    assert mark(client, innovation, "mark_stopped", "Anggaran dihentikan.").status_code == 302
    innovation = db.session.get(Innovation, innovation.id)
    assert innovation.status is Status.STOPPED
    assert mark(client, innovation, "mark_active", "Dihidupkan kembali.").status_code == 302
    trail = [(e.from_status, e.to_status, e.reason) for e in events(innovation)][-3:]
    assert trail == [(Status.IN_PROGRESS, Status.ACTIVE, "Berjalan di 12 kelurahan."),
                     (Status.ACTIVE, Status.STOPPED, "Anggaran dihentikan."),
                     (Status.STOPPED, Status.ACTIVE, "Dihidupkan kembali.")]
    assert [n.payload["decision"] for n in notices("decision.made")][::2] == ["Berlanjut", "Berhenti", "Berlanjut"]


def test_scaling_outcomes_need_a_reason(client, coordinator, at):
    innovation = at(Stage.SCALING)
    response = mark(client, innovation, "mark_stopped", "")
    assert response.status_code == 422 and "Alasan keputusan wajib diisi." in response.get_data(as_text=True)
    assert db.session.get(Innovation, innovation.id).status is Status.IN_PROGRESS


def test_scaling_outcomes_only_in_scaling(client, coordinator, at):
    innovation = at(Stage.PILOTING)
    assert mark(client, innovation, "mark_active").status_code == 422
    assert db.session.get(Innovation, innovation.id).status is Status.IN_PROGRESS


@pytest.mark.parametrize("stage", [Stage.PILOTING, Stage.SCALING])
def test_publishing_sets_the_flags_and_writes_the_audit_log_not_the_history(client, coordinator, at, stage):
    innovation = at(stage)
    before = count(StageEvent)
    response = publish(client, innovation, published=True, replicable=True)
    assert response.status_code == 302
    innovation = db.session.get(Innovation, innovation.id)
    assert (innovation.published, innovation.replicable) == (True, True)
    assert count(StageEvent) == before
    entry = db.session.scalar(select(AuditLog))
    assert (entry.action, entry.actor_id, entry.target_type, entry.target_id) == (
        "innovation.publish", coordinator.id, "innovation", innovation.id)
    assert entry.details == {"changes": {"published": [False, True], "replicable": [False, True]}}


def test_unpublishing(client, coordinator, at):
    innovation = at(Stage.SCALING, Status.ACTIVE)
    innovation.published = innovation.replicable = True
    db.session.commit()
    assert publish(client, innovation, published=False, replicable=False).status_code == 302
    innovation = db.session.get(Innovation, innovation.id)
    assert (innovation.published, innovation.replicable) == (False, False)


@pytest.mark.parametrize(("stage", "status"), [
    (Stage.IDEATION, Status.IN_PROGRESS), (Stage.PROTOTYPING, Status.IN_REVIEW), (Stage.PILOTING, Status.REJECTED),
])
def test_publishing_is_refused_outside_piloting_and_scaling(client, coordinator, at, stage, status):
    innovation = at(stage, status)
    response = publish(client, innovation, published=True, replicable=True)
    assert response.status_code == 302
    assert db.session.get(Innovation, innovation.id).published is False and count(AuditLog) == 0
    page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Hanya inovasi pada tahap Uji Coba atau Penerapan" in page


def test_publishing_from_a_stale_page_is_refused(client, coordinator, at):
    innovation = at(Stage.SCALING)
    seen = innovation.version_id
    innovation.summary = "Diperbarui tim."
    db.session.commit()
    response = client.post(f"/lab/{innovation.id}/publish", data={"version_id": seen, "published": "y"})
    assert response.status_code == 302
    assert db.session.get(Innovation, innovation.id).published is False and count(AuditLog) == 0
