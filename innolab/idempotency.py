"""Idempotency keys: a form carries a random key, so a submission that is sent again is not saved twice.

A browser (or a client) that retries a POST whose answer it never received, after a dropped connection, a server
restart or a double click, sends the same key again. The service that creates a row stores the key with it (unique
per user) and, seeing the key again, returns the row the first request created instead of creating another.
"""
from __future__ import annotations

import re
import secrets

from wtforms import HiddenField

KEY_MAX = 64
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_key() -> str:
    """A fresh key for a form being rendered (192 random bits)."""
    return secrets.token_urlsafe(24)


def clean(value: str | None) -> str | None:
    """The posted key if it has the shape of one; None (no protection, nothing refused) for anything else.

    A page rendered before keys existed, or a client that sends none, still saves: it only cannot be deduplicated.
    """
    value = (value or "").strip()
    return value if _KEY.fullmatch(value) else None


def key_field() -> HiddenField:
    """The hidden form field; `hidden_tag()` renders it with a new key each time the form is shown afresh."""
    return HiddenField(default=new_key)
