"""Signing in and out, and the server-side session behind it."""
from innolab.extensions import db
from innolab.vocab import Role


def test_login_lands_on_dashboard_and_logout_ends_session(client, make_user):
    user = make_user(Role.INNOVATOR)
    response = client.post("/login", data={"email": user.email, "password": "Inovasi-Uji-2026!"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard")
    assert client.get("/dashboard").status_code == 200

    client.post("/logout")
    assert client.get("/dashboard").status_code == 302


def test_copied_session_cookie_is_dead_after_logout(app, client, login_as):
    login_as(Role.INNOVATOR)
    stolen = client.get_cookie("session").value

    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/dashboard")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_deactivated_user_is_cut_off_at_next_request(client, login_as):
    user = login_as(Role.INNOVATOR)
    assert client.get("/dashboard").status_code == 200
    user.is_active = False
    db.session.commit()
    assert client.get("/dashboard").status_code == 302


def test_idle_session_expires(app, client, login_as):
    from datetime import timedelta

    from sqlalchemy import update

    from innolab.models import LoginSession
    from innolab.models.types import utcnow

    login_as(Role.INNOVATOR)
    db.session.execute(update(LoginSession).values(last_seen_at=utcnow() - app.config["SESSION_IDLE_TIMEOUT"] - timedelta(minutes=1)))
    db.session.commit()
    assert client.get("/dashboard").status_code == 302


def test_absolute_session_lifetime_is_enforced(app, client, login_as):
    from datetime import timedelta

    from sqlalchemy import update

    from innolab.models import LoginSession
    from innolab.models.types import utcnow

    login_as(Role.INNOVATOR)
    db.session.execute(
        update(LoginSession).values(created_at=utcnow() - app.config["SESSION_ABSOLUTE_TIMEOUT"] - timedelta(minutes=1))
    )
    db.session.commit()
    assert client.get("/dashboard").status_code == 302


def test_logout_requires_post(client, login_as):
    login_as(Role.INNOVATOR)
    assert client.get("/logout").status_code == 405
    assert client.get("/dashboard").status_code == 200
