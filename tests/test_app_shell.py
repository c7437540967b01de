"""The shell every page shares: security headers, CSRF, error pages, health check."""
from flask import Blueprint, abort

from innolab.extensions import db
from innolab.vocab import Role


def test_security_headers_on_public_pages(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
                      "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # only behind HTTPS in production


def test_pages_carry_no_inline_script_or_style(client, login_as):
    login_as(Role.ADMIN)
    for path in ("/dashboard", "/account", "/account/password"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and "style=" not in html and "onclick=" not in html


def test_private_pages_are_not_cached(client, login_as):
    login_as(Role.INNOVATOR)
    assert client.get("/dashboard").headers["Cache-Control"] == "no-store"


def test_production_sets_hsts_and_secure_cookies(app, monkeypatch, tmp_path):
    from innolab import create_app

    monkeypatch.setenv("INNOLAB_PRODUCTION", "1")
    production = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "k",
                             "INDEX_DIR": str(tmp_path / "index"), "SEARCH_CHECK_ON_START": False})
    assert production.config["SESSION_COOKIE_SECURE"] is True
    response = production.test_client().get("/login")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    with production.app_context():
        db.engine.dispose()  # its own pool on the suite's database: close it, not the garbage collector


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    from tests.conftest import TEST_PASSWORD

    user = make_user(Role.INNOVATOR)
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_state_changes_need_a_csrf_token(csrf_app, make_user):
    from tests.conftest import TEST_PASSWORD

    user = make_user(Role.INNOVATOR)
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "Sesi formulir kedaluwarsa" in response.get_data(as_text=True)


def test_csrf_token_from_the_form_is_accepted(csrf_app, make_user):
    import re

    from tests.conftest import TEST_PASSWORD

    user = make_user(Role.INNOVATOR)
    client = csrf_app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD,
                                           "csrf_token": token.group(1)})
    assert response.status_code == 302


def test_not_found_page_is_friendly_and_indonesian(client):
    response = client.get("/tidak-ada-halaman-ini")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_forbidden_page_is_friendly_and_logged(client, login_as, caplog):
    login_as(Role.INNOVATOR)
    with caplog.at_level("WARNING"):
        response = client.get("/admin/users")
    assert response.status_code == 403
    assert "Akses ditolak" in response.get_data(as_text=True)
    assert any("forbidden" in r.getMessage() and "/admin/users" in r.getMessage() for r in caplog.records)


def test_unexpected_error_shows_no_stack_trace(tmp_path):
    from innolab import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}", "SECRET_KEY": "k",
                      "INDEX_DIR": str(tmp_path / "index"), "SEARCH_CHECK_ON_START": False, "TESTING": False,
                      "PROPAGATE_EXCEPTIONS": False})
    boom = Blueprint("boom", __name__)

    @boom.get("/boom")
    def explode():
        raise RuntimeError("secret internal detail")

    @boom.get("/teapot")
    def teapot():
        abort(418)

    app.register_blueprint(boom)
    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Terjadi kesalahan pada sistem" in html
    assert "secret internal detail" not in html and "Traceback" not in html
    assert app.test_client().get("/teapot").status_code == 418


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_fails_when_database_is_unreachable(tmp_path):
    from innolab import create_app

    missing = tmp_path / "no-such-dir" / "db.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}", "SECRET_KEY": "k"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"
