"""Role × route access matrix: every route must be classified here, and every cell is checked.

A new route that is missing from ACCESS fails the suite, so nothing ships without a decided access rule.
"""
from __future__ import annotations

import pytest

from innolab.evidence import storage
from innolab.extensions import db
from innolab.models import (
    Assignment,
    Comment,
    CommentVisibility,
    Evidence,
    EvidenceRequirement,
    Notification,
    Replication,
    ReviewRound,
)
from innolab.pipeline.stages import Stage
from innolab.proposals import services
from innolab.vocab import Role

ANON = "anonymous"
EVERYONE = frozenset({ANON, *Role})
SIGNED_IN = frozenset(Role)
ADMIN = frozenset({Role.ADMIN})

OWN = "own"  # the URL points at a draft of the signed-in principal; others' objects are tested in tests/proposals

# endpoint → (HTTP method used for the check, who may use it[, OWN])
ACCESS: dict[str, tuple] = {
    "main.index": ("GET", EVERYONE),
    "main.healthz": ("GET", EVERYONE),
    "main.set_language": ("POST", EVERYONE),
    "main.dashboard": ("GET", SIGNED_IN),
    "main.account": ("GET", SIGNED_IN),
    "auth.login": ("GET", EVERYONE),
    "auth.logout": ("POST", EVERYONE),
    "auth.forgot_password": ("GET", EVERYONE),
    "auth.reset_password": ("GET", EVERYONE),
    "auth.change_password": ("GET", SIGNED_IN),
    "proposals.mine": ("GET", frozenset({Role.INNOVATOR})),
    "proposals.create": ("GET", frozenset({Role.INNOVATOR})),
    "proposals.edit": ("GET", frozenset({Role.INNOVATOR}), OWN),
    "proposals.detail": ("GET", SIGNED_IN, OWN),
    "admin.users": ("GET", ADMIN),
    "admin.units": ("GET", ADMIN),
    "admin.audit_log": ("GET", ADMIN),
    "admin.user_new": ("GET", ADMIN),
    "admin.user_edit": ("GET", ADMIN),
    "admin.user_import": ("GET", ADMIN),
    "admin.user_deactivate": ("POST", ADMIN),
    "admin.user_reactivate": ("POST", ADMIN),
    "admin.unit_new": ("GET", ADMIN),
    "admin.unit_edit": ("GET", ADMIN),
    "admin.unit_import": ("GET", ADMIN),
    "admin.unit_delete": ("POST", ADMIN),
    "review.mine": ("GET", frozenset({Role.REVIEWER})),
    # The sample assignment is another reviewer's: nobody else may open or decline it (own ones: tests/review).
    "review.scorecard": ("GET", frozenset()),
    "review.decline": ("POST", frozenset()),
    "review.rubrics": ("GET", frozenset({Role.COORDINATOR})),
    "review.rubric_edit": ("GET", frozenset({Role.COORDINATOR})),
    "review.rubric_history": ("GET", frozenset({Role.COORDINATOR})),
    "review.scores": ("GET", frozenset({Role.COORDINATOR})),
    "review.reopen": ("POST", frozenset({Role.COORDINATOR})),
    "comments.index": ("GET", SIGNED_IN, OWN),
    "comments.create": ("POST", SIGNED_IN, OWN),
    "comments.release": ("POST", frozenset({Role.COORDINATOR})),
    "notifications.index": ("GET", SIGNED_IN),
    "notifications.unread": ("GET", SIGNED_IN),
    # The sample notification is another user's: nobody else may mark it read (own ones: tests/notifications).
    "notifications.mark_read": ("POST", frozenset()),
    "notifications.mark_all_read": ("POST", SIGNED_IN),
    "notifications.preferences": ("POST", SIGNED_IN),
    "proposals.withdraw": ("GET", frozenset({Role.INNOVATOR}), OWN),
    "proposals.team_members": ("GET", frozenset({Role.INNOVATOR}), OWN),
    "proposals.team_remove": ("POST", frozenset({Role.INNOVATOR}), OWN),
    "evidence.manage": ("GET", SIGNED_IN, OWN),
    "evidence.upload": ("POST", frozenset({Role.INNOVATOR}), OWN),
    "evidence.add_link": ("POST", frozenset({Role.INNOVATOR}), OWN),
    # The sample evidence is a file of another innovator's published proposal: all may read, none may delete.
    "evidence.download": ("GET", SIGNED_IN),
    "evidence.delete": ("POST", frozenset()),
    "evidence.checklists": ("GET", frozenset({Role.COORDINATOR})),
    "evidence.checklist_required": ("POST", frozenset({Role.COORDINATOR})),
    "evidence.checklist_move": ("POST", frozenset({Role.COORDINATOR})),
    "evidence.checklist_remove": ("POST", frozenset({Role.COORDINATOR})),
    # Lab desk: coordinators only; on the sample (a published draft, not theirs) the pages send them back politely.
    "lab.queue": ("GET", frozenset({Role.COORDINATOR})),
    "lab.screen": ("GET", frozenset({Role.COORDINATOR})),
    "lab.reviewers": ("GET", frozenset({Role.COORDINATOR})),
    "lab.unassign": ("POST", frozenset({Role.COORDINATOR})),
    "lab.decide": ("GET", frozenset({Role.COORDINATOR})),
    "lab.publish": ("POST", frozenset({Role.COORDINATOR})),
    # Catalogue and search: the sample is published, replicable and in piloting.
    "dashboard.lab": ("GET", frozenset({Role.COORDINATOR})),
    "dashboard.unit": ("GET", frozenset({Role.VIEWER})),
    "dashboard.report": ("GET", frozenset({Role.COORDINATOR})),
    "catalogue.index": ("GET", EVERYONE),
    "catalogue.detail": ("GET", EVERYONE),
    "catalogue.search": ("GET", SIGNED_IN),
    "catalogue.similar": ("GET", SIGNED_IN),
    "api.innovations": ("GET", EVERYONE),
    "api.innovation": ("GET", EVERYONE),
    "api.openapi": ("GET", EVERYONE),
    "replication.index": ("GET", frozenset({Role.VIEWER, Role.COORDINATOR})),
    "replication.register": ("GET", frozenset({Role.VIEWER})),
    # The sample replication is a third unit's: only coordinators (who see all) may open it.
    "replication.detail": ("GET", frozenset({Role.COORDINATOR})),
    # Import and export of innovations: import for the lab and admins; exports hold only what the user may see.
    "transfer.import_innovations": ("GET", frozenset({Role.COORDINATOR, Role.ADMIN})),
    "transfer.export_lab": ("GET", frozenset({Role.COORDINATOR})),
    "transfer.export_search": ("GET", SIGNED_IN),
    "transfer.export_catalogue": ("GET", SIGNED_IN),
    # Readiness (IID) self-assessment: the team (here the principal's own draft) and the lab; the rest is the lab's.
    "readiness.assess": ("GET", frozenset({Role.INNOVATOR, Role.COORDINATOR}), OWN),
    "readiness.region": ("GET", frozenset({Role.COORDINATOR})),
    "readiness.export_assessments": ("GET", frozenset({Role.COORDINATOR})),
    "readiness.indicators": ("GET", frozenset({Role.COORDINATOR})),
    "readiness.indicator_form": ("GET", frozenset({Role.COORDINATOR})),
    "readiness.indicator_move": ("POST", frozenset({Role.COORDINATOR})),
    "readiness.bands": ("POST", frozenset({Role.COORDINATOR})),
    "readiness.set_create": ("POST", frozenset({Role.COORDINATOR})),
}

# Routes served by libraries, not by us.
UNCLASSIFIED_OK = {"static", "bootstrap.static"}

PRINCIPALS = [ANON, *Role]


@pytest.fixture
def sample_objects(make_user, make_unit):
    """Objects that URL parameters can point at (a unit and another user)."""
    unit = make_unit()
    other = make_user(Role.INNOVATOR, unit=unit)
    published = services.create_draft(other, {"title": "Inovasi terbit"})
    published.published = True
    published.replicable = True
    published.stage = Stage.PILOTING
    replication = Replication(source=published, adopting_unit=make_unit(), contact="Lurah Uji")
    assignment = Assignment(round=ReviewRound(innovation=published, stage=published.stage),
                            reviewer=make_user(Role.REVIEWER, commit=False))
    db.session.add(assignment)
    note = Comment(innovation_id=published.id, body="Catatan internal", visibility=CommentVisibility.INTERNAL)
    notice = Notification(user_id=other.id, kind="comment.posted", innovation_id=published.id)
    db.session.add_all([note, notice, replication])
    stored = storage.store_bytes(b"%PDF-1.4 contoh")
    evidence = Evidence(innovation=published, stage=published.stage, kind="lainnya", stored_name=stored.stored_name,
                        original_name="contoh.pdf", mime=stored.filetype.mime, size=stored.size, sha256=stored.sha256)
    requirement = EvidenceRequirement(stage=published.stage, kind="lainnya")
    db.session.add_all([evidence, requirement])
    db.session.commit()
    return {"unit_id": unit.id, "user_id": other.id, "token": "tidak-berlaku", "innovation_id": published.id,
            "assignment_id": assignment.id, "stage": published.stage.value, "comment_id": note.id,
            "notification_id": notice.id, "evidence_id": evidence.id, "requirement_id": requirement.id,
            "replication_id": replication.id}


def test_every_route_is_classified(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - UNCLASSIFIED_OK
    missing = sorted(endpoints - ACCESS.keys())
    stale = sorted(ACCESS.keys() - endpoints)
    assert not missing, f"routes without an access rule: {missing}"
    assert not stale, f"access rules for routes that no longer exist: {stale}"


def _url_for(app, endpoint: str, objects: dict) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **{name: objects[name] for name in rule.arguments})


@pytest.mark.parametrize("principal", PRINCIPALS, ids=str)
@pytest.mark.parametrize("endpoint", sorted(ACCESS))
def test_access_cell(app, client, login_as, sample_objects, endpoint, principal):
    method, allowed, *scope = ACCESS[endpoint]
    objects = dict(sample_objects)
    if principal != ANON:
        user = login_as(principal)
        if scope == [OWN]:
            objects["innovation_id"] = services.create_draft(user, {"title": "Draf sendiri"}).id
            db.session.commit()
    url = _url_for(app, endpoint, objects)
    response = client.open(url, method=method)
    response.close()  # a streamed file download holds its file open until closed
    location = response.headers.get("Location", "")
    if principal in allowed:
        assert response.status_code < 400, f"{principal} should reach {endpoint}, got {response.status_code}"
        assert "/login?next=" not in location
    elif principal == ANON:
        assert response.status_code == 302 and location.startswith("/login?next="), (
            f"a visitor should be sent to the login page from {endpoint}"
        )
    else:
        assert response.status_code == 403, f"{principal} must be refused {endpoint}, got {response.status_code}"
