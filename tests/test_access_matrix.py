"""Role × route access matrix: every route must be classified here, and every cell is checked.

A new route that is missing from ACCESS fails the suite, so nothing ships without a decided access rule.
"""
from __future__ import annotations

import pytest

from innolab.extensions import db
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
    db.session.commit()
    return {"unit_id": unit.id, "user_id": other.id, "token": "tidak-berlaku", "innovation_id": published.id}


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
