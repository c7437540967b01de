"""Security-suite fixtures: database snapshots, CSRF-aware sign-in, field errors, and the pipeline's states.

The lab fixtures (a coordinator, submitted and reviewed proposals, reviewers), the review fixtures (a signed-in
reviewer with an assignment) and the access matrix's sample objects are imported rather than copied, so these
tests exercise the same states as the suites they come from.
"""
from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from innolab.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.lab.conftest import (  # noqa: F401  (fixtures, re-exported for the tests here)
    assign,
    coordinator,
    lab_actor,
    make_in_review,
    make_reviewer,
    make_submitted,
    reviewed,
    rubric,
    submit_review,
)
from tests.review.conftest import make_assignment, make_proposal, rubrics, setup  # noqa: F401  (fixtures)
from tests.test_access_matrix import sample_objects  # noqa: F401  (fixture: objects URL parameters point at)

CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


# Written by reading, not by acting: a signed-in request refreshes its session's last-seen time once a minute.
NOT_STATE = {"login_session": {"last_seen_at"}}


def snapshot() -> dict[str, list[str]]:
    """Every row of every table, as text: two snapshots are equal exactly when nothing was written in between."""
    db.session.expire_all()
    state = {}
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if column.name not in NOT_STATE.get(table.name, ())]
        rows = db.session.execute(select(*columns)).all()
        state[table.name] = sorted(repr(tuple(row)) for row in rows)
    db.session.rollback()
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after[name])


def field_error(html: str, field_id: str) -> str | None:
    """The text of the error shown next to a form field (the field() macro's '<id>-error' element), or None."""
    match = re.search(rf'<div id="{re.escape(field_id)}-error"[^>]*>(.*?)</div>\s*</div>', html, re.S)
    if match is None:
        return None
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def csrf_token(client, path: str = "/password/forgot") -> str:
    """A CSRF token of the client's session, read from a page's form as a browser would."""
    response = client.get(path)
    match = CSRF_INPUT.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({response.status_code})"
    return match.group(1)


@pytest.fixture
def csrf_login(client):
    """Sign in through the real login form with its CSRF token (for tests that switch CSRF protection on)."""

    def do_login(user, password: str = TEST_PASSWORD):
        response = client.post("/login", data={"email": user.email, "password": password,
                                               "csrf_token": csrf_token(client, "/login")})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return do_login
