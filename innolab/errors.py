"""Friendly error pages in the user's language; no stack trace ever reaches a user."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from innolab.api.problems import problem
from innolab.extensions import db


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _render(status: int, template: str, **context):
    if _wants_json():
        error = context.get("error")
        return problem(status, str(error.description) if isinstance(error, HTTPException) and status != 500 else None)
    return render_template(template, status=status, **context), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        db.session.rollback()
        return _render(400, "errors/csrf.html")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        db.session.rollback()
        if error.code is None or error.code < 400:
            return error
        template = {403: "errors/403.html", 404: "errors/404.html", 429: "errors/429.html"}.get(
            error.code, "errors/generic.html"
        )
        return _render(error.code, template, error=error)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return _render(500, "errors/500.html", error=InternalServerError())
