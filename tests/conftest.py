"""Fixtures in layers: app → client → make_unit / make_user factories → login_as(role).

The suite runs on SQLite by default and on PostgreSQL when INNOLAB_TEST_DATABASE_URL is set.
"""
from __future__ import annotations

import itertools
import os

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import delete

from innolab import create_app
from innolab.auth.services import create_user
from innolab.config import normalise_database_url
from innolab.database import sqlite_pragma
from innolab.extensions import db, limiter
from innolab.models import Unit
from innolab.search import current_service
from innolab.vocab import Role, UnitKind

TEST_PASSWORD = "Inovasi-Uji-2026!"
_counter = itertools.count(1)


def test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("INNOLAB_TEST_DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": test_database_url(tmp_path_factory),
            "INDEX_DIR": str(data / "index"),
            "UPLOAD_DIR": str(data / "uploads"),
            "WTF_CSRF_ENABLED": False,
            "MAIL_SERVER": None,
            "SEARCH_REPAIR_IN_BACKGROUND": False,
            "SEARCH_CATCH_UP_SECONDS": 0,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        current_service().index.create_empty()
    yield app
    with app.app_context():
        _empty_tables()
        db.drop_all()
        db.engine.dispose()


def _empty_tables() -> None:
    with db.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # rows of self-referencing tables (the unit tree) may go in any order
            sqlite_pragma(conn, "PRAGMA foreign_keys=OFF")
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(delete(table))
        conn.commit()
        if sqlite:
            sqlite_pragma(conn, "PRAGMA foreign_keys=ON")


@pytest.fixture(autouse=True)
def _clean_state(app):
    """Each test starts on empty tables, a fresh rate limiter and an app context."""
    with app.app_context():
        limiter.reset()
        yield
        db.session.rollback()
        db.session.remove()
        _empty_tables()
        current_service().index.create_empty()
        current_service().pending.clear()


class IsolatedClient(FlaskClient):
    """Runs every request in its own app context, as a real server does.

    Without this, requests reuse the test's app context: they would share its database session and Flask-Login's
    cached user in `g`, hiding bugs that only show across separate requests.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            # End the test's transaction: the request must see what the test wrote, and afterwards the test
            # reads what the request wrote (commit also expires the test's loaded objects).
            db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def csrf_app(app):
    """The app with CSRF protection switched on, for tests of it."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def make_unit():
    def factory(name: str | None = None, kind: UnitKind = UnitKind.OPD, parent: Unit | None = None, code=None):
        n = next(_counter)
        if parent is None and kind is not UnitKind.PEMDA:
            parent = Unit(name=f"Pemerintah Kota Uji {n}", kind=UnitKind.PEMDA, code=f"99.{n:02d}")
            db.session.add(parent)
        unit = Unit(name=name or f"Unit Uji {n}", kind=kind, parent=parent, code=code or f"U-{n:04d}")
        db.session.add(unit)
        db.session.flush()
        return unit

    return factory


@pytest.fixture
def make_user(make_unit):
    def factory(*roles: Role, email: str | None = None, unit: Unit | None = None, password: str = TEST_PASSWORD,
                name: str | None = None, nip: str | None = None, commit: bool = True):
        n = next(_counter)
        user = create_user(
            email=email or f"user{n}@kota-uji.go.id",
            name=name or f"Pengguna Uji {n}",
            unit=unit or make_unit(),
            password=password,
            roles=roles,
            nip=nip,
        )
        if commit:
            db.session.commit()
        return user

    return factory


@pytest.fixture
def login(client):
    """Sign `user` in through the real login form."""

    def do_login(user, password: str = TEST_PASSWORD):
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        db.session.refresh(user)  # the login request (its own session) stamped last_login_at
        return user

    return do_login


@pytest.fixture
def login_as(make_user, login):
    """Create a user holding `roles` and sign them in; returns the user."""

    def factory(*roles: Role, **kwargs):
        return login(make_user(*roles, **kwargs))

    return factory


@pytest.fixture
def switch_to(client, login):
    """Sign whoever is signed in on `client` out, and `user` in."""

    def do_switch(user, password: str = TEST_PASSWORD):
        client.post("/logout")
        return login(user, password)

    return do_switch
