"""ASVS V3.5 / CSRF: every state-changing route refuses a request without the session's token, and writes nothing.

The routes are read from app.url_map, so a new POST route is covered the day it is added; a route may skip the check
only by being listed in EXEMPT with its reason (there are none: the JSON API is read-only).
"""
from __future__ import annotations

from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Comment
from innolab.proposals import services
from innolab.vocab import Role
from tests.security.conftest import changed_tables, csrf_token, snapshot
from tests.test_access_matrix import ACCESS, OWN, _url_for

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# endpoint → why it may change state without a CSRF token. Keep it empty unless there is no other way.
EXEMPT: dict[str, str] = {}
CSRF_PAGE = "Sesi formulir kedaluwarsa"
# Plausible values for every form, so that the same request with a token would really act.
FORM = {
    "title": "Judul diubah", "summary": "Ringkasan diubah", "reason": "Alasan uji", "body": "Komentar uji",
    "move": "hold", "lang": "en", "next": "/", "published": "y", "replicable": "y", "required": "1",
    "direction": "up", "note": "Catatan uji", "contact": "Lurah Uji", "email": "baru@kota-uji.go.id",
    "name": "Nama Baru", "code": "U-BARU", "kind": "opd", "roles": "viewer", "is_active": "y",
    "identifier": "tidak-ada@kota-uji.go.id", "password": "Hujan-Sore-Di-Alun-Alun-7",
    "confirm": "Hujan-Sore-Di-Alun-Alun-7", "current_password": "x", "new_password": "Hujan-Sore-Di-Alun-Alun-7",
    "version_id": "1", "comment-body": "Komentar uji", "comment-visibility": "participants",
    "link-kind": "lainnya", "link-url": "https://video.example/a",
    "status": "interested",
}


def _state_changing_routes(app) -> list[tuple[str, str]]:
    """(endpoint, method) of every rule that accepts a state-changing method, logout last (it ends the session)."""
    found = {(rule.endpoint, method) for rule in app.url_map.iter_rules() for method in rule.methods & STATE_CHANGING}
    return sorted(found, key=lambda item: (item[0] == "auth.logout", item))


def _urls(app, user, objects) -> dict[str, str]:
    own = dict(objects, innovation_id=services.create_draft(user, {"title": "Draf sendiri"}).id)
    db.session.commit()
    urls = {}
    for endpoint, _method in _state_changing_routes(app):
        scope = ACCESS.get(endpoint, ())[2:]
        urls[endpoint] = _url_for(app, endpoint, own if scope == (OWN,) else objects)
    return urls


def test_no_view_or_blueprint_is_exempt(app):
    csrf = app.extensions["csrf"]
    assert set(csrf._exempt_views) == set(EXEMPT)
    assert set(csrf._exempt_blueprints) == set()
    assert app.config.get("WTF_CSRF_CHECK_DEFAULT", True) is True
    assert STATE_CHANGING <= set(app.config.get("WTF_CSRF_METHODS") or STATE_CHANGING)


def test_the_json_api_changes_nothing(app):
    api = [(rule.rule, rule.methods) for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")]
    assert api, "no API routes found"
    assert all(not methods & STATE_CHANGING for _rule, methods in api), api


def test_every_state_changing_route_refuses_a_missing_or_foreign_token(app, csrf_app, client, make_user, csrf_login,
                                                                     sample_objects):
    routes = _state_changing_routes(app)
    assert len(routes) >= 30, routes  # the enumeration really found the app's forms
    # One person holding every role, so that no refusal below comes from the permission rules.
    user = csrf_login(make_user(*Role))
    urls = _urls(app, user, sample_objects)
    foreign = csrf_token(app.test_client())  # a valid token, but of someone else's session
    failures = []
    for endpoint, method in routes:
        if endpoint in EXEMPT:
            continue
        for label, extra in (("no token", {}), ("foreign token", {"csrf_token": foreign})):
            before = snapshot()
            response = client.open(urls[endpoint], method=method, data=FORM | extra)
            html = response.get_data(as_text=True)
            changed = changed_tables(before, snapshot())
            if response.status_code != 400 or CSRF_PAGE not in html or changed:
                failures.append(f"{method} {urls[endpoint]} ({endpoint}, {label}): {response.status_code}, "
                                f"changed {changed}")
    assert not failures, "state changes accepted without the session's CSRF token:\n" + "\n".join(failures)


def test_with_the_sessions_token_the_same_requests_get_through(app, csrf_app, client, make_user, csrf_login,
                                                              sample_objects):
    """The control for the test above: its 400s came from the CSRF check, not from the requests themselves."""
    user = csrf_login(make_user(*Role))
    urls = _urls(app, user, sample_objects)
    blocked = []
    for endpoint, method in _state_changing_routes(app):
        response = client.open(urls[endpoint], method=method, data=FORM | {"csrf_token": csrf_token(client)})
        if CSRF_PAGE in response.get_data(as_text=True):
            blocked.append(endpoint)
    assert not blocked, f"refused even with the session's token: {blocked}"
    own = db.session.scalar(select(Comment).where(Comment.author_id == user.id))
    assert own is not None and own.body == "Komentar uji"  # e.g. the comment really was posted
