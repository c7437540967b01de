"""Deactivating an account shuts it out at once, on every device, and for good once reactivated."""
import pytest
from sqlalchemy import select

from innolab.extensions import db
from innolab.models import LoginSession, User
from innolab.vocab import Role

PASSWORD = "Inovasi-Uji-2026!"  # tests/conftest.py's TEST_PASSWORD


@pytest.fixture
def signed_in_elsewhere(app, make_user, admin):
    """An innovator signed in on two devices of their own."""
    user = make_user(Role.INNOVATOR, email="inovator@kota.go.id", unit=admin.unit)
    devices = [app.test_client(), app.test_client()]
    for device in devices:
        assert device.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
        assert device.get("/dashboard").status_code == 200
    return user, devices


def _sent_to_login(device) -> bool:
    response = device.get("/dashboard")
    return response.status_code == 302 and "/login" in response.headers["Location"]


def _live_sessions(user) -> int:
    db.session.expire_all()
    return len(db.session.scalars(select(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))).all())


def test_deactivation_ends_every_session(client, signed_in_elsewhere, audit_rows):
    user, devices = signed_in_elsewhere
    assert _live_sessions(user) == 2

    response = client.post(f"/admin/users/{user.id}/deactivate", data={"next": "/admin/users?active=1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/users?active=1")

    assert _live_sessions(user) == 0  # (expires the test's copies, so what follows is read afresh)
    assert all(_sent_to_login(device) for device in devices)
    assert not db.session.get(User, user.id).is_active
    assert [entry.target_id for entry in audit_rows("user.deactivate")] == [user.id]

    # Reactivating opens the door again, but the old sessions stay dead: the user signs in afresh.
    client.post(f"/admin/users/{user.id}/reactivate")
    db.session.expire_all()
    assert db.session.get(User, user.id).is_active
    assert all(_sent_to_login(device) for device in devices)
    assert devices[0].post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    assert devices[0].get("/dashboard").status_code == 200
    assert [entry.target_id for entry in audit_rows("user.reactivate")] == [user.id]


def test_unticking_active_on_the_edit_form_also_ends_sessions(client, signed_in_elsewhere):
    user, devices = signed_in_elsewhere
    db.session.refresh(user)  # each sign-in stored last_login_at, a new version of the row
    response = client.post(f"/admin/users/{user.id}/edit", data={
        "name": user.name, "email": user.email, "unit_id": str(user.unit_id), "roles": ["innovator"],
        "version_id": str(user.version_id),  # is_active left out: the box is unticked
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _live_sessions(user) == 0
    assert all(_sent_to_login(device) for device in devices)
