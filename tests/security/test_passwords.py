"""ASVS V6.2 password rules on every path that sets a password: length 10–128 and the common-password list.

The paths: changing one's own password, the e-mailed reset link, an admin creating an account, the admin's CSV
import, and `flask create-admin`. Each refuses with an Indonesian message next to its field and saves nothing.
"""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from innolab.auth import common_passwords, passwords, services
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import User
from innolab.vocab import Role, UnitKind
from tests.conftest import TEST_PASSWORD
from tests.security.conftest import field_error


def sample(length: int) -> str:
    """A password of exactly `length` characters that is on no list."""
    return ("Gd7!kP2@xM9#vQ4$" * 9)[:length]


TOO_SHORT = "Kata sandi minimal 10 karakter."
TOO_LONG = "Kata sandi maksimal 128 karakter."
TOO_COMMON = "Kata sandi ini terlalu umum dan mudah ditebak; pilih yang lain."
# (password, message): a common one in several disguises, a too short and a too long one.
BAD = [
    (sample(9), TOO_SHORT),
    (sample(129), TOO_LONG),
    ("indonesia123", TOO_COMMON),
    ("Bismillah2026!", TOO_COMMON),
    ("P@ssw0rd2026", TOO_COMMON),
]
BAD_IDS = ["9-chars", "129-chars", "indonesia123", "bismillah-year", "leetspeak"]
GOOD = "Hujan-Sore-Di-Alun-Alun-7"


@pytest.mark.parametrize(("length", "accepted"), [(9, False), (10, True), (128, True), (129, False)])
def test_length_limits_at_the_boundaries(length, accepted):
    password = sample(length)
    if accepted:
        services.check_password_rules(password)
    else:
        with pytest.raises(DomainError) as refused:
            services.check_password_rules(password)
        assert refused.value.errors[0][0] == "password"
    assert (passwords.MIN_LENGTH, passwords.MAX_LENGTH) == (10, 128)


@pytest.mark.parametrize("password", [
    "password123", "PASSWORD123", "qwerty", "QwErTy123456", "bismillah", "Bismillah123", "indonesia123",
    "Indonesia1945", "merdeka1945!", "P@ssw0rd2026", "Rahasia-2026", "sayang12345", "Inovasi2026",
    "innolab-2026", "1234567890", "1q2w3e4r5t", "  qwertyuiop  ", "123Jakarta!",
])
def test_common_passwords_are_recognised_in_any_case_and_disguise(password):
    assert passwords.is_common(password)


@pytest.mark.parametrize("password", [
    TEST_PASSWORD, GOOD, "Kopi-Pagi-Balai-Kota", "Sangat-Aman-2026", "indonesia raya merdeka jaya",
    "Bismillah-Rapat-Senin-Pagi",
])
def test_long_passphrases_built_from_common_words_are_fine(password):
    assert not passwords.is_common(password)


def test_the_bundled_list_is_well_formed():
    for entry in common_passwords.PASSWORDS | common_passwords.WORDS:
        assert entry == entry.strip().lower() and " " not in entry, entry
    assert all(word.isalpha() for word in common_passwords.WORDS)
    for indonesian in ("password123", "qwerty", "bismillah", "indonesia123", "rahasia", "sayang", "merdeka45"):
        assert indonesian in common_passwords.PASSWORDS


@pytest.mark.parametrize(("password", "message"), BAD, ids=BAD_IDS)
def test_changing_ones_password(client, login_as, password, message):
    user = login_as(Role.INNOVATOR)
    old_hash = user.password_hash
    response = client.post("/account/password", data={"current_password": TEST_PASSWORD,
                                                       "new_password": password, "confirm": password})
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), "new_password") == message
    db.session.refresh(user)
    assert user.password_hash == old_hash


def test_changing_ones_password_to_a_good_one_works(client, login_as):
    user = login_as(Role.INNOVATOR)
    response = client.post("/account/password", data={"current_password": TEST_PASSWORD,
                                                       "new_password": GOOD, "confirm": GOOD})
    assert response.status_code == 302
    db.session.refresh(user)
    assert passwords.verify_password(user.password_hash, GOOD)


@pytest.mark.parametrize(("password", "message"), BAD, ids=BAD_IDS)
def test_the_reset_link(client, make_user, password, message):
    user = make_user(Role.INNOVATOR)
    old_hash = user.password_hash
    link = f"/password/reset/{services.make_reset_token(user)}"
    response = client.post(link, data={"password": password, "confirm": password})
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), "password") == message
    db.session.refresh(user)
    assert user.password_hash == old_hash
    # The refusal did not use the link up: a good password is still accepted through it.
    assert client.post(link, data={"password": GOOD, "confirm": GOOD}).status_code == 302
    db.session.refresh(user)
    assert passwords.verify_password(user.password_hash, GOOD)


def _new_account(unit_id: int, password: str) -> dict:
    return {"name": "Rina Wulandari", "email": "rina@kota-uji.go.id", "unit_id": str(unit_id),
            "roles": "innovator", "password": password}


@pytest.mark.parametrize(("password", "message"), BAD, ids=BAD_IDS)
def test_an_admin_creating_an_account(client, login_as, password, message):
    admin = login_as(Role.ADMIN)
    response = client.post("/admin/users/new", data=_new_account(admin.unit_id, password))
    assert response.status_code == 200
    # The admin form stops an over-long password itself, in its own words.
    expected = "Kata sandi terlalu panjang." if message == TOO_LONG else message
    assert field_error(response.get_data(as_text=True), "password") == expected
    assert db.session.scalar(select(User).where(User.email == "rina@kota-uji.go.id")) is None


def test_an_admin_creating_an_account_with_a_good_password(client, login_as):
    admin = login_as(Role.ADMIN)
    assert client.post("/admin/users/new", data=_new_account(admin.unit_id, GOOD)).status_code == 302
    created = db.session.scalar(select(User).where(User.email == "rina@kota-uji.go.id"))
    assert passwords.verify_password(created.password_hash, GOOD)


def test_the_admins_csv_import(client, login_as, make_unit):
    login_as(Role.ADMIN)
    make_unit("Dinas Uji", UnitKind.OPD, code="OPD-UJI")
    db.session.commit()
    rows = "".join(f"csv{n}@kota-uji.go.id,Pengguna {n},OPD-UJI,innovator,{password}\n"
                   for n, (password, _) in enumerate(BAD))
    content = ("email,name,unit_code,roles,password\n" + rows).encode()
    response = client.post("/admin/users/import", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(content), "akun.csv"), "submit": "Impor"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f"Ditolak: {len(BAD)}" in html
    for _, message in BAD:
        assert message in html
    assert db.session.scalars(select(User.email).where(User.email.like("csv%@kota-uji.go.id"))).all() == []


@pytest.mark.parametrize(("password", "message"), BAD, ids=BAD_IDS)
def test_flask_create_admin(app, make_unit, password, message):
    make_unit(kind=UnitKind.OPD)
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "admin@kota-uji.go.id", "--name", "Admin", "--password", password])
    assert result.exit_code != 0 and message in result.output
    assert db.session.scalar(select(User)) is None


def test_no_account_exists_until_someone_creates_one(app, client):
    """No default administrator: a fresh database has no account at all, so no known password signs in."""
    assert db.session.scalar(select(User)) is None
    for email, password in (("admin@innolab.local", "admin"), ("admin@kota-uji.go.id", "Demo-InnoLab-2026")):
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 200 and "E-mail atau kata sandi salah" in response.get_data(as_text=True)


def test_login_refuses_an_over_long_password_before_hashing_it(client, make_user):
    user = make_user(Role.INNOVATOR)
    response = client.post("/login", data={"email": user.email, "password": "x" * 100_000})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_error(html, "password") == "E-mail atau kata sandi salah, atau akun tidak aktif."
    assert "Field cannot be longer" not in html


def test_the_demo_accounts_are_never_loaded_into_production(app, monkeypatch):
    """The demo city's accounts (an administrator among them) share a published password: not in production."""
    monkeypatch.setitem(app.config, "PRODUCTION", True)
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "--allow-production" in result.output
    assert db.session.scalar(select(User)) is None
