"""Settings from INNOLAB_* environment variables, with embedded defaults in the instance folder."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"INNOLAB_{name}", default)


def _flag(name: str, default: bool = False) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ya", "on"}


def persistent_secret_key(instance_path: Path) -> str:
    """Return the secret key kept in the instance folder, creating it on first use."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Owner-only: the key signs sessions and password-reset links.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def normalise_database_url(url: str) -> str:
    """Let operators write postgresql://…; we drive PostgreSQL with psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load_settings(instance_path: Path) -> dict:
    """Build the Flask config mapping from the environment."""
    database_url = normalise_database_url(
        _env("DATABASE_URL") or f"sqlite:///{instance_path / 'innolab.sqlite3'}"
    )
    production = _flag("PRODUCTION")
    return {
        "SECRET_KEY": _env("SECRET_KEY") or persistent_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "INDEX_DIR": _env("INDEX_DIR") or str(instance_path / "index"),
        "SEARCH_LOCK_TIMEOUT": float(_env("SEARCH_LOCK_TIMEOUT", "5")),  # seconds a save waits for the index lock
        "SEARCH_CATCH_UP_SECONDS": float(_env("SEARCH_CATCH_UP_SECONDS", "2")),  # how stale another host's save may be
        "SEARCH_CHECK_ON_START": True,
        "SEARCH_REPAIR_IN_BACKGROUND": True,
        "UPLOAD_DIR": _env("UPLOAD_DIR") or str(instance_path / "uploads"),
        "MAX_CONTENT_LENGTH": int(_env("MAX_UPLOAD_MB", "10")) * 1024 * 1024 + 64 * 1024,
        "BASE_URL": _env("BASE_URL"),  # the site's public address, for links in e-mails sent outside a request
        "MAIL_SERVER": _env("MAIL_SERVER"),
        "MAIL_PORT": int(_env("MAIL_PORT", "25")),
        "MAIL_USERNAME": _env("MAIL_USERNAME"),
        "MAIL_PASSWORD": _env("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS"),
        "MAIL_SENDER": _env("MAIL_SENDER", "InnoLab <noreply@innolab.local>"),
        "REDIS_URL": _env("REDIS_URL"),
        # Memory storage counts per worker; with Redis every worker and host shares one count per account and IP.
        "RATELIMIT_STORAGE_URI": _env("REDIS_URL") or "memory://",
        # A Redis outage must not lock everyone out: limits fall back to per-worker counts until it is back.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        "RATELIMIT_LOGIN": _env("RATELIMIT_LOGIN", "10 per minute;50 per hour"),
        "LOG_LEVEL": _env("LOG_LEVEL", "INFO"),
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
        "LANGUAGES": ("id", "en"),
        "BOOTSTRAP_SERVE_LOCAL": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        # Over HTTPS the "__Host-" prefix makes browsers refuse the cookie unless it is Secure, host-only and for "/".
        "SESSION_COOKIE_NAME": "__Host-session" if production else "session",
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "PRODUCTION": production,
        # How many reverse proxies stand in front: their X-Forwarded-For/-Proto are then trusted for client IPs
        # (rate limits, logs) and https links. 0 = none, so a client cannot forge its address.
        "PROXY_COUNT": int(_env("PROXY_COUNT", "0")),
        "SESSION_IDLE_TIMEOUT": timedelta(minutes=int(_env("SESSION_IDLE_MINUTES", "60"))),
        "SESSION_ABSOLUTE_TIMEOUT": timedelta(hours=int(_env("SESSION_ABSOLUTE_HOURS", "12"))),
        "PASSWORD_RESET_MAX_AGE": 3600,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session; a long form must not expire
    }
