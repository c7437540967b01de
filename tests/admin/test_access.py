"""Only administrators reach the admin area, every view says which permission it needs, and POSTs need CSRF."""
import pytest

from innolab.extensions import db
from innolab.models import User
from innolab.vocab import Role

GET_PAGES = [
    "/admin/users", "/admin/users/new", "/admin/users/import", "/admin/units", "/admin/units/new",
    "/admin/units/import", "/admin/audit",
]
NON_ADMIN_ROLES = [Role.INNOVATOR, Role.REVIEWER, Role.COORDINATOR, Role.VIEWER]


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_other_roles_are_forbidden_everywhere(client, login_as, make_user, make_unit, role):
    me = login_as(role, Role.INNOVATOR)
    other = make_user(Role.INNOVATOR)
    unit = make_unit()
    db.session.commit()
    for url in [*GET_PAGES, f"/admin/users/{other.id}/edit", f"/admin/units/{unit.id}/edit"]:
        assert client.get(url).status_code == 403, url
    for url in [f"/admin/users/{other.id}/deactivate", f"/admin/units/{unit.id}/delete", "/admin/users/new"]:
        assert client.post(url).status_code == 403, url
    assert db.session.get(User, other.id).is_active
    assert me.roles == {role, Role.INNOVATOR}


def test_visitors_are_sent_to_login(client):
    for url in GET_PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_admin_reaches_every_page(client, admin):
    for url in [*GET_PAGES, f"/admin/users/{admin.id}/edit", f"/admin/units/{admin.unit_id}/edit"]:
        assert client.get(url).status_code == 200, url


def test_every_admin_view_declares_its_permission(app):
    views = {name: view for name, view in app.view_functions.items() if name.startswith("admin.")}
    assert len(views) >= 12
    for name, view in views.items():
        assert getattr(view, "required_action", None) in {"user.manage", "unit.manage", "audit.view"}, name


def test_state_changes_need_the_csrf_token(client, admin, make_user, request):
    target = make_user(Role.INNOVATOR, unit=admin.unit)
    request.getfixturevalue("csrf_app")  # switched on only now: the admin signed in through the form above
    page = client.get("/admin/users").get_data(as_text=True)
    assert 'name="csrf_token"' in page  # the deactivate buttons carry it

    response = client.post(f"/admin/users/{target.id}/deactivate")
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, target.id).is_active
