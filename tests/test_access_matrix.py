"""Role × route access matrix: every route must be classified here, and every cell is checked.

A new route that is missing from ACCESS fails the suite, so nothing ships without a decided access rule.
"""
from __future__ import annotations

import pytest

from innolab.vocab import Role

ANON = "anonymous"
EVERYONE = frozenset({ANON, *Role})
SIGNED_IN = frozenset(Role)
ADMIN = frozenset({Role.ADMIN})

# endpoint → (HTTP method used for the check, who may use it)
ACCESS: dict[str, tuple[str, frozenset]] = {
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
    "admin.users": ("GET", ADMIN),
    "admin.units": ("GET", ADMIN),
    "admin.audit_log": ("GET", ADMIN),
}

# Routes served by libraries, not by us.
UNCLASSIFIED_OK = {"static", "bootstrap.static"}

PRINCIPALS = [ANON, *Role]


@pytest.fixture
def sample_objects(make_user, make_unit):
    """Objects that URL parameters can point at (a unit and another user)."""
    unit = make_unit()
    other = make_user(Role.INNOVATOR, unit=unit)
    return {"unit_id": unit.id, "user_id": other.id, "token": "tidak-berlaku"}


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
    method, allowed = ACCESS[endpoint]
    if principal != ANON:
        login_as(principal)
    url = _url_for(app, endpoint, sample_objects)
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
