"""Assigning reviewers: eligibility (refused even when posted directly), workload, notifications, removal."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.lab.assignments import assign_reviewers
from innolab.models import Assignment, AssignmentStatus, Review, ReviewRound
from innolab.vocab import Role
from tests.lab.conftest import count, notices


def post_assign(client, innovation, *reviewers, due=None):
    due_on = due if due is not None else (date.today() + timedelta(days=10)).isoformat()
    return client.post(f"/lab/{innovation.id}/reviewers",
                       data={"reviewers": [str(r.id) for r in reviewers], "due_on": due_on})


@pytest.fixture
def cast(make_in_review, make_reviewer, make_user, make_unit):
    """A proposal in review and one person for each eligibility rule (owner and member also hold the reviewer role)."""
    innovation, round_ = make_in_review()
    owner, member = innovation.owner, innovation.members[0].user
    owner.roles = {Role.INNOVATOR, Role.REVIEWER}
    member.roles = {Role.INNOVATOR, Role.REVIEWER}
    db.session.commit()
    return {
        "innovation": innovation, "round": round_,
        "eligible": make_reviewer(name="Rina Penilai Bappeda"),
        "busy": make_reviewer(name="Yudi Penilai Sibuk"),
        "owner": owner, "member": member,
        "same_unit": make_reviewer(unit=innovation.unit, name="Dewi Sekantor"),
        "not_reviewer": make_user(Role.INNOVATOR, unit=make_unit(), name="Agus Bukan Penilai"),
        "inactive": _inactive(make_reviewer(name="Joko Nonaktif")),
    }


def _inactive(user):
    user.is_active = False
    db.session.commit()
    return user


def test_only_eligible_reviewers_are_offered_with_their_workload(client, coordinator, cast, make_in_review, assign):
    _other, other_round = make_in_review("Usulan Lain")
    assign(other_round, reviewer=cast["busy"])
    html = client.get(f"/lab/{cast['innovation'].id}/reviewers").get_data(as_text=True)
    rows = re.findall(r'<tr data-testid="candidate-row">(.*?)</tr>', html, re.S)
    offered = {name for row in rows for name in re.findall(r'<label[^>]*>([^<]+)</label>', row)}
    assert {"Rina Penilai Bappeda", "Yudi Penilai Sibuk"} <= offered
    for key in ("owner", "member", "same_unit", "not_reviewer", "inactive"):
        assert cast[key].name not in offered, key
    workload = {re.search(r"<label[^>]*>([^<]+)</label>", row).group(1):
                int(re.search(r'data-testid="workload">(\d+)<', row).group(1)) for row in rows}
    assert workload["Yudi Penilai Sibuk"] == 1 and workload["Rina Penilai Bappeda"] == 0
    assert list(workload).index("Rina Penilai Bappeda") < list(workload).index("Yudi Penilai Sibuk")
    default_due = (date.today() + timedelta(days=14)).isoformat()
    assert f'value="{default_due}"' in html


@pytest.mark.parametrize(("key", "why"), [
    ("owner", "pengusul inovasi ini"), ("member", "anggota tim inovasi ini"),
    ("same_unit", "berasal dari unit kerja pengusul"), ("not_reviewer", "bukan penilai"),
    ("inactive", "akunnya nonaktif"),
])
def test_ineligible_reviewers_are_refused_even_when_posted_directly(client, coordinator, cast, key, why):
    response = post_assign(client, cast["innovation"], cast["eligible"], cast[key])
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"{cast[key].name} tidak dapat ditugaskan: {why}." in html and 'id="reviewers-error"' in html
    assert count(Assignment) == 0 and notices("review.assigned") == []  # all or nothing


def test_an_unknown_reviewer_id_is_refused(client, coordinator, cast):
    response = client.post(f"/lab/{cast['innovation'].id}/reviewers",
                           data={"reviewers": ["999999"], "due_on": date.today().isoformat()})
    assert response.status_code == 422 and "Penilai tidak ditemukan." in response.get_data(as_text=True)
    assert count(Assignment) == 0


def test_assigning_two_creates_assignments_and_notifies_each(client, coordinator, cast, make_reviewer):
    second = make_reviewer(name="Sari Penilai Dinkominfo")
    due = date.today() + timedelta(days=10)
    response = post_assign(client, cast["innovation"], cast["eligible"], second, due=due.isoformat())
    assert response.status_code == 302
    made = db.session.scalars(select(Assignment).order_by(Assignment.id)).all()
    assert [(a.reviewer_id, a.due_on, a.status, a.assigned_by_id, a.round_id) for a in made] == [
        (cast["eligible"].id, due, AssignmentStatus.PENDING, coordinator.id, cast["round"].id),
        (second.id, due, AssignmentStatus.PENDING, coordinator.id, cast["round"].id)]
    sent = notices("review.assigned")
    assert [n.user_id for n in sent] == [cast["eligible"].id, second.id]
    assert sent[0].payload["due"] == due.isoformat() and sent[0].url == f"/review/assignments/{made[0].id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 penilai ditugaskan" in page and page.count('data-testid="assignment-row"') == 2


def test_a_reviewer_already_in_the_round_is_not_duplicated(client, coordinator, cast):
    post_assign(client, cast["innovation"], cast["eligible"])
    again = post_assign(client, cast["innovation"], cast["eligible"])
    assert again.status_code == 302
    assert count(Assignment) == 1 and len(notices("review.assigned")) == 1


@pytest.mark.parametrize(("due", "message"), [
    ("", "Tenggat penilaian wajib diisi."),
    ((date.today() - timedelta(days=1)).isoformat(), "Tenggat penilaian tidak boleh sebelum hari ini."),
])
def test_a_due_date_today_or_later_is_required(client, coordinator, cast, due, message):
    response = post_assign(client, cast["innovation"], cast["eligible"], due=due)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html and 'id="due_on-error"' in html
    assert count(Assignment) == 0


def test_choosing_nobody_is_refused(client, coordinator, cast):
    response = post_assign(client, cast["innovation"])
    assert response.status_code == 422 and "Pilih sedikitnya satu penilai." in response.get_data(as_text=True)


def test_the_service_refuses_a_closed_round(cast, lab_actor):
    round_ = cast["round"]
    round_.closed_at = round_.opened_at
    db.session.commit()
    with pytest.raises(DomainError):
        assign_reviewers(round_, [cast["eligible"]], date.today(), lab_actor)
    assert count(Assignment) == 0


def test_statuses_and_decline_reasons_are_shown(client, coordinator, cast, assign, submit_review):
    declined = assign(cast["round"])
    declined.status, declined.decline_reason = AssignmentStatus.DECLINED, "Saya narasumber usulan ini."
    submit_review(assign(cast["round"]))
    assign(cast["round"])
    db.session.commit()
    html = client.get(f"/lab/{cast['innovation'].id}/reviewers").get_data(as_text=True)
    for text in ("Ditolak penilai", "Alasan: Saya narasumber usulan ini.", "Sudah dikirim", "Belum dikirim"):
        assert text in html
    assert html.count(">Hapus<") == 2  # the submitted one cannot be removed


def test_removing_a_pending_assignment_and_its_unsent_draft(client, coordinator, cast, assign, rubric):
    assignment = assign(cast["round"])
    db.session.add(Review(assignment=assignment, rubric=rubric[cast["round"].stage]))
    db.session.commit()
    response = client.post(f"/lab/{cast['innovation'].id}/reviewers/remove", data={"assignment_id": assignment.id})
    assert response.status_code == 302
    assert count(Assignment) == 0 and count(Review) == 0


def test_a_submitted_review_cannot_be_removed(client, coordinator, cast, assign, submit_review):
    assignment = assign(cast["round"])
    submit_review(assignment)
    response = client.post(f"/lab/{cast['innovation'].id}/reviewers/remove", data={"assignment_id": assignment.id})
    assert response.status_code == 302
    assert count(Assignment) == 1 and count(Review) == 1
    assert "sudah dikirim tidak dapat dihapus" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_an_assignment_of_another_proposal_is_not_removed_through_this_one(client, coordinator, cast,
                                                                          make_in_review, assign):
    _other, other_round = make_in_review("Usulan Lain")
    foreign = assign(other_round)
    client.post(f"/lab/{cast['innovation'].id}/reviewers/remove", data={"assignment_id": foreign.id})
    assert count(Assignment) == 1


def test_no_assigning_outside_review(client, coordinator, make_submitted):
    innovation = make_submitted()
    response = client.get(f"/lab/{innovation.id}/reviewers")
    assert response.status_code == 302 and count(ReviewRound) == 0
