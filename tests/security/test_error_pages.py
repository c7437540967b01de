"""ASVS V13.4 / V16.5 (errors): every error is a plain page in Indonesian (problem+json under /api/), with no stack
trace, framework banner, exception text or server version, whatever went wrong.
"""
from __future__ import annotations

import re

import pytest
from flask import Blueprint

from innolab import create_app
from innolab.extensions import db
from innolab.vocab import Role
from tests.conftest import TEST_PASSWORD
from tests.servers import app_process

# What framework default pages, tracebacks and exception messages look like.
LEAKS = ("Traceback", 'File "', "Werkzeug", "werkzeug", "Flask", "flask", "Python", "SQLAlchemy", "sqlalchemy",
         "Internal Server Error", "The requested URL was not found", "The method is not allowed",
         "The CSRF token", "Request Entity Too Large", "Debugger", "Exception", "rahasia-internal")


def assert_generic(response, status: int, heading: str) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert re.search(r'<html lang="id"', html), "not in Indonesian"
    assert f'<h1 class="h3">{heading}</h1>' in html, f"{status}: heading {heading!r} missing"
    for leak in LEAKS:
        assert leak not in html, f"{status} page shows {leak!r}"
    for header in ("Server", "X-Powered-By", "X-AspNet-Version", "X-Runtime"):
        assert header not in response.headers, f"{status} response sets {header}"


def test_not_found(client):
    assert_generic(client.get("/tidak-ada-halaman-ini"), 404, "Halaman tidak ditemukan")
    assert_generic(client.get("/proposals/999999"), 404, "Halaman tidak ditemukan")


def test_forbidden(client, login_as):
    login_as(Role.INNOVATOR)
    assert_generic(client.get("/admin/users"), 403, "Akses ditolak")


def test_method_not_allowed(client):
    assert_generic(client.get("/logout"), 405, "Permintaan tidak dapat diproses")
    assert_generic(client.delete("/login"), 405, "Permintaan tidak dapat diproses")


def test_request_too_large(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    response = client.post("/login", data={"email": "a@kota-uji.go.id", "password": "x" * 4096})
    assert_generic(response, 413, "Kiriman terlalu besar")
    assert "tidak ada yang disimpan" in response.get_data(as_text=True)


def test_too_many_attempts(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN", "1 per minute")
    user = make_user(Role.INNOVATOR)
    client.post("/login", data={"email": user.email, "password": "Salah-Tebak-Sandi-99"})
    assert_generic(client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}), 429,
                   "Terlalu banyak percobaan")


def test_expired_form(csrf_app, client):
    assert_generic(client.post("/login", data={"email": "a@kota-uji.go.id", "password": "x"}), 400,
                   "Sesi formulir kedaluwarsa")


def test_api_errors_are_problem_json_without_internals(client):
    for path, status in (("/api/v1/tidak-ada", 404), ("/api/v1/innovations?page=0", 400),
                         ("/api/v1/innovations/999999", 404)):
        response = client.get(path)
        assert response.status_code == status and response.mimetype == "application/problem+json", path
        body = response.get_data(as_text=True)
        assert not any(leak in body for leak in LEAKS if leak not in ("Flask", "flask")), body
    assert client.post("/api/v1/innovations").status_code == 405


@pytest.fixture
def exploding_app(tmp_path):
    """The app as it runs in production (not TESTING) with a view that fails on a secret-looking detail."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}", "SECRET_KEY": "k",
                      "INDEX_DIR": str(tmp_path / "index"), "SEARCH_CHECK_ON_START": False, "TESTING": False,
                      "PROPAGATE_EXCEPTIONS": False})
    boom = Blueprint("boom", __name__)

    @boom.get("/boom")
    def explode():
        raise RuntimeError("rahasia-internal: password=hunter2 at /srv/innolab/app.py line 42")

    @boom.get("/api/v1/boom")
    def explode_api():
        raise ValueError("rahasia-internal")

    app.register_blueprint(boom)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_an_unexpected_error(exploding_app, caplog):
    with caplog.at_level("ERROR"):
        response = exploding_app.test_client().get("/boom")
    assert_generic(response, 500, "Terjadi kesalahan pada sistem")
    assert "hunter2" not in response.get_data(as_text=True)
    assert any("unhandled error on GET /boom" in r.getMessage() for r in caplog.records)  # the detail is logged
    api = exploding_app.test_client().get("/api/v1/boom")
    assert api.status_code == 500 and api.mimetype == "application/problem+json"
    assert "rahasia" not in api.get_data(as_text=True)


def test_under_gunicorn_in_production_no_version_is_announced(tmp_path):
    env = {"INNOLAB_DATABASE_URL": f"sqlite:///{tmp_path / 'innolab.sqlite3'}", "INNOLAB_PRODUCTION": "1"}
    with app_process(tmp_path, env) as server:
        browser = server.browser()
        for path, status in (("/tidak-ada", 404), ("/login", 200), ("/logout", 405)):
            response = browser.get(path, allow_redirects=False)
            assert response.status_code == status, path
            assert response.headers.get("Server") == "gunicorn", response.headers  # the name, never a version
            assert "X-Powered-By" not in response.headers
            assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
            assert not any(leak in response.text for leak in LEAKS), path
