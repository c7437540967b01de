"""Password hashing, change and e-mailed reset."""
import re
import time

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from innolab.auth import passwords
from innolab.extensions import db
from innolab.models import LoginSession
from innolab.vocab import Role
from tests.conftest import TEST_PASSWORD
from tests.smtp import smtp_on


def test_hashes_are_argon2id_with_owasp_parameters():
    encoded = passwords.hash_password("Kata-Sandi-Panjang-1")
    assert encoded.startswith("$argon2id$")
    assert "m=19456,t=2,p=1" in encoded
    assert passwords.verify_password(encoded, "Kata-Sandi-Panjang-1")
    assert not passwords.verify_password(encoded, "kata-sandi-panjang-1")
    assert not passwords.verify_password("bukan-hash", "apa saja")


def test_weaker_old_hash_is_upgraded_at_login(client, make_user):
    user = make_user(Role.INNOVATOR)
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(TEST_PASSWORD)
    db.session.commit()
    assert client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code == 302
    db.session.refresh(user)
    assert "m=19456,t=2,p=1" in user.password_hash


def test_change_password_checks_current_and_rules(client, login_as):
    user = login_as(Role.INNOVATOR)
    cases = [
        ({"current_password": "salah-salah-1", "new_password": "Baru-Sekali-2026", "confirm": "Baru-Sekali-2026"},
         "Kata sandi saat ini salah."),
        ({"current_password": TEST_PASSWORD, "new_password": "pendek", "confirm": "pendek"},
         "Kata sandi minimal 10 karakter."),
        ({"current_password": TEST_PASSWORD, "new_password": "password123", "confirm": "password123"},
         "terlalu umum"),
        ({"current_password": TEST_PASSWORD, "new_password": "Baru-Sekali-2026", "confirm": "Lain-Sekali-2026"},
         "Kedua kata sandi tidak sama."),
        ({"current_password": TEST_PASSWORD, "new_password": "x" * 129, "confirm": "x" * 129},
         "maksimal 128 karakter"),
    ]
    old_hash = user.password_hash
    for data, message in cases:
        html = client.post("/account/password", data=data).get_data(as_text=True)
        assert message in html
    db.session.refresh(user)
    assert user.password_hash == old_hash


def test_change_password_ends_other_sessions_but_keeps_this_one(app, client, login_as, login):
    user = login_as(Role.INNOVATOR)
    other_device = app.test_client()
    other_device.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert other_device.get("/dashboard").status_code == 200

    response = client.post(
        "/account/password",
        data={"current_password": TEST_PASSWORD, "new_password": "Baru-Sekali-2026", "confirm": "Baru-Sekali-2026"},
    )
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200
    assert other_device.get("/dashboard").status_code == 302
    client.post("/logout")
    assert client.post("/login", data={"email": user.email, "password": "Baru-Sekali-2026"}).status_code == 302


@pytest.fixture
def smtp_server(app):
    with smtp_on(app) as inbox:
        yield inbox


def _reset_link(inbox) -> str:
    body = inbox.parsed()[-1].get_content()
    return re.search(r"http://localhost(/password/reset/\S+)", body).group(1)


def test_password_reset_by_email_link(client, make_user, smtp_server):
    user = make_user(Role.INNOVATOR)
    other_device_login = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert other_device_login.status_code == 302
    stolen_session = client.get_cookie("session").value
    client.post("/logout")

    response = client.post("/password/forgot", data={"email": user.email})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0].rcpt_tos == [user.email]
    link = _reset_link(smtp_server)

    page = client.post(link, data={"password": "Sandi-Baru-Aman-77", "confirm": "Sandi-Baru-Aman-77"})
    assert page.status_code == 302
    assert client.post("/login", data={"email": user.email, "password": "Sandi-Baru-Aman-77"}).status_code == 302

    # The link is single-use: the password it was issued for is gone.
    client.post("/logout")
    again = client.get(link)
    assert again.status_code == 302 and again.headers["Location"].endswith("/password/forgot")
    del stolen_session


def test_password_reset_ends_every_session(app, client, make_user, smtp_server):
    user = make_user(Role.INNOVATOR)
    device = app.test_client()
    device.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    client.post("/password/forgot", data={"email": user.email})
    client.post(_reset_link(smtp_server), data={"password": "Sandi-Baru-Aman-77", "confirm": "Sandi-Baru-Aman-77"})
    assert device.get("/dashboard").status_code == 302
    assert db.session.scalars(select(LoginSession).where(LoginSession.ended_at.is_(None))).all() == []


def test_forgot_password_does_not_reveal_whether_an_account_exists(client, make_user, smtp_server):
    known = make_user(Role.INNOVATOR)
    answers = [
        client.post("/password/forgot", data={"email": email}, follow_redirects=True).get_data(as_text=True)
        for email in (known.email, "tidak-terdaftar@kota-uji.go.id")
    ]
    assert all("Jika e-mail terdaftar" in answer for answer in answers)
    assert len(smtp_server.messages) == 1


def test_reset_link_rejects_tampering_and_expiry(app, client, make_user, smtp_server):
    user = make_user(Role.INNOVATOR)
    client.post("/password/forgot", data={"email": user.email})
    link = _reset_link(smtp_server)
    assert client.get(link + "x").status_code == 302
    app.config["PASSWORD_RESET_MAX_AGE"] = 1
    try:
        time.sleep(2.1)
        response = client.post(link, data={"password": "Sandi-Baru-Aman-77", "confirm": "Sandi-Baru-Aman-77"})
        assert response.headers["Location"].endswith("/password/forgot")
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = 3600
    db.session.refresh(user)
    assert passwords.verify_password(user.password_hash, TEST_PASSWORD)


def test_reset_mail_goes_to_the_log_without_smtp(app, client, make_user, caplog):
    user = make_user(Role.INNOVATOR)
    with caplog.at_level("INFO", logger=app.logger.name):
        client.post("/password/forgot", data={"email": user.email})
    assert any("/password/reset/" in record.getMessage() for record in caplog.records)
