"""Creating, finding and editing accounts, with every rule reported next to its field."""
import re

import pytest
from sqlalchemy import select

from innolab.auth.passwords import verify_password
from innolab.extensions import db
from innolab.models import AuditLog, User
from innolab.vocab import Role, UnitKind

NIP = "198703152010012003"


@pytest.fixture
def new_user_form(admin):
    def data(**overrides):
        values = {
            "name": "Siti Rahmawati", "email": "siti@kota.go.id", "nip": NIP, "unit_id": str(admin.unit_id),
            "roles": ["innovator", "reviewer"], "password": "Kopi-Pagi-Balai-Kota",
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value is not None}

    return data


def test_admin_creates_an_account(client, admin, new_user_form, count, audit_rows):
    response = client.post("/admin/users/new", data=new_user_form())
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/users")

    user = db.session.scalar(select(User).where(User.email == "siti@kota.go.id"))
    assert user.name == "Siti Rahmawati" and user.nip == NIP and user.unit_id == admin.unit_id
    assert user.roles == {Role.INNOVATOR, Role.REVIEWER} and user.is_active
    assert verify_password(user.password_hash, "Kopi-Pagi-Balai-Kota")
    [entry] = audit_rows("user.create")
    assert entry.actor_id == admin.id and entry.target_id == user.id and entry.target_type == "user"
    assert entry.details["roles"] == ["innovator", "reviewer"] and entry.ip_address == "127.0.0.1"
    assert "siti@kota.go.id" in client.get("/admin/users").get_data(as_text=True)


@pytest.fixture
def taken(make_user, admin):
    """An existing account holding the e-mail and NIP the invalid forms try to reuse."""
    return make_user(Role.INNOVATOR, email="ada@kota.go.id", nip=NIP, unit=admin.unit)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Nama wajib diisi."),
        ({"email": ""}, "email", "E-mail wajib diisi."),
        ({"email": "bukan-email"}, "email", "Alamat e-mail tidak valid."),
        ({"email": "ADA@kota.go.id"}, "email", "E-mail ini sudah dipakai akun lain."),
        ({"nip": "12345"}, "nip", "NIP harus 18 digit angka."),
        ({"nip": "19870315201001200x"}, "nip", "NIP harus 18 digit angka."),
        ({"email": "baru@kota.go.id"}, "nip", "NIP ini sudah terdaftar pada akun lain."),
        ({"unit_id": ""}, "unit_id", "Pilih unit kerja."),
        ({"unit_id": "999999"}, "unit_id", "Unit kerja tidak ditemukan."),
        ({"roles": []}, "roles", "Pilih minimal satu peran."),
        ({"roles": ["superuser"]}, "roles", "Peran tidak dikenal: superuser."),
        ({"password": ""}, "password", "Kata sandi awal wajib diisi."),
        ({"password": "pendek"}, "password", "Kata sandi minimal 10 karakter."),
        ({"password": "inovasi123"}, "password", "Kata sandi ini terlalu umum"),
    ],
)
def test_each_invalid_field_is_explained_next_to_it_and_nothing_is_saved(
    client, admin, taken, new_user_form, count, field_error, overrides, field, message
):
    before = count(User)
    data = new_user_form(**overrides)
    if field != "nip":
        data["nip"] = ""  # only the NIP case reuses the taken NIP
    response = client.post("/admin/users/new", data=data)

    assert response.status_code == 200
    assert message in (field_error(response.get_data(as_text=True), field) or "")
    assert count(User) == before
    assert count(AuditLog) == 0


def test_all_errors_are_shown_in_one_pass(client, admin, taken, new_user_form, field_error):
    response = client.post("/admin/users/new", data=new_user_form(email="ada@kota.go.id", roles=[], password="x" * 3))
    html = response.get_data(as_text=True)
    assert "sudah dipakai" in field_error(html, "email")
    assert "minimal satu peran" in field_error(html, "roles")
    assert "minimal 10 karakter" in field_error(html, "password")
    assert "sudah terdaftar" in field_error(html, "nip")


def test_search_and_filters(client, admin, make_user, make_unit):
    puskesmas = make_unit("Puskesmas Mayangan", UnitKind.PUSKESMAS, parent=admin.unit.parent, code="PKM-01")
    make_user(Role.REVIEWER, name="Dewi Lestari", email="dewi@kota.go.id", unit=puskesmas, nip=NIP)
    gone = make_user(Role.INNOVATOR, name="Bambang Irawan", email="bambang@kota.go.id", unit=admin.unit)
    gone.is_active = False
    db.session.commit()

    def names(query: str) -> set[str]:
        html = client.get("/admin/users" + query).get_data(as_text=True)
        return set(re.findall(r'<tr data-testid="user-row">\s*<td><a [^>]*>([^<]+)</a>', html))

    assert names("") == {"Admin Kota", "Dewi Lestari", "Bambang Irawan"}
    assert names("?q=lestari") == {"Dewi Lestari"}
    assert names("?q=BAMBANG%40kota") == {"Bambang Irawan"}
    assert names("?q=2010012003") == {"Dewi Lestari"}
    assert names("?role=reviewer") == {"Dewi Lestari"}
    assert names(f"?unit={puskesmas.id}") == {"Dewi Lestari"}
    assert names("?active=0") == {"Bambang Irawan"}
    assert names("?active=1&role=admin") == {"Admin Kota"}


@pytest.fixture
def member(make_user, admin):
    return make_user(Role.INNOVATOR, name="Rina Wulandari", email="rina@kota.go.id", unit=admin.unit)


def _edit_form(user: User, **overrides) -> dict:
    values = {
        "name": user.name, "email": user.email, "nip": user.nip or "", "unit_id": str(user.unit_id),
        "roles": sorted(r.value for r in user.roles), "is_active": "y" if user.is_active else None,
        "version_id": str(user.version_id),
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def test_admin_edits_an_account(client, admin, member, make_unit, audit_rows):
    kecamatan = make_unit("Kecamatan Kanigaran", UnitKind.KECAMATAN, parent=admin.unit.parent, code="35.74.02")
    db.session.commit()
    version = member.version_id
    page = client.get(f"/admin/users/{member.id}/edit").get_data(as_text=True)
    assert f'name="version_id" type="hidden" value="{version}"' in page

    response = client.post(f"/admin/users/{member.id}/edit", data=_edit_form(
        member, name="Rina W.", nip=NIP, unit_id=str(kecamatan.id), roles=["innovator", "coordinator"]))
    assert response.status_code == 302

    db.session.expire_all()
    user = db.session.get(User, member.id)
    assert (user.name, user.nip, user.unit_id) == ("Rina W.", NIP, kecamatan.id)
    assert user.roles == {Role.INNOVATOR, Role.COORDINATOR} and user.version_id == version + 1
    [entry] = audit_rows("user.update")
    assert entry.details["changes"]["name"] == ["Rina Wulandari", "Rina W."]
    assert entry.details["changes"]["roles"] == [["innovator"], ["coordinator", "innovator"]]
    assert "email" not in entry.details["changes"]


def test_a_role_change_alone_counts_as_a_new_version(client, admin, member):
    version = member.version_id
    client.post(f"/admin/users/{member.id}/edit", data=_edit_form(member, roles=["viewer"]))
    db.session.expire_all()
    user = db.session.get(User, member.id)
    assert user.roles == {Role.VIEWER} and user.version_id == version + 1


def test_stale_edit_is_refused_and_keeps_what_was_typed(client, admin, member, count):
    form = _edit_form(member, name="Nama Dari Admin Pertama")
    # Meanwhile another admin saves a change to the same account.
    member.name = "Nama Dari Admin Kedua"
    db.session.commit()

    response = client.post(f"/admin/users/{member.id}/edit", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "sudah diubah orang lain" in html
    assert 'value="Nama Dari Admin Pertama"' in html
    db.session.expire_all()
    assert db.session.get(User, member.id).name == "Nama Dari Admin Kedua"
    assert count(AuditLog) == 0


def test_email_and_nip_of_another_account_are_refused_on_edit(client, admin, member, taken, field_error):
    response = client.post(f"/admin/users/{member.id}/edit", data=_edit_form(member, email="ada@kota.go.id",
                                                                             nip=NIP))
    html = response.get_data(as_text=True)
    assert field_error(html, "email") == "E-mail ini sudah dipakai akun lain."
    assert field_error(html, "nip") == "NIP ini sudah terdaftar pada akun lain."


def test_admin_cannot_remove_their_own_admin_role_or_deactivate_themselves(client, admin, field_error):
    response = client.post(f"/admin/users/{admin.id}/edit",
                            data=_edit_form(admin, roles=["innovator"], is_active=None))
    html = response.get_data(as_text=True)
    assert "mencabut peran Administrator dari akun Anda sendiri" in field_error(html, "roles")
    assert "menonaktifkan akun Anda sendiri" in field_error(html, "is_active")

    response = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "menonaktifkan akun Anda sendiri" in response.get_data(as_text=True)
    db.session.expire_all()
    me = db.session.get(User, admin.id)
    assert me.is_active and Role.ADMIN in me.roles
    assert client.get("/admin/users").status_code == 200


def test_admin_may_change_their_own_other_roles(client, admin):
    response = client.post(f"/admin/users/{admin.id}/edit", data=_edit_form(admin, roles=["admin", "coordinator"]))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, admin.id).roles == {Role.ADMIN, Role.COORDINATOR}


def test_a_save_racing_another_commit_is_refused_not_lost(app, admin, member):
    """The version matched when the form was read, but another save lands before ours is written."""
    from innolab.admin.users import update_account
    from innolab.domain import DomainError

    version, member_id = member.version_id, member.id
    db.session.commit()  # the form was read in an earlier request; this one starts after the other admin's save
    with db.engine.begin() as other_admin:
        other_admin.execute(User.__table__.update().where(User.id == member_id)
                            .values(name="Nama Dari Admin Kedua", version_id=version + 1))
    with pytest.raises(DomainError) as refused:
        update_account(admin, member, version_id=version, name="Nama Dari Admin Pertama", email=member.email,
                       nip=None, unit_id=member.unit_id, roles=["innovator"], is_active=True)
    assert "sudah diubah orang lain" in str(refused.value)
    db.session.rollback()
    assert db.session.get(User, member.id).name == "Nama Dari Admin Kedua"
