"""Idempotency keys: a form carries a random key, so a submission that is sent again is not saved twice.

A browser (or a client) that retries a POST whose answer it never received, after a dropped connection, a server
restart or a double click, sends the same key again. The service that creates a row stores the key with it (unique
per user) and, seeing the key again, returns the row the first request created instead of creating another.
"""
from __future__ import annotations

import re
import secrets
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute
from wtforms import HiddenField

from innolab.extensions import db

Row = TypeVar("Row")

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


def created_with_key(creator: InstrumentedAttribute, creator_id: int, key: str | None):
    """The row of `creator`'s model that this user created with `key` (e.g. `Innovation.owner_id`), if any."""
    if key is None:
        return None
    model = creator.class_
    return db.session.scalar(select(model).where(creator == creator_id, model.idempotency_key == key))


def insert_once(row: Row, creator: InstrumentedAttribute, creator_id: int, key: str | None) -> tuple[Row, bool]:
    """Insert `row`; returns (the row, True), or (the earlier row, False) when a parallel request saved the key first.

    The insert runs in a savepoint, so losing that race undoes only this insert, not the caller's transaction.
    """
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        earlier = created_with_key(creator, creator_id, key)
        if earlier is None:
            raise
        return earlier, False
    return row, True
