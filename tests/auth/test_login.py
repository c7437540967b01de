"""Login form behaviour: errors in Indonesian, rate limiting, safe redirects, password rehash."""
import pytest
from sqlalchemy import select

from innolab.extensions import db
from innolab.models import LoginSession
from innolab.vocab import Role
from tests.conftest import TEST_PASSWORD


def test_wrong_password_shows_indonesian_error_next_to_field(client, make_user):
    user = make_user(Role.INNOVATOR)
    response = client.post("/login", data={"email": user.email, "password": "salah-sekali-123"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "E-mail atau kata sandi salah" in html
    assert 'id="password-error"' in html
    assert db.session.scalar(select(LoginSession)) is None


def test_empty_fields_are_reported_in_indonesian(client):
    html = client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "E-mail wajib diisi." in html
    assert "Kata sandi wajib diisi." in html


def test_unknown_and_inactive_accounts_get_the_same_message(client, make_user):
    inactive = make_user(Role.INNOVATOR)
    inactive.is_active = False
    db.session.commit()
    for email in ("tidak-ada@kota-uji.go.id", inactive.email):
        html = client.post("/login", data={"email": email, "password": TEST_PASSWORD}).get_data(as_text=True)
        assert "E-mail atau kata sandi salah, atau akun tidak aktif." in html


def test_login_is_case_insensitive_on_email(client, make_user):
    user = make_user(Role.INNOVATOR, email="Budi.Santoso@Malangkota.go.id")
    response = client.post("/login", data={"email": "  BUDI.santoso@malangkota.go.id ", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert user.email == "budi.santoso@malangkota.go.id"


def test_login_is_rate_limited_per_account(app, client, make_user):
    app.config["RATELIMIT_LOGIN"] = "3 per minute"
    try:
        user = make_user(Role.INNOVATOR)
        for _ in range(3):
            assert client.post("/login", data={"email": user.email, "password": "salah-123456"}).status_code == 200
        blocked = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
        assert blocked.status_code == 429
        assert "Terlalu banyak percobaan" in blocked.get_data(as_text=True)
    finally:
        app.config["RATELIMIT_LOGIN"] = "10 per minute;50 per hour"


@pytest.mark.parametrize(
    "next_url, expected",
    [
        ("/account", "/account"),
        ("https://evil.example/phish", "/dashboard"),
        ("//evil.example/phish", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("javascript:alert(1)", "/dashboard"),
    ],
)
def test_next_parameter_never_leaves_the_site(client, make_user, next_url, expected):
    user = make_user(Role.INNOVATOR)
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "next": next_url})
    assert response.headers["Location"] == expected


def test_login_starts_a_fresh_session(client, make_user):
    user = make_user(Role.INNOVATOR)
    with client.session_transaction() as sess:
        sess["planted"] = "by-attacker"
        sess["lang"] = "en"
    client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert sess["lang"] == "en"  # the chosen language survives signing in


def test_signed_in_user_visiting_login_goes_to_dashboard(client, login_as):
    login_as(Role.VIEWER)
    assert client.get("/login").headers["Location"] == "/dashboard"


def test_login_records_time_and_session_details(client, make_user):
    user = make_user(Role.INNOVATOR)
    client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}, headers={"User-Agent": "Uji/1.0"})
    db.session.refresh(user)
    assert user.last_login_at is not None
    row = db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id))
    assert row.user_agent == "Uji/1.0" and row.ended_at is None
