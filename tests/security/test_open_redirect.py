"""ASVS V3.7.2 / V10 (open redirects): a `next` parameter only ever leads to a page of this site.

Every place that redirects to a posted or linked `next` (sign-in, the language switch, the admin's account buttons)
is tried with the tricks browsers fall for: scheme-relative and backslash URLs, schemes without slashes, tabs and
newlines the browser drops, percent-encoded slashes, and header injection.
"""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from innolab.urls import safe_next
from innolab.vocab import Role
from tests.conftest import TEST_PASSWORD

SITE = "https://innolab.kota-uji.go.id/"
HOSTILE = [
    "https://evil.example/phish", "http://evil.example", "HtTpS://evil.example", "//evil.example",
    "///evil.example", "\\\\evil.example", "\\/evil.example", "/\\evil.example", "/\\/evil.example",
    "https:evil.example", "https:/evil.example", "http:\\\\evil.example", "javascript:alert(1)",
    "JavaScript:alert(document.domain)", "data:text/html,<script>alert(1)</script>", "%2F%2Fevil.example",
    "/%2F%2Fevil.example", "/%5Cevil.example", "/%5C%5Cevil.example", "%5C%5Cevil.example", "/\t/evil.example",
    "/\n/evil.example", "/\r\n/evil.example", " //evil.example", "\x00//evil.example", "/\u3000/evil.example",
    "/x\r\nSet-Cookie: sid=dicuri", "evil.example", "@evil.example", "//evil.example@innolab.kota-uji.go.id",
]
SAFE = ["/account", "/proposals/3?tab=bukti#riwayat", "/search?q=air+bersih&stage=piloting", "/catalogue"]


def browser_target(location: str) -> str:
    """Where a browser goes for this Location header: it drops tabs and newlines and reads '\\' as '/'."""
    cleaned = location.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    return urlsplit(urljoin(SITE, cleaned)).netloc


@pytest.mark.parametrize("target", HOSTILE)
def test_safe_next_refuses_every_way_off_the_site(target):
    assert safe_next(target, "/dashboard") == "/dashboard"


@pytest.mark.parametrize("target", SAFE)
def test_safe_next_keeps_paths_on_the_site(target):
    assert safe_next(target, "/dashboard") == target


@pytest.mark.parametrize("target", HOSTILE)
def test_login(client, make_user, target):
    user = make_user(Role.INNOVATOR)
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "next": target})
    if "\x00" in target:
        assert response.status_code == 400  # a NUL character is refused before any view runs
        return
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"


def test_login_keeps_the_page_asked_for(client, make_user):
    user = make_user(Role.INNOVATOR)
    asked = client.get("/account")
    assert asked.headers["Location"] == "/login?next=%2Faccount"
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "next": "/account"})
    assert response.headers["Location"] == "/account"


@pytest.mark.parametrize("target", HOSTILE)
def test_language_switch(client, target):
    response = client.post("/language", data={"lang": "en", "next": target})
    if "\x00" in target:
        assert response.status_code == 400 and "Location" not in response.headers
        return
    assert response.status_code == 302
    assert browser_target(response.headers["Location"]) == urlsplit(SITE).netloc
    assert response.headers["Location"] == "/"


def test_language_switch_returns_to_the_page(client):
    assert client.post("/language", data={"lang": "en", "next": "/catalogue?q=air"}).headers["Location"] == \
        "/catalogue?q=air"


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https:evil.example", "/\t/evil.example"])
def test_admin_account_buttons(client, login_as, make_user, target):
    login_as(Role.ADMIN)
    other = make_user(Role.VIEWER)
    for action in ("deactivate", "reactivate"):
        response = client.post(f"/admin/users/{other.id}/{action}", data={"next": target})
        assert response.status_code == 302
        assert response.headers["Location"] == f"/admin/users/{other.id}/edit"
