"""Blind rounds hide who proposed; the proposal page is open to assigned reviewers only when no round is blind."""
from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Assignment, AssignmentStatus, Notification
from innolab.vocab import Role
from tests.review.conftest import card

IDENTITY = ("Siti Pemilik Usulan", "Budi Anggota Tim", "Dinas Kesehatan Rahasia",
            "Posyandu Digital Kelurahan Sumbersari")


def _reviewer_on(make_proposal, make_assignment, login, blind):
    assignment = make_assignment(make_proposal(), blind=blind)
    login(assignment.reviewer)
    return assignment


def test_blind_round_hides_owner_team_unit_and_title(client, rubrics, make_proposal, make_assignment, login):
    assignment = _reviewer_on(make_proposal, make_assignment, login, blind=True)
    code = f"PB-{assignment.round_id:05d}"
    for url in (f"/review/assignments/{assignment.id}", "/review/"):
        html = client.get(url).get_data(as_text=True)
        assert code in html and "Penilaian tertutup" in html
        for text in IDENTITY:
            assert text not in html, f"{text!r} leaks on {url}"
    scorecard = client.get(f"/review/assignments/{assignment.id}").get_data(as_text=True)
    assert "Grafik pertumbuhan otomatis untuk orang tua." in scorecard  # the content is still there to score
    assert f"/proposals/{assignment.round.innovation_id}" not in scorecard


def test_open_round_shows_who_proposed(client, rubrics, make_proposal, make_assignment, login):
    assignment = _reviewer_on(make_proposal, make_assignment, login, blind=False)
    html = client.get(f"/review/assignments/{assignment.id}").get_data(as_text=True)
    for text in IDENTITY:
        assert text in html


def test_proposal_page_refused_to_a_reviewer_in_a_blind_round(client, rubrics, make_proposal, make_assignment,
                                                              login):
    assignment = _reviewer_on(make_proposal, make_assignment, login, blind=True)
    assert client.get(f"/proposals/{assignment.round.innovation_id}").status_code == 403


def test_proposal_page_open_to_an_assigned_reviewer_in_an_open_round(client, rubrics, make_proposal,
                                                                    make_assignment, login):
    assignment = _reviewer_on(make_proposal, make_assignment, login, blind=False)
    response = client.get(f"/proposals/{assignment.round.innovation_id}")
    assert response.status_code == 200
    assert "Dinas Kesehatan Rahasia" in response.get_data(as_text=True)


def test_proposal_page_refused_once_the_reviewer_declined(client, rubrics, make_proposal, make_assignment, login):
    assignment = _reviewer_on(make_proposal, make_assignment, login, blind=False)
    client.post(f"/review/assignments/{assignment.id}/decline", data={"reason": "Saya kerabat inovator."})
    assert db.session.get(Assignment, assignment.id).status is AssignmentStatus.DECLINED
    assert client.get(f"/proposals/{assignment.round.innovation_id}").status_code == 403


def test_unassigned_reviewer_is_refused_the_proposal(client, rubrics, make_proposal, make_assignment, make_user,
                                                     login):
    assignment = make_assignment(make_proposal(), blind=False)
    login(make_user(Role.REVIEWER))
    assert client.get(f"/proposals/{assignment.round.innovation_id}").status_code == 403
    assert client.get(f"/review/assignments/{assignment.id}").status_code == 403


def test_reopen_notice_in_a_blind_round_names_the_code_not_the_title(client, rubrics, make_proposal,
                                                                     make_assignment, make_user, login, switch_to):
    assignment = _reviewer_on(make_proposal, make_assignment, login, blind=True)
    rubric = rubrics[assignment.round.stage]
    client.post(f"/review/assignments/{assignment.id}", data=card(rubric, [3] * 7, recommendation="hold",
                                                                  action="submit"))
    version = assignment.review.version_id
    switch_to(make_user(Role.COORDINATOR))
    client.post(f"/review/assignments/{assignment.id}/reopen", data={"version_id": str(version)})
    notice = db.session.scalars(select(Notification).where(Notification.kind == "review.reopened")).one()
    assert notice.payload["title"] == f"PB-{assignment.round_id:05d}"
