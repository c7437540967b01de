"""URLs: redirect targets that cannot leave the site, and ids in routes that a database can hold."""
from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

from flask import Flask
from werkzeug.routing import IntegerConverter

# The largest id every id column can hold: PostgreSQL's INTEGER is 32-bit (SQLite's is 64-bit).
MAX_DATABASE_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` in every route: a number no id can reach is simply not found (404), never a database error."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_DATABASE_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    """Install the URL converters; before any blueprint is registered, since rules pick converters when added."""
    app.url_map.converters["int"] = DatabaseIdConverter


def safe_next(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default` (no open redirect through ?next=)."""
    if not target:
        return default
    target = target.strip()
    # Browsers drop tabs and newlines inside a URL ("/\t/evil.example" is "//evil.example") and a newline in a
    # Location header is refused by the server (an error page): any control or space character makes it unsafe.
    if any(unicodedata.category(ch)[0] in "CZ" for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    # Decoded once more, the path must still stay on the site ("/%2F%2Fevil.example", "/%5Cevil.example").
    decoded = unquote(target)
    if decoded.startswith("//") or "\\" in decoded:
        return default
    return target
