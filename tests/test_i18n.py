"""Bahasa Indonesia by default, English on request, Jakarta time."""
from datetime import UTC, datetime

from flask_babel import force_locale

from innolab.extensions import db
from innolab.vocab import Role


def test_default_language_is_indonesian(client):
    html = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "Masuk ke InnoLab" in html


def test_language_choice_is_remembered_in_session_and_account(client, login_as):
    user = login_as(Role.INNOVATOR)
    response = client.post("/language", data={"lang": "en", "next": "/account"})
    assert response.headers["Location"] == "/account"
    assert '<html lang="en">' in client.get("/account").get_data(as_text=True)
    db.session.refresh(user)
    assert user.locale == "en"


def test_unknown_language_is_ignored(client):
    client.post("/language", data={"lang": "xx"})
    assert '<html lang="id">' in client.get("/login").get_data(as_text=True)


def test_dates_and_numbers_use_indonesian_formats_in_jakarta_time(app):
    moment = datetime(2026, 8, 16, 18, 30, tzinfo=UTC)  # 17 August 01:30 in Jakarta
    with app.test_request_context():
        env = app.jinja_env
        with force_locale("id"):
            assert env.filters["date"](moment.date(), "long") == "16 Agustus 2026"
            assert env.filters["datetime"](moment, "short") == "17/08/26 01.30"
            assert env.filters["number"](1234567.5) == "1.234.567,5"
