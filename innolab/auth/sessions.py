"""Server-side login sessions.

Flask's cookie session is signed but not revocable: a copied cookie would outlive logout. The cookie therefore
holds a random token whose hash names a LoginSession row; ending the row ends the session everywhere.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, request, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from sqlalchemy import select, update

from innolab.extensions import db, login_manager
from innolab.models import LoginSession, User
from innolab.models.types import utcnow

TOKEN_KEY = "sid"
# Avoid a write on every request: last_seen_at only needs minute precision for the idle timeout.
TOUCH_INTERVAL = timedelta(seconds=60)
# Kept across the session reset at login, so the chosen language survives signing in.
CARRIED_KEYS = ("lang",)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def init_app(app) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # the LoginSession row does this job, across hosts too
    login_manager.user_loader(load_user)


def start_session(user: User) -> None:
    """Sign `user` in on a fresh session (no state from before login survives, against session fixation)."""
    carried = {key: session[key] for key in CARRIED_KEYS if key in session}
    session.clear()
    session.update(carried)
    token = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(
            token_hash=_digest(token),
            user_id=user.id,
            user_agent=(request.user_agent.string or "")[:300],
            ip_address=request.remote_addr,
        )
    )
    session[TOKEN_KEY] = token
    session.permanent = True
    login_user(user)


def end_session() -> None:
    """End the current login session for good and clear the cookie."""
    token = session.get(TOKEN_KEY)
    if token:
        db.session.execute(
            update(LoginSession)
            .where(LoginSession.token_hash == _digest(token), LoginSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )
    logout_user()
    carried = {key: session[key] for key in CARRIED_KEYS if key in session}
    session.clear()
    session.update(carried)


def end_all_sessions(user: User, except_current: bool = False) -> None:
    """End every session of `user` (password change, reset, deactivation)."""
    stmt = update(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
    token = session.get(TOKEN_KEY)
    if except_current and token:
        stmt = stmt.where(LoginSession.token_hash != _digest(token))
    db.session.execute(stmt.values(ended_at=utcnow()))


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user only while their session row is live, unexpired and the account active."""
    token = session.get(TOKEN_KEY)
    if not token or not user_id.isdigit():
        return None
    row = db.session.scalar(select(LoginSession).where(LoginSession.token_hash == _digest(token)))
    if row is None or row.ended_at is not None or row.user_id != int(user_id):
        return None
    now = utcnow()
    config = current_app.config
    expired = (
        now - row.last_seen_at > config["SESSION_IDLE_TIMEOUT"]
        or now - row.created_at > config["SESSION_ABSOLUTE_TIMEOUT"]
    )
    user = row.user
    if expired or not user.is_active:
        row.ended_at = now
        db.session.commit()
        return None
    if now - row.last_seen_at > TOUCH_INTERVAL:
        row.last_seen_at = now
        db.session.commit()
    return user
