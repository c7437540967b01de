"""Only coordinators use the lab desk, never on their own team's proposal; refusals change nothing; POSTs need CSRF."""
import re
from datetime import date, timedelta

import pytest

from innolab.extensions import db
from innolab.models import Assignment, AuditLog, Innovation, InnovationMember, Notification, ReviewRound, StageEvent
from innolab.proposals import services
from innolab.vocab import Role
from tests.lab.conftest import count

NON_COORDINATORS = [Role.INNOVATOR, Role.REVIEWER, Role.VIEWER, Role.ADMIN]


def snapshot(innovation_id):
    db.session.expire_all()
    innovation = db.session.get(Innovation, innovation_id)
    return (innovation.stage, innovation.status, innovation.published, innovation.version_id,
            *(count(model) for model in (StageEvent, ReviewRound, Assignment, Notification, AuditLog)))


def requests_for(submitted, reviewing, assignment, reviewer):
    """Every lab route, as GET and as the POST that would change something, on objects where it could."""
    due = (date.today() + timedelta(days=7)).isoformat()
    return [
        ("GET", "/lab/", {}),
        ("GET", f"/lab/{submitted.id}/screen", {}),
        ("POST", f"/lab/{submitted.id}/screen", {"version_id": submitted.version_id, "pass_review": "1"}),
        ("POST", f"/lab/{submitted.id}/screen", {"version_id": submitted.version_id, "send_back": "1",
                                                 "reason": "Kurang lengkap"}),
        ("GET", f"/lab/{reviewing.id}/reviewers", {}),
        ("POST", f"/lab/{reviewing.id}/reviewers", {"reviewers": [str(reviewer.id)], "due_on": due}),
        ("POST", f"/lab/{reviewing.id}/reviewers/remove", {"assignment_id": assignment.id}),
        ("GET", f"/lab/{reviewing.id}/decide", {}),
        ("POST", f"/lab/{reviewing.id}/decide", {"version_id": reviewing.version_id, "move": "hold",
                                                 "reason": "Tunda"}),
        ("POST", f"/lab/{reviewing.id}/publish", {"version_id": reviewing.version_id, "published": "y"}),
    ]


@pytest.fixture
def objects(make_submitted, make_in_review, assign, make_reviewer):
    submitted = make_submitted("Menunggu Seleksi")
    reviewing, round_ = make_in_review("Sedang Dinilai")
    assignment = assign(round_)
    return submitted, reviewing, assignment, make_reviewer()


@pytest.mark.parametrize("role", NON_COORDINATORS, ids=str)
def test_everyone_but_coordinators_is_refused_and_nothing_changes(client, login_as, objects, role):
    login_as(role)
    submitted, reviewing, *_ = objects
    before = snapshot(submitted.id), snapshot(reviewing.id)
    for method, url, data in requests_for(*objects):
        assert client.open(url, method=method, data=data).status_code == 403, (method, url)
    assert (snapshot(submitted.id), snapshot(reviewing.id)) == before


def test_a_coordinator_on_the_team_may_not_steer_their_own_proposal(client, login, make_user, objects):
    submitted, reviewing, *_ = objects
    me = make_user(Role.COORDINATOR, Role.INNOVATOR)
    for innovation in (submitted, reviewing):
        innovation.members.append(InnovationMember(user_id=me.id))
    db.session.commit()
    login(me)
    before = snapshot(submitted.id), snapshot(reviewing.id)
    for method, url, data in requests_for(*objects)[1:]:
        assert client.open(url, method=method, data=data).status_code == 403, (method, url)
    assert (snapshot(submitted.id), snapshot(reviewing.id)) == before
    assert 'data-testid="lab-panel"' not in client.get(f"/proposals/{submitted.id}").get_data(as_text=True)


def test_a_private_draft_is_out_of_the_labs_reach(client, coordinator, make_user):
    draft = services.create_draft(make_user(Role.INNOVATOR), {"title": "Draf Pribadi"})
    db.session.commit()
    for url in (f"/lab/{draft.id}/screen", f"/lab/{draft.id}/decide", f"/lab/{draft.id}/reviewers"):
        assert client.get(url).status_code == 403, url


def test_unknown_proposals_are_not_found(client, coordinator):
    assert client.get("/lab/999999/decide").status_code == 404


def test_state_changes_need_the_csrf_token(client, coordinator, objects, request):
    request.getfixturevalue("csrf_app")  # switched on only now: the coordinator signed in through the form above
    submitted, reviewing, *_ = objects
    before = snapshot(submitted.id), snapshot(reviewing.id)
    for method, url, data in requests_for(*objects):
        if method == "POST":
            assert client.post(url, data=data).status_code == 400, url
    assert (snapshot(submitted.id), snapshot(reviewing.id)) == before
    page = client.get(f"/lab/{reviewing.id}/reviewers").get_data(as_text=True)
    assert re.search(rf'action="/lab/{reviewing.id}/reviewers/remove"[^>]*>\s*<input type="hidden" name="csrf_token"',
                     page)


def test_the_menu_offers_the_desk_to_coordinators_only(client, login_as):
    login_as(Role.INNOVATOR, Role.REVIEWER)
    assert ">Meja lab<" not in client.get("/dashboard").get_data(as_text=True)
    client.post("/logout")
    login_as(Role.COORDINATOR)
    assert ">Meja lab<" in client.get("/dashboard").get_data(as_text=True)
