"""ASVS V16 (security logging): sign-ins, refusals and password changes are logged with who, from where and what,
and no log record ever holds a password, a session token, a CSRF token or a reset token.

One realistic flow with CSRF protection on and a real SMTP server: a failed and a successful login, a 403, a
refused form without its token, a password change, logout, a reset by e-mail, and signing in with the new password.
"""
from __future__ import annotations

import logging
import re

import pytest

from innolab.auth.services import email_digest
from innolab.vocab import Role
from tests.conftest import TEST_PASSWORD
from tests.security.conftest import csrf_token
from tests.smtp import smtp_on

WRONG = "Salah-Tebak-Sandi-99"
CHANGED = "Hujan-Sore-Di-Alun-Alun-7"
RESET = "Gerimis-Pagi-Di-Balai-Kota-3"
SMTP_SERVER_LOGGERS = ("mail.log", "aiosmtpd")


@pytest.fixture
def inbox(app):
    with smtp_on(app) as received:
        yield received


def _record_text(record: logging.LogRecord) -> str:
    """Everything a handler or formatter could write out for the record, extra fields included."""
    parts = [record.getMessage(), repr(record.args), record.exc_text or "", record.stack_info or ""]
    parts.extend(repr(value) for value in vars(record).values())
    return "\n".join(parts)


def test_a_login_403_and_reset_flow_logs_events_but_never_secrets(app, csrf_app, client, make_user, inbox, caplog):
    user = make_user(Role.INNOVATOR)
    caplog.set_level(logging.DEBUG)  # every logger, the app's and the libraries', at every level
    caplog.set_level(logging.DEBUG, logger=app.logger.name)
    secrets_seen = {"passwords": [WRONG, TEST_PASSWORD, CHANGED, RESET]}

    login_token = csrf_token(client, "/login")
    secrets_seen["csrf"] = [login_token]
    assert client.post("/login", data={"email": user.email, "password": WRONG,
                                       "csrf_token": login_token}).status_code == 200
    assert client.post("/login", data={"email": user.email, "password": TEST_PASSWORD,
                                       "csrf_token": login_token}).status_code == 302
    assert client.get("/admin/users").status_code == 403
    assert client.post("/account/password", data={"current_password": TEST_PASSWORD}).status_code == 400  # no token
    form_token = csrf_token(client, "/account/password")
    with client.session_transaction() as session:  # the raw values behind the cookie and the form's token
        secrets_seen["session"] = [session["sid"], client.get_cookie("session").value]
        secrets_seen["csrf"].extend([session["csrf_token"], form_token])
    assert client.post("/account/password", data={"current_password": TEST_PASSWORD, "new_password": CHANGED,
                                                  "confirm": CHANGED, "csrf_token": form_token}).status_code == 302
    assert client.post("/logout", data={"csrf_token": form_token}).status_code == 302

    forgot_token = csrf_token(client, "/password/forgot")
    secrets_seen["csrf"].append(forgot_token)
    client.post("/password/forgot", data={"email": user.email, "csrf_token": forgot_token})
    body = inbox.parsed()[-1].get_content()
    link = re.search(r"http://localhost(/password/reset/(\S+))", body)
    secrets_seen["reset"] = [link.group(2)]
    reset_token = csrf_token(client, link.group(1))
    assert client.post(link.group(1), data={"password": RESET, "confirm": RESET,
                                            "csrf_token": reset_token}).status_code == 302
    login_token = csrf_token(client, "/login")
    assert client.post("/login", data={"email": user.email, "password": RESET,
                                       "csrf_token": login_token}).status_code == 302

    # aiosmtpd, the test's stand-in for the mail server, logs whole conversations: it is not part of the app.
    records = [record for record in caplog.records if not record.name.startswith(SMTP_SERVER_LOGGERS)]
    messages = [record.getMessage() for record in records]
    hashed, ip = email_digest(user.email), "127.0.0.1"
    expected = [
        f"login failed: email_hash={hashed} ip={ip}",
        f"login ok: user={user.id} ip={ip}",
        f"forbidden: user={user.id} ip={ip} method=GET path=/admin/users action=user.manage",
        f"csrf refused: user={user.id} ip={ip} method=POST path=/account/password reason=The CSRF token is missing.",
        f"password changed: user={user.id} ip={ip}",
        f"logout: user={user.id} ip={ip}",
        f"password reset requested: email_hash={hashed} ip={ip}",
        f"password reset: user={user.id} ip={ip}",
    ]
    for line in expected:
        assert line in messages, f"not logged: {line!r}\nlogged: {messages}"
    for record in records:
        text = _record_text(record)
        for kind, values in secrets_seen.items():
            for value in values:
                assert value not in text, f"a {kind} secret is in the log: {record.getMessage()!r}"
        assert user.email not in text, f"the e-mail address itself is in the log: {record.getMessage()!r}"


def test_every_403_is_logged_with_its_action(client, login_as, caplog, make_user):
    user = login_as(Role.VIEWER)
    other = make_user(Role.INNOVATOR)
    with caplog.at_level(logging.WARNING):
        for path in ("/admin/users", "/lab/", f"/admin/users/{other.id}/edit", "/proposals/new"):
            assert client.get(path).status_code == 403
    forbidden = [r.getMessage() for r in caplog.records if r.getMessage().startswith("forbidden:")]
    assert len(forbidden) == 4
    assert all(f"user={user.id} ip=127.0.0.1" in line and "action=" in line for line in forbidden)


def test_without_smtp_in_production_a_reset_mail_is_not_written_to_the_log(app, client, make_user, caplog,
                                                                          monkeypatch):
    monkeypatch.setitem(app.config, "PRODUCTION", True)
    user = make_user(Role.INNOVATOR)
    with caplog.at_level(logging.DEBUG):
        client.post("/password/forgot", data={"email": user.email})
    logged = "\n".join(_record_text(record) for record in caplog.records)
    assert "/password/reset/" not in logged and user.email not in logged
    assert "e-mail not sent (no SMTP configured)" in logged
