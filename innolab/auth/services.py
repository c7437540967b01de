"""Account operations: sign-in checks, account creation, password change and reset."""
from __future__ import annotations

import hashlib
import hmac
import re

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select, update

from innolab.auth import passwords
from innolab.auth.sessions import end_all_sessions
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import Unit, User
from innolab.models.types import utcnow
from innolab.vocab import Role

NIP_PATTERN = re.compile(r"^\d{18}$")
RESET_SALT = "innolab-password-reset"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_digest(email: str) -> str:
    """A short keyed hash of an e-mail address, for logs: the same address always gives the same digest."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalise_email(email).encode(), hashlib.sha256).hexdigest()[:16]


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Takes as long for unknown accounts."""
    user = find_user_by_email(email)
    if user is None:
        passwords.verify_password(passwords.DUMMY_HASH, password)
        return None
    if not passwords.verify_password(user.password_hash, password) or not user.is_active:
        return None
    # Core UPDATE, not the ORM: signing in must not bump the version an admin's open edit form relies on.
    values = {"last_login_at": utcnow()}
    if passwords.needs_rehash(user.password_hash):
        values["password_hash"] = passwords.hash_password(password)
    db.session.execute(update(User).where(User.id == user.id).values(**values))
    return user


def check_password_rules(password: str, field: str = "password") -> None:
    """Raise DomainError when a new password is too short, too long or too common."""
    if len(password) < passwords.MIN_LENGTH:
        raise DomainError.on(field, _("Kata sandi minimal %(n)d karakter.", n=passwords.MIN_LENGTH))
    if len(password) > passwords.MAX_LENGTH:
        raise DomainError.on(field, _("Kata sandi maksimal %(n)d karakter.", n=passwords.MAX_LENGTH))
    if passwords.is_common(password):
        raise DomainError.on(field, _("Kata sandi ini terlalu umum dan mudah ditebak; pilih yang lain."))


def create_user(
    *, email: str, name: str, unit: Unit, password: str, roles=(), nip: str | None = None
) -> User:
    """Create an account after checking its rules; flushes, never commits."""
    email = normalise_email(email)
    errors: list[tuple[str, str]] = []
    if find_user_by_email(email) is not None:
        errors.append(("email", _("E-mail ini sudah dipakai akun lain.")))
    nip = (nip or "").strip() or None
    if nip is not None:
        errors.extend(_nip_errors(nip))
    try:
        check_password_rules(password)
    except DomainError as exc:
        errors.extend(exc.errors)
    if errors:
        raise DomainError(*errors)
    user = User(email=email, name=name.strip(), nip=nip, unit=unit, password_hash=passwords.hash_password(password))
    user.roles = [Role(r) for r in roles]
    db.session.add(user)
    db.session.flush()
    return user


def _nip_errors(nip: str, user: User | None = None) -> list[tuple[str, str]]:
    if not NIP_PATTERN.match(nip):
        return [("nip", _("NIP harus 18 digit angka."))]
    owner = db.session.scalar(select(User).where(User.nip == nip))
    if owner is not None and owner is not user:
        return [("nip", _("NIP ini sudah terdaftar pada akun lain."))]
    return []


def validate_nip(nip: str | None, user: User | None = None) -> None:
    """Raise DomainError unless `nip` is empty or 18 digits not used by another account."""
    if nip:
        errors = _nip_errors(nip, user)
        if errors:
            raise DomainError(*errors)


def change_password(user: User, current: str, new: str) -> None:
    """Change a password after checking the current one; other sessions of the user end."""
    if not passwords.verify_password(user.password_hash, current):
        raise DomainError.on("current_password", _("Kata sandi saat ini salah."))
    if new == current:
        raise DomainError.on("new_password", _("Kata sandi baru harus berbeda dari yang lama."))
    check_password_rules(new, "new_password")
    user.password_hash = passwords.hash_password(new)
    end_all_sessions(user, except_current=True)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def make_reset_token(user: User) -> str:
    # Binding the token to the current hash makes it single-use: once the password changes it no longer matches.
    return _serializer().dumps({"uid": user.id, "h": user.password_hash[-16:]})


def user_for_reset_token(token: str) -> User | None:
    """The user a valid, unexpired, unused reset token belongs to, else None."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or not user.is_active or user.password_hash[-16:] != data.get("h"):
        return None
    return user


def reset_password(token: str, new: str) -> User:
    """Set a new password from a reset link and end every session of the account."""
    user = user_for_reset_token(token)
    if user is None:
        raise DomainError.on(None, _("Tautan atur ulang kata sandi tidak berlaku atau sudah kedaluwarsa."))
    check_password_rules(new, "password")
    user.password_hash = passwords.hash_password(new)
    end_all_sessions(user)
    return user
