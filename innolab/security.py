"""Security headers on every response, no caching of private pages, and requests no form or link ever sends."""
from __future__ import annotations

from flask import Flask, abort, request
from flask_login import current_user

# No inline script or style anywhere: every asset is a file served by the app itself.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


ASSET_ENDPOINTS = frozenset({"static", "bootstrap.static"})
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Flask-SQLAlchemy turns ?page= into an OFFSET: a number of 20 digits overflows the database's integer (a 500).
MAX_PAGE_DIGITS = 9


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_impossible_page_numbers():
        # The JSON API checks its own parameters and answers a bad one with a 400 naming it.
        if len(request.args.get("page", "")) > MAX_PAGE_DIGITS and request.blueprint != "api":
            abort(404)

    @app.before_request
    def refuse_nul_characters():
        # No form or link ever sends a NUL character, and PostgreSQL can neither store nor compare text holding one.
        fields = [*request.args.items(multi=True)]
        if request.method in STATE_CHANGING:
            fields.extend(request.form.items(multi=True))
        if any("\x00" in key or "\x00" in value for key, value in fields):
            abort(400)

    @app.after_request
    def set_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("PRODUCTION"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # Assets are the same for everyone: don't load the user (a database read) for each of them.
        if request.endpoint not in ASSET_ENDPOINTS and current_user and current_user.is_authenticated:
            # Private pages must not linger in shared or back-button caches.
            headers["Cache-Control"] = "no-store"
            headers.add("Vary", "Cookie")
        return response
