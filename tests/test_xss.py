"""Script typed into any field comes out as text on every page that shows it, whoever looks."""
from __future__ import annotations

import pytest

from innolab.extensions import db
from innolab.models import (
    Assignment,
    AssignmentStatus,
    Comment,
    CommentVisibility,
    Evidence,
    InnovationMember,
    Recommendation,
    Replication,
    ReplicationUpdate,
    Review,
    ReviewRound,
    Score,
)
from innolab.models.types import utcnow
from innolab.pipeline.defaults import ensure_reference_data
from innolab.pipeline.stages import Stage
from innolab.pipeline.transitions import Move
from innolab.proposals import services
from innolab.review.rubrics import current_rubric
from innolab.vocab import ReplicationStatus, Role

PAYLOAD = '"><script>alert("xss")</script><img src=x onerror=alert(1)>'
RAW_MARKERS = ('<script>alert(', "<img src=x onerror")
TEXT_FIELDS = ("title", "summary", "background", "goals", "novelty", "implementation", "significance",
               "adaptability", "resources", "sustainability", "beneficiaries")


@pytest.fixture
def hostile(make_user, make_unit):
    """A proposal in review whose every piece of typed text is a script: fields, names, notes, comments."""
    ensure_reference_data()
    unit = make_unit(name=PAYLOAD)
    owner = make_user(Role.INNOVATOR, unit=unit, name=PAYLOAD)
    member = make_user(Role.INNOVATOR, unit=unit, name=PAYLOAD + " 2")
    coordinator = make_user(Role.COORDINATOR, name=PAYLOAD + " koordinator")
    reviewer = make_user(Role.REVIEWER, name=PAYLOAD + " penilai")
    values = {field: f"{PAYLOAD} {field}" for field in TEXT_FIELDS} | {
        "innovation_type": "digital", "form": "pelayanan_publik", "affair": "kesehatan", "tags": [PAYLOAD]}
    innovation = services.create_draft(owner, values)
    innovation.members.append(InnovationMember(user_id=member.id, role_in_team=PAYLOAD))
    services.submit_proposal(innovation, owner, reason=PAYLOAD)
    services.apply_move(innovation, coordinator, Move.START_REVIEW, PAYLOAD)
    rubric = current_rubric(Stage.IDEATION)
    assignment = Assignment(round=ReviewRound(innovation=innovation, stage=Stage.IDEATION), reviewer=reviewer,
                            status=AssignmentStatus.SUBMITTED)
    db.session.add_all([
        assignment,
        Review(assignment=assignment, rubric=rubric, recommendation=Recommendation.ADVANCE, overall_note=PAYLOAD,
               submitted_at=utcnow(), scores=[Score(criterion_id=c.id, value=4, note=PAYLOAD) for c in rubric.criteria]),
        Evidence(innovation=innovation, stage=Stage.IDEATION, kind="video", title=PAYLOAD,
                 link_url="https://video.example/watch?v=1&x=%22%3E%3Cscript%3E", uploaded_by_id=owner.id),
        Comment(innovation_id=innovation.id, author_id=owner.id, body=PAYLOAD),
        Comment(innovation_id=innovation.id, author_id=reviewer.id, body=PAYLOAD + " internal",
                visibility=CommentVisibility.INTERNAL, released=True),
    ])
    db.session.commit()
    return {"innovation": innovation, "owner": owner, "coordinator": coordinator, "reviewer": reviewer,
            "assignment": assignment}


def _assert_escaped(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    html = response.get_data(as_text=True)
    for marker in RAW_MARKERS:
        assert marker not in html, f"unescaped script on {path}"
    assert "&lt;script&gt;" in html, f"{path} does not show the typed text at all"


def test_owner_pages(client, login, hostile):
    login(hostile["owner"])
    innovation_id = hostile["innovation"].id
    for path in ("/proposals/", f"/proposals/{innovation_id}", f"/proposals/{innovation_id}/evidence",
                 f"/proposals/{innovation_id}/comments", "/notifications/", "/dashboard", "/account"):
        _assert_escaped(client, path)


def test_coordinator_pages(client, login, hostile):
    login(hostile["coordinator"])
    innovation_id = hostile["innovation"].id
    for path in ("/lab/?status=all", f"/lab/{innovation_id}/reviewers", f"/lab/{innovation_id}/decide",
                 f"/review/innovations/{innovation_id}/scores", f"/proposals/{innovation_id}",
                 f"/proposals/{innovation_id}/comments", "/notifications/"):
        _assert_escaped(client, path)


def test_reviewer_pages(client, login, hostile):
    login(hostile["reviewer"])
    for path in ("/review/", f"/review/assignments/{hostile['assignment'].id}",
                 f"/proposals/{hostile['innovation'].id}"):
        _assert_escaped(client, path)


def test_admin_pages(client, login_as, hostile):
    login_as(Role.ADMIN)
    for path in ("/admin/users", "/admin/units", f"/admin/users/{hostile['owner'].id}/edit"):
        _assert_escaped(client, path)


def test_catalogue_search_api_and_replication_pages(client, login, switch_to, make_user, hostile):
    innovation = hostile["innovation"]
    innovation.published, innovation.replicable, innovation.stage = True, True, Stage.PILOTING
    lurah = make_user(Role.VIEWER, name=PAYLOAD + " lurah")
    replication = Replication(source=innovation, adopting_unit=lurah.unit, registered_by=lurah, contact=PAYLOAD,
                              plan=PAYLOAD, notes=PAYLOAD)
    replication.updates.append(ReplicationUpdate(actor=lurah, to_status=ReplicationStatus.INTERESTED, note=PAYLOAD))
    db.session.add(replication)
    db.session.commit()
    for path in ("/catalogue", "/catalogue?q=script", f"/catalogue/{innovation.id}"):
        _assert_escaped(client, path)
    login(lurah)
    for path in ("/search?q=alert", "/replications/", f"/replications/{replication.id}"):
        _assert_escaped(client, path)
    switch_to(make_user(Role.VIEWER))  # a unit not replicating it yet may register
    _assert_escaped(client, f"/replications/new/{innovation.id}")
    login(lurah)
    # JSON is data, never rendered as HTML: the browser may not sniff it, and the form's script uses textContent.
    similar = client.get("/search/similar?title=script+alert")
    assert similar.mimetype == "application/json" and similar.headers["X-Content-Type-Options"] == "nosniff"
    assert similar.get_json()["items"][0]["title"].startswith('"><script>')
