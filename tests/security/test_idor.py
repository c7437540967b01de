"""ASVS V8.2 (object-level authorization, IDOR): an id in a URL opens nothing that is not the caller's.

The sweep walks app.url_map: every route taking the id of a draft, its evidence, a comment, a reviewer's assignment,
a unit's replication or a notification is requested (GET and POST) by a person of every role from the same unit
as the owner. Each gets 403 or 404, the typed content never shows, and a POST writes nothing. The role × route
matrix (tests/test_access_matrix.py) covers the principal's own drafts; these are somebody else's.
"""
from __future__ import annotations

import io
import re

import pytest
from werkzeug.datastructures import FileStorage

from innolab.evidence import services as evidence_services
from innolab.extensions import db
from innolab.models import Assignment, Comment, Notification, Replication, ReviewRound
from innolab.pipeline.defaults import ensure_reference_data
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.vocab import Role
from tests.evidence.samples import PDF
from tests.security.conftest import changed_tables, snapshot

SECRET = "Zebrakuantum"  # a word found nowhere else, in everything the owners typed
OBJECT_ARGS = {"innovation_id", "evidence_id", "comment_id", "user_id", "assignment_id", "replication_id",
               "notification_id"}
# Deliberate exceptions, each with its reason: (endpoint, method, role) → statuses the role may get.
ALLOWED = {
    ("replication.detail", "GET", Role.COORDINATOR): {200},  # the lab follows every replication (replication.view)
    # The lab reopens any submitted review of a proposal in review (here: refused with a message, as it is unsent).
    ("review.reopen", "POST", Role.COORDINATOR): {302},
}


@pytest.fixture
def victims(make_user, make_unit):
    """Objects of other people, each carrying SECRET: a private draft with a file and a comment, an assignment of
    another reviewer, a replication of another unit, and a notification of the draft's owner."""
    ensure_reference_data()
    unit = make_unit("Dinas Kesehatan")
    owner = make_user(Role.INNOVATOR, unit=unit, name="Pemilik Draf")
    draft = services.create_draft(owner, {"title": f"Draf {SECRET}", "summary": f"Ringkasan {SECRET}",
                                          "background": f"Latar {SECRET}"})
    evidence = evidence_services.add_file(draft, owner, "lainnya", f"Bukti {SECRET}",
                                          FileStorage(io.BytesIO(PDF), filename=f"{SECRET}.pdf"))
    comment = Comment(innovation_id=draft.id, author_id=owner.id, body=f"Komentar {SECRET}")
    notice = Notification(user_id=owner.id, kind="comment.posted", innovation_id=draft.id,
                          payload={"title": f"Draf {SECRET}"})
    # Another reviewer's assignment on a proposal in review, and another unit's replication of a published one.
    reviewed = services.create_draft(owner, {"title": f"Dinilai {SECRET}"})
    reviewed.status = Status.IN_REVIEW
    assignment = Assignment(round=ReviewRound(innovation=reviewed, stage=Stage.IDEATION),
                            reviewer=make_user(Role.REVIEWER, name="Penilai Lain", commit=False))
    published = services.create_draft(owner, {"title": "Inovasi Terbit"})
    published.published, published.replicable = True, True
    published.stage, published.status = Stage.SCALING, Status.ACTIVE
    lurah = make_user(Role.VIEWER, unit=make_unit("Kelurahan Lain"), commit=False)
    replication = Replication(source=published, adopting_unit=lurah.unit, registered_by=lurah,
                              contact=f"Narahubung {SECRET}", plan=f"Rencana {SECRET}")
    db.session.add_all([comment, notice, assignment, replication])
    db.session.commit()
    return {"unit": unit, "owner": owner, "draft": draft,
            "ids": {"innovation_id": draft.id, "evidence_id": evidence.id, "comment_id": comment.id,
                    "user_id": owner.id, "assignment_id": assignment.id, "replication_id": replication.id,
                    "notification_id": notice.id}}


def _object_routes(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) of every route whose URL names one of the objects, filled with the victims' ids."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.arguments or not rule.arguments <= OBJECT_ARGS:
            continue
        if "user_id" in rule.arguments and "innovation_id" not in rule.arguments:
            continue  # /admin/users/<id>: an admin's tool over every account, not an object someone owns
        for method in sorted(rule.methods & {"GET", "POST"}):
            routes.append((rule.endpoint, method, rule.rule))
    return routes


def _url(rule: str, ids: dict) -> str:
    for name, value in ids.items():
        rule = rule.replace(f"<int:{name}>", str(value))
    return rule


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_nobody_else_reaches_anothers_objects_by_id(app, client, login_as, victims, role):
    routes = _object_routes(app)
    assert len(routes) >= 25, routes
    login_as(role, unit=victims["unit"])  # the same unit as the owner: a colleague, not a stranger
    failures = []
    for endpoint, method, rule in routes:
        url = _url(rule, victims["ids"])
        before = snapshot() if method == "POST" else None
        response = client.open(url, method=method, data={"title": "diubah", "reason": "x", "body": "x"})
        body = response.get_data(as_text=True)
        response.close()
        expected = ALLOWED.get((endpoint, method, role), {403, 404})
        if response.status_code not in expected:
            failures.append(f"{method} {url} ({endpoint}): {response.status_code}")
        elif SECRET in body and (endpoint, method, role) not in ALLOWED:
            failures.append(f"{method} {url} ({endpoint}): refused, but shows the owner's text")
        if before is not None and changed_tables(before, snapshot()):
            failures.append(f"{method} {url} ({endpoint}): wrote {changed_tables(before, snapshot())}")
    assert not failures, f"{role} reached others' objects:\n" + "\n".join(failures)


def test_the_owner_reaches_the_same_urls(client, login, victims):
    """The control: the sweep's ids are real, and their owner is let in."""
    login(victims["owner"])
    ids = victims["ids"]
    for path in (f"/proposals/{ids['innovation_id']}", f"/proposals/{ids['innovation_id']}/edit",
                 f"/proposals/{ids['innovation_id']}/evidence", f"/api/v1/innovations/{ids['innovation_id']}",
                 f"/search?q={SECRET}"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert f"Draf {SECRET}" in shown_text(response), path
    download = client.get(f"/proposals/{ids['innovation_id']}/evidence/{ids['evidence_id']}/download")
    download.close()
    assert download.status_code == 200 and SECRET in download.headers["Content-Disposition"]


def shown_text(response) -> str:
    """What a reader sees: the body without markup (search highlights split the words with <mark> tags)."""
    return re.sub(r"<[^>]+>", "", response.get_data(as_text=True))


def test_an_id_of_another_proposals_object_under_ones_own_proposal_is_not_found(client, login_as, victims):
    intruder = login_as(Role.INNOVATOR, unit=victims["unit"])
    own = services.create_draft(intruder, {"title": "Draf sendiri"})
    db.session.commit()
    ids = victims["ids"]
    before = snapshot()
    for method, path in (
        ("GET", f"/proposals/{own.id}/evidence/{ids['evidence_id']}/download"),
        ("POST", f"/proposals/{own.id}/evidence/{ids['evidence_id']}/delete"),
        ("POST", f"/proposals/{own.id}/comments/{ids['comment_id']}/release"),
    ):
        response = client.open(path, method=method)
        assert response.status_code in (403, 404), path
        assert SECRET not in response.get_data(as_text=True)
        response.close()
    # Removing the other proposal's owner "from" one's own team removes nobody.
    client.post(f"/proposals/{own.id}/team/{ids['user_id']}/remove")
    assert changed_tables(before, snapshot()) == []


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_search_api_exports_and_suggestions_never_list_anothers_draft(client, login_as, victims, role):
    login_as(role, unit=victims["unit"])
    for path in (f"/search?q={SECRET}", f"/api/v1/innovations?q={SECRET}", f"/catalogue?q={SECRET}",
                 f"/transfer/export/search?q={SECRET}&format=csv", f"/search/similar?title={SECRET}+{SECRET}"):
        response = client.get(path)
        assert response.status_code in (200, 403), path
        text = shown_text(response)  # the query itself is echoed in the search box: look for the draft's own text
        assert f"Draf {SECRET}" not in text and f"Ringkasan {SECRET}" not in text, f"{role} finds it via {path}"
    api = client.get(f"/api/v1/innovations/{victims['draft'].id}")
    assert api.status_code == 404 and api.mimetype == "application/problem+json"
    assert SECRET not in api.get_data(as_text=True)


def test_a_visitor_gets_nothing_either(client, victims):
    for path in (f"/api/v1/innovations/{victims['draft'].id}", f"/catalogue/{victims['draft'].id}",
                 f"/api/v1/innovations?q={SECRET}", f"/catalogue?q={SECRET}"):
        text = shown_text(client.get(path))
        assert f"Draf {SECRET}" not in text and f"Ringkasan {SECRET}" not in text, path
