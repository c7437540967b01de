"""ASVS V3.3 (cookies) and V3.4 (headers) as production serves them: the session cookie is "__Host-" prefixed,
Secure, HttpOnly, SameSite=Lax and host-only; every response carries HSTS, the CSP and nosniff.
"""
from __future__ import annotations

import re

import pytest

from innolab import create_app
from innolab.auth.services import create_user
from innolab.extensions import db
from innolab.models import Unit
from innolab.vocab import Role, UnitKind
from tests.conftest import TEST_PASSWORD

HTTPS = "https://innolab.kota-uji.go.id"


@pytest.fixture
def production(monkeypatch, tmp_path):
    """The app as `INNOLAB_PRODUCTION=1` configures it (CSRF on, not TESTING), on a database of its own."""
    monkeypatch.setenv("INNOLAB_PRODUCTION", "1")
    production = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'production.sqlite3'}",
                             "SECRET_KEY": "k", "INDEX_DIR": str(tmp_path / "index"), "SEARCH_CHECK_ON_START": False})
    with production.app_context():
        db.create_all()
    yield production
    with production.app_context():
        db.engine.dispose()


def _account(production) -> str:
    """A new innovator's e-mail, in the production app's database."""
    with production.app_context():
        unit = Unit(name="Dinas Uji", kind=UnitKind.OPD, code="OPD-PROD")
        user = create_user(email="produksi@kota-uji.go.id", name="Pengguna Produksi", unit=unit,
                           password=TEST_PASSWORD, roles=[Role.INNOVATOR])
        db.session.commit()
        return user.email


def test_the_session_cookie_is_host_prefixed_secure_httponly_and_samesite(production):
    email = _account(production)
    browser = production.test_client()
    page = browser.get("/login", base_url=HTTPS).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    # Over HTTPS the CSRF check also wants a same-site Referer, as a browser sends it.
    response = browser.post("/login", base_url=HTTPS, headers={"Referer": f"{HTTPS}/login"},
                            data={"email": email, "password": TEST_PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    [cookie] = [value for name, value in response.headers.items() if name == "Set-Cookie"]
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert cookie.startswith("__Host-session=")
    assert {"secure", "httponly", "samesite", "path"} <= attributes and "domain" not in attributes
    assert "SameSite=Lax" in cookie and "Path=/;" in cookie + ";"
    assert browser.get("/dashboard", base_url=HTTPS).status_code == 200  # and the cookie works


def test_over_https_a_post_from_another_site_is_refused_even_with_a_token(production):
    """Flask-WTF's strict mode: besides the token, an HTTPS form post must come from a page of this site."""
    email = _account(production)
    browser = production.test_client()
    page = browser.get("/login", base_url=HTTPS).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    for referer in ({"Referer": "https://evil.example/login"}, {}):
        response = browser.post("/login", base_url=HTTPS, headers=referer,
                                data={"email": email, "password": TEST_PASSWORD, "csrf_token": token})
        assert response.status_code == 400 and "Sesi formulir kedaluwarsa" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/login", "/catalogue", "/tidak-ada", "/api/v1/openapi.json", "/static/js/app.js"])
def test_every_response_carries_the_browser_security_headers(production, path):
    response = production.test_client().get(path, base_url=HTTPS)
    headers = response.headers
    assert "max-age=31536000; includeSubDomains" in headers["Strict-Transport-Security"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    csp = headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"):
        assert directive in csp, (path, directive)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "Access-Control-Allow-Origin" not in headers  # no CORS: other sites' scripts cannot read answers
    response.close()
