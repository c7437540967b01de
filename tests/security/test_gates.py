"""ASVS V2.3.1 (business logic in order): the pipeline's steps cannot be skipped, repeated or forced by a crafted POST.

Every refusal says why in Indonesian, and the database is exactly as it was.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import Innovation, Review, StageEvent
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.vocab import Role
from tests.review.conftest import card
from tests.security.conftest import changed_tables, snapshot

REASON = "Sudah dibahas dalam rapat tim penilai."
NOT_FROM_HERE = "Langkah ini tidak dapat dilakukan dari status"


def decide(client, innovation, move, **extra):
    return client.post(f"/lab/{innovation.id}/decide", data={
        "move": move, "reason": REASON, "version_id": innovation.version_id, **extra})


def refused(response, message: str, before: dict) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 422, response.status_code
    assert message in html, f"no '{message}' on the page"
    assert changed_tables(before, snapshot()) == []


def test_advance_goes_one_stage_whatever_stage_is_posted(client, coordinator, reviewed):
    innovation, _round = reviewed()
    response = decide(client, innovation, "advance", stage="piloting", to_stage="scaling", target="scaling",
                      status="active")
    assert response.status_code == 302
    innovation = db.session.get(Innovation, innovation.id)
    assert (innovation.stage, innovation.status) == (Stage.PROTOTYPING, Status.IN_PROGRESS)
    # The next gate needs a new submission and a new review round: advancing again at once is refused.
    before = snapshot()
    refused(decide(client, innovation, "advance"), NOT_FROM_HERE, before)


@pytest.mark.parametrize("move", ["advance", "reject", "request_revision", "mark_active", "mark_stopped"])
def test_no_decision_on_a_proposal_that_is_not_in_review(client, coordinator, make_submitted, move):
    innovation = make_submitted()  # submitted, waiting for administrative screening
    before = snapshot()
    refused(decide(client, innovation, move), NOT_FROM_HERE, before)


@pytest.mark.parametrize("move", ["submit", "withdraw", "start_review", "return", "publish", "terbang"])
def test_moves_that_are_not_decisions_are_refused(client, coordinator, reviewed, move):
    innovation, _round = reviewed()
    before = snapshot()
    refused(decide(client, innovation, move), "Pilih salah satu keputusan.", before)


def test_scaling_outcomes_are_refused_before_scaling(client, coordinator, reviewed):
    innovation, _round = reviewed()
    before = snapshot()
    refused(decide(client, innovation, "mark_active"), NOT_FROM_HERE, before)


def test_no_decision_without_the_reviews(client, coordinator, make_in_review):
    innovation, _round = make_in_review()
    before = snapshot()
    refused(decide(client, innovation, "advance"), "Keputusan memerlukan sedikitnya 2 penilaian", before)


def test_screening_is_done_once(client, coordinator, make_in_review):
    innovation, _round = make_in_review()  # already passed screening
    before = snapshot()
    response = client.post(f"/lab/{innovation.id}/screen", data={"version_id": innovation.version_id,
                                                                  "pass_review": "1", "reason": "lagi"})
    refused(response, NOT_FROM_HERE, before)


def test_publishing_before_piloting_is_refused(client, coordinator, reviewed):
    innovation, _round = reviewed()
    before = snapshot()
    response = client.post(f"/lab/{innovation.id}/publish", data={
        "version_id": innovation.version_id, "published": "y", "replicable": "y"}, follow_redirects=True)
    assert "Hanya inovasi pada tahap Uji Coba atau Penerapan" in response.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []


def test_an_already_submitted_proposal_cannot_be_submitted_again(client, login, make_submitted):
    innovation = make_submitted()
    owner = innovation.owner
    login(owner)
    before = snapshot()
    response = client.post(f"/proposals/{innovation.id}/edit", data={
        "title": innovation.title, "version_id": innovation.version_id, "action": "submit"})
    assert response.status_code == 403  # no longer editable, so not submittable through the form
    assert changed_tables(before, snapshot()) == []
    with pytest.raises(DomainError) as refusal:
        services.submit_proposal(innovation, owner)
    assert NOT_FROM_HERE in str(refusal.value.errors[0][1])
    db.session.rollback()
    assert db.session.scalar(select(StageEvent.to_status).order_by(StageEvent.id.desc()).limit(1)) is Status.SUBMITTED


def test_a_reviewer_cannot_score_an_assignment_not_theirs(client, login, make_in_review, assign, make_reviewer,
                                                          rubric):
    innovation, round_ = make_in_review()
    theirs = assign(round_)
    login(make_reviewer())  # a reviewer, but not assigned here
    before = snapshot()
    response = client.post(f"/review/assignments/{theirs.id}",
                           data=card(rubric[Stage.IDEATION], [5], recommendation="advance", action="submit"))
    assert response.status_code == 403
    assert changed_tables(before, snapshot()) == []


def test_a_submitted_review_is_locked(client, login, make_in_review, assign, rubric):
    innovation, round_ = make_in_review()
    assignment = assign(round_)
    login(assignment.reviewer)
    sheet = rubric[Stage.IDEATION]
    assert client.post(f"/review/assignments/{assignment.id}",
                       data=card(sheet, [4], recommendation="advance", action="submit")).status_code == 302
    review = db.session.scalar(select(Review))
    before = snapshot()
    response = client.post(f"/review/assignments/{assignment.id}",
                           data=card(sheet, [1], recommendation="reject", version=review.version_id))
    refused(response, "Penilaian ini sudah dikirim dan terkunci.", before)


def test_a_reviewer_role_alone_does_not_open_the_lab_desk(client, login_as, reviewed):
    innovation, _round = reviewed()
    login_as(Role.REVIEWER)
    before = snapshot()
    assert decide(client, innovation, "advance").status_code == 403
    assert changed_tables(before, snapshot()) == []
