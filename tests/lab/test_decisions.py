"""Gate decisions: every outcome, the pipeline's guards, optimistic locking and double submits."""
import pytest
from sqlalchemy import select, update

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.lab import services as lab
from innolab.models import Innovation, ReviewRound, StageEvent
from innolab.models.types import utcnow
from innolab.pipeline.stages import Stage, Status
from innolab.pipeline.transitions import Move
from tests.lab.conftest import attach, count, events, notices

OUTCOMES = [
    (Move.ADVANCE, Stage.PROTOTYPING, Status.IN_PROGRESS, True, "Lanjut ke tahap berikutnya"),
    (Move.REQUEST_REVISION, Stage.IDEATION, Status.REVISION_REQUESTED, True, "Perlu revisi"),
    (Move.HOLD, Stage.IDEATION, Status.ON_HOLD, False, "Ditunda"),
    (Move.REJECT, Stage.IDEATION, Status.REJECTED, True, "Ditolak"),
]


def decide(client, innovation, move, reason="Sudah dibahas dalam rapat tim penilai.", version=None):
    return client.post(f"/lab/{innovation.id}/decide", data={
        "move": move.value if isinstance(move, Move) else move, "reason": reason,
        "version_id": innovation.version_id if version is None else version})


@pytest.mark.parametrize(("move", "stage", "status", "closes", "label"), OUTCOMES, ids=lambda v: str(v))
def test_each_outcome_moves_records_and_notifies(client, coordinator, reviewed, move, stage, status, closes, label):
    innovation, round_ = reviewed()
    team = {innovation.owner_id, *(m.user_id for m in innovation.members)}
    response = decide(client, innovation, move, reason="Data sebelum–sesudah meyakinkan.")
    assert response.status_code == 302 and response.headers["Location"] == f"/proposals/{innovation.id}"
    innovation = db.session.get(Innovation, innovation.id)
    assert (innovation.stage, innovation.status) == (stage, status)
    last = events(innovation)[-1]
    assert (last.from_status, last.to_stage, last.to_status, last.actor_id, last.reason) == (
        Status.IN_REVIEW, stage, status, coordinator.id, "Data sebelum–sesudah meyakinkan.")
    assert (db.session.get(ReviewRound, round_.id).closed_at is not None) is closes
    sent = notices("decision.made")
    assert {n.user_id for n in sent} == team and {n.payload["decision"] for n in sent} == {label}
    assert sent[0].url == f"/proposals/{innovation.id}"


def test_resume_takes_a_held_proposal_back_into_the_same_round(client, coordinator, reviewed, lab_actor):
    innovation, round_ = reviewed()
    lab.decide(innovation, lab_actor, Move.HOLD, seen_version=innovation.version_id, reason="Menunggu APBD-P")
    db.session.commit()
    page = client.get(f"/lab/{innovation.id}/decide").get_data(as_text=True)
    assert 'value="resume"' in page and 'value="reject"' in page and 'value="advance"' not in page
    response = decide(client, innovation, Move.RESUME, reason="Anggaran sudah ditetapkan.")
    assert response.status_code == 302
    assert db.session.get(Innovation, innovation.id).status is Status.IN_REVIEW
    assert db.session.get(ReviewRound, round_.id).closed_at is None
    assert notices("decision.made")[-1].payload["decision"] == "Penilaian dilanjutkan"


@pytest.mark.parametrize("move", [Move.ADVANCE, Move.HOLD, Move.RESUME])
def test_a_reason_is_required(client, coordinator, reviewed, lab_actor, move):
    innovation, _round = reviewed()
    if move is Move.RESUME:
        lab.decide(innovation, lab_actor, Move.HOLD, seen_version=innovation.version_id, reason="Ditunda dulu")
        db.session.commit()
    before, told = len(events(innovation)), len(notices("decision.made"))
    response = decide(client, innovation, move, reason="  ")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="reason-error"' in html and "Alasan keputusan wajib diisi." in html
    assert len(events(innovation)) == before and len(notices("decision.made")) == told


def test_the_service_refuses_a_missing_reason_too(reviewed, lab_actor):
    innovation, _round = reviewed()
    for move in (Move.REJECT, Move.HOLD):
        with pytest.raises(DomainError) as caught:
            lab.decide(innovation, lab_actor, move, seen_version=innovation.version_id, reason=" ")
        assert caught.value.errors[0][0] == "reason"


@pytest.mark.parametrize("move", [Move.ADVANCE, Move.REQUEST_REVISION, Move.REJECT])
def test_too_few_submitted_reviews_are_refused(client, coordinator, make_in_review, assign, submit_review, move):
    innovation, round_ = make_in_review()
    submit_review(assign(round_))
    assign(round_)  # assigned, but not submitted: it does not count
    response = decide(client, innovation, move)
    assert response.status_code == 422
    assert "sedikitnya 2 penilaian yang sudah dikirim" in response.get_data(as_text=True)
    assert db.session.get(Innovation, innovation.id).status is Status.IN_REVIEW
    assert db.session.get(ReviewRound, round_.id).closed_at is None


def test_hold_needs_no_reviews(client, coordinator, make_in_review):
    innovation, _round = make_in_review()
    assert decide(client, innovation, Move.HOLD).status_code == 302
    assert db.session.get(Innovation, innovation.id).status is Status.ON_HOLD


def test_advance_needs_the_next_stages_evidence(client, coordinator, reviewed, checklist):
    innovation, _round = reviewed()
    checklist(Stage.PROTOTYPING, "sk_tim", "foto_tangkapan")
    attach(innovation, "sk_tim")
    page = client.get(f"/lab/{innovation.id}/decide").get_data(as_text=True)
    assert "Bukti dukung untuk tahap berikutnya (Rancang Bangun)" in page and page.count("Belum ada") == 1
    response = decide(client, innovation, Move.ADVANCE)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "belum lengkap: Foto atau tangkapan layar inovasi" in html
    assert db.session.get(Innovation, innovation.id).stage is Stage.IDEATION
    attach(innovation, "foto_tangkapan")
    assert decide(client, innovation, Move.ADVANCE).status_code == 302
    assert db.session.get(Innovation, innovation.id).stage is Stage.PROTOTYPING


def test_a_second_coordinator_gets_a_conflict_and_keeps_the_typed_reason(client, coordinator, reviewed, lab_actor):
    innovation, _round = reviewed()
    seen = innovation.version_id
    lab.decide(innovation, lab_actor, Move.ADVANCE, seen_version=seen, reason="Layak lanjut.")
    db.session.commit()
    typed = "Menurut saya perlu revisi karena data pembanding belum ada."
    response = decide(client, innovation, Move.REQUEST_REVISION, reason=typed, version=seen)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "sudah diubah orang lain" in html and typed in html
    innovation = db.session.get(Innovation, innovation.id)
    assert (innovation.stage, innovation.status) == (Stage.PROTOTYPING, Status.IN_PROGRESS)
    assert [e.reason for e in events(innovation)][-1] == "Layak lanjut."
    assert len(notices("decision.made")) == 2  # the first decision's, to owner and member; none for the second


def test_a_conflict_while_the_decision_is_still_open_can_be_resent(client, coordinator, reviewed, lab_actor):
    innovation, _round = reviewed()
    seen = innovation.version_id
    innovation.summary = "Ringkasan yang diperbarui."  # someone saved the proposal in between: no decision
    db.session.commit()
    response = decide(client, innovation, Move.HOLD, reason="Tunggu hasil survei.", version=seen)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    current = db.session.get(Innovation, innovation.id).version_id
    assert f'name="version_id" type="hidden" value="{current}"' in html and "Tunggu hasil survei." in html
    assert decide(client, innovation, Move.HOLD, reason="Tunggu hasil survei.", version=current).status_code == 302


def test_a_double_clicked_decision_is_recorded_once(client, coordinator, reviewed):
    innovation, _round = reviewed()
    seen = innovation.version_id
    first = decide(client, innovation, Move.ADVANCE, reason="Lanjut.", version=seen)
    second = decide(client, innovation, Move.ADVANCE, reason="Lanjut.", version=seen)
    assert first.status_code == 302 and second.status_code == 302
    assert count(StageEvent) == len(events(innovation))
    assert [e.to_stage for e in events(innovation)].count(Stage.PROTOTYPING) == 1
    assert len(notices("decision.made")) == 2
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "sudah tercatat sebelumnya" in page


def test_a_move_the_pipeline_does_not_allow_is_refused(client, coordinator, reviewed):
    innovation, _round = reviewed()
    for move in (Move.RESUME, Move.MARK_ACTIVE, "submit", "terbang"):
        response = decide(client, innovation, move)
        assert response.status_code == 422, move
    assert db.session.get(Innovation, innovation.id).status is Status.IN_REVIEW
    assert notices("decision.made") == []


def test_the_decision_page_shows_the_score_summary(client, coordinator, reviewed):
    innovation, _round = reviewed()
    html = client.get(f"/lab/{innovation.id}/decide").get_data(as_text=True)
    assert 'data-testid="score-summary"' in html and 'data-testid="mean">80' in html
    assert "2 penilaian sudah dikirim" in html
    for value in ("advance", "request_revision", "hold", "reject"):
        assert f'value="{value}"' in html


def test_a_proposal_with_nothing_to_decide_sends_the_coordinator_back(client, coordinator, make_submitted):
    innovation = make_submitted()
    response = client.get(f"/lab/{innovation.id}/decide")
    assert response.status_code == 302 and response.headers["Location"] == f"/proposals/{innovation.id}"


def test_losing_the_race_to_another_coordinator_is_a_conflict_not_a_crash(reviewed, lab_actor):
    innovation, _round = reviewed()
    seen = innovation.version_id
    db.session.expunge(innovation)  # keep the state this request read…
    db.session.commit()
    with db.engine.begin() as other:  # …while another coordinator's decision commits underneath it
        other.execute(update(Innovation).where(Innovation.id == innovation.id)
                      .values(status=Status.ON_HOLD, version_id=seen + 1))
    db.session.add(innovation)
    with pytest.raises(DomainError) as caught:
        lab.decide(innovation, lab_actor, Move.ADVANCE, seen_version=seen, reason="Lanjut.")
    assert "sudah diubah orang lain" in str(caught.value)
    db.session.rollback()
    assert db.session.get(Innovation, innovation.id).status is Status.ON_HOLD
    assert "Lanjut." not in [e.reason for e in events(innovation)] and notices("decision.made") == []


def test_resuming_a_proposal_whose_round_was_closed_opens_the_next_round(reviewed, lab_actor):
    innovation, round_ = reviewed()
    lab.decide(innovation, lab_actor, Move.HOLD, seen_version=innovation.version_id, reason="Tunggu anggaran")
    round_.closed_at = utcnow()  # as held proposals of older data (the demo seed) have it
    db.session.commit()
    lab.decide(innovation, lab_actor, Move.RESUME, seen_version=innovation.version_id, reason="Anggaran ada")
    db.session.commit()
    rounds = db.session.scalars(select(ReviewRound).order_by(ReviewRound.number)).all()
    assert [(r.number, r.closed_at is None) for r in rounds] == [(1, False), (2, True)]
