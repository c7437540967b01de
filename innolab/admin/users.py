"""Account administration: list, create, edit, deactivate and reactivate users."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import attributes
from sqlalchemy.orm.exc import StaleDataError

from innolab import audit
from innolab.auth.services import (
    check_password_rules,
    create_user,
    find_user_by_email,
    normalise_email,
    validate_nip,
)
from innolab.auth.sessions import end_all_sessions
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import Unit, User, UserRole
from innolab.vocab import Role


def user_listing(q: str = "", role: str = "", unit_id: int | None = None, active: str = "") -> Select:
    """The users matching a search on name/e-mail/NIP and the role, unit and active filters, by name."""
    stmt = select(User).order_by(User.name, User.id)
    q = (q or "").strip()
    if q:
        # autoescape: a '%' or '_' typed in the search box is a character, not a wildcard.
        stmt = stmt.where(or_(User.name.icontains(q, autoescape=True), User.email.icontains(q, autoescape=True),
                              User.nip.contains(q, autoescape=True)))
    if role in {r.value for r in Role}:
        stmt = stmt.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == Role(role))))
    if unit_id:
        stmt = stmt.where(User.unit_id == unit_id)
    if active in ("1", "0"):
        stmt = stmt.where(User.is_active.is_(active == "1"))
    return stmt


def parse_roles(values) -> tuple[set[Role], list[str]]:
    """Role keys to Roles; the second item lists keys that name no role."""
    roles, unknown = set(), []
    for value in values:
        key = str(value).strip().lower()
        if not key:
            continue
        try:
            roles.add(Role(key))
        except ValueError:
            unknown.append(key)
    return roles, unknown


def _role_errors(values, field: str = "roles") -> tuple[set[Role], list[tuple[str, str]]]:
    roles, unknown = parse_roles(values)
    if unknown:
        message = _("Peran tidak dikenal: %(bad)s. Pilihan: %(keys)s.", bad=", ".join(unknown),
                    keys=", ".join(r.value for r in Role))
        return roles, [(field, message)]
    if not roles:
        return roles, [(field, _("Pilih minimal satu peran."))]
    return roles, []


def _unit_or_error(unit_id, errors: list) -> Unit | None:
    unit = db.session.get(Unit, unit_id) if unit_id else None
    if unit is None:
        errors.append(("unit_id", _("Unit kerja tidak ditemukan.")))
    return unit


def _account_rule_errors(email: str, nip: str | None, password: str) -> list[tuple[str, str]]:
    """The checks create_user makes, run on their own so every error can be shown in one pass."""
    errors = []
    if find_user_by_email(email) is not None:
        errors.append(("email", _("E-mail ini sudah dipakai akun lain.")))
    try:
        validate_nip((nip or "").strip() or None)
    except DomainError as exc:
        errors.extend(exc.errors)
    try:
        check_password_rules(password)
    except DomainError as exc:
        errors.extend(exc.errors)
    return errors


def account_errors(*, email: str, nip: str | None, password: str, roles) -> tuple[set[Role], list]:
    """The roles asked for, and every rule a new account breaks apart from its unit, to show them all at once."""
    wanted, errors = _role_errors(roles)
    return wanted, errors + _account_rule_errors(email, nip, password)


def create_account(actor, *, name: str, email: str, nip: str | None, unit_id: int | None, roles,
                   password: str, source: str = "form") -> User:
    """Create an account on behalf of an admin and log it; flushes, never commits."""
    wanted, errors = account_errors(email=email, nip=nip, password=password, roles=roles)
    unit = _unit_or_error(unit_id, errors)
    if errors:
        raise DomainError(*errors)
    user = create_user(email=email, name=name, unit=unit, password=password, roles=wanted, nip=nip)
    audit.record(actor, "user.create", user, email=user.email, roles=user.roles, unit=unit.code, source=source)
    return user


def _self_protection_errors(actor, user: User, roles: set[Role], is_active: bool) -> list[tuple[str, str]]:
    if actor is None or actor.id != user.id:
        return []
    errors = []
    if Role.ADMIN in user.roles and Role.ADMIN not in roles:
        errors.append(("roles", _("Anda tidak dapat mencabut peran Administrator dari akun Anda sendiri.")))
    if not is_active:
        errors.append(("is_active", _("Anda tidak dapat menonaktifkan akun Anda sendiri.")))
    return errors


def _stale_message() -> str:
    return _(
        "Data pengguna ini sudah diubah orang lain sejak formulir dibuka, sehingga perubahan Anda belum disimpan. "
        "Isian Anda masih tertera di bawah; muat ulang halaman untuk melihat data terbaru, lalu simpan kembali."
    )


def update_account(actor, user: User, *, version_id, name: str, email: str, nip: str | None, unit_id,
                   roles, is_active: bool) -> User:
    """Apply an admin's edit after checking rules and the optimistic lock; flushes, never commits."""
    if str(version_id) != str(user.version_id):
        raise DomainError.on(None, _stale_message())
    errors: list[tuple[str, str]] = []
    email = normalise_email(email)
    owner = find_user_by_email(email)
    if owner is not None and owner.id != user.id:
        errors.append(("email", _("E-mail ini sudah dipakai akun lain.")))
    nip = (nip or "").strip() or None
    try:
        validate_nip(nip, user)
    except DomainError as exc:
        errors.extend(exc.errors)
    unit = _unit_or_error(unit_id, errors)
    wanted, role_errors = _role_errors(roles)
    errors.extend(role_errors)
    errors.extend(_self_protection_errors(actor, user, wanted, is_active))
    if errors:
        raise DomainError(*errors)

    before = _snapshot(user)
    try:
        # A savepoint keeps the session usable when another admin's commit lands between our read and our write.
        with db.session.begin_nested():
            user.name, user.email, user.nip, user.unit = name.strip(), email, nip, unit
            if set(user.roles) != wanted:
                user.roles = wanted
                # Role rows live in another table; touching a column makes the version count role edits too.
                attributes.flag_modified(user, "name")
            user.is_active = bool(is_active)
            db.session.flush()
    except StaleDataError:
        raise DomainError.on(None, _stale_message()) from None
    changes = {key: [before[key], value] for key, value in _snapshot(user).items() if before[key] != value}
    if changes:
        audit.record(actor, "user.update", user, changes=changes)
        if before["is_active"] and not user.is_active:
            end_all_sessions(user)
    return user


def _snapshot(user: User) -> dict:
    return {
        "name": user.name,
        "email": user.email,
        "nip": user.nip,
        "unit": user.unit.code if user.unit else None,
        "roles": sorted(r.value for r in user.roles),
        "is_active": user.is_active,
    }


def set_active(actor, user: User, active: bool) -> User:
    """Deactivate (ending every session) or reactivate an account, and log it; flushes, never commits."""
    if not active and actor is not None and actor.id == user.id:
        raise DomainError.on(None, _("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if user.is_active == active:
        return user
    user.is_active = active
    if not active:
        end_all_sessions(user)
    db.session.flush()
    audit.record(actor, "user.reactivate" if active else "user.deactivate", user, email=user.email)
    return user
