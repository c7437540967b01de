"""Language and time zone: Bahasa Indonesia by default, English on request, Asia/Jakarta time."""
from __future__ import annotations

from flask import current_app, has_request_context, session
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user

from innolab.vocab import AFFAIRS, EVIDENCE_KINDS


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI and background work speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def remember_locale(lang: str) -> None:
    """Keep the chosen language in the session and, for a signed-in user, on their account."""
    if lang not in current_app.config["LANGUAGES"]:
        return
    session["lang"] = lang
    if current_user.is_authenticated:
        current_user.locale = lang


def init_app(app) -> None:
    app.jinja_env.filters.update(
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        datetime=lambda value, fmt="medium": format_datetime(value, fmt) if value else "",
        number=lambda value: format_decimal(value) if value is not None else "",
    )
    app.jinja_env.globals.update(
        current_locale=lambda: str(get_locale()),
        affair_name=lambda key: AFFAIRS.get(key, key or ""),
        evidence_kind_name=lambda key: EVIDENCE_KINDS.get(key, key),
    )
