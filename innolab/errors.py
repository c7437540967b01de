"""Friendly error pages in the user's language; no stack trace ever reaches a user."""
from __future__ import annotations

from flask import Flask, current_app, g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from innolab.api.problems import problem
from innolab.extensions import db, login_manager

# How long a client is asked to wait when the database cannot be reached (a restart takes a few seconds).
DATABASE_RETRY_AFTER = "10"
# The last resort when even the 503 page cannot be rendered: plain text, no template, no database.
DATABASE_UNAVAILABLE_TEXT = _l("Layanan sedang tidak tersedia. Silakan coba lagi dalam beberapa saat.")


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _detail(error) -> str | None:
    """A detail our code gave the error; Werkzeug's stock descriptions would only name the framework."""
    if not isinstance(error, HTTPException) or isinstance(error, InternalServerError):
        return None
    return str(error.description) if error.description != type(error).description else None


def _render(status: int, template: str, **context):
    if _wants_json():
        return problem(status, _detail(context.get("error")))
    return render_template(template, status=status, **context), status


def log_refusal(what: str, **details) -> None:
    """A security event for the log: who (user id, address), what and where; never a secret or a request body."""
    fields = " ".join(f"{key}={value}" for key, value in details.items())
    user = current_user.get_id() if current_user.is_authenticated else None
    current_app.logger.warning("%s: user=%s ip=%s method=%s path=%s %s", what, user, request.remote_addr,
                               request.method, request.path, fields)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        db.session.rollback()
        log_refusal("csrf refused", reason=error.description)
        return _render(400, "errors/csrf.html")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        db.session.rollback()
        if error.code is None or error.code < 400:
            return error
        if error.code == 403:
            log_refusal("forbidden", action=g.get("forbidden_action"))
        elif error.code == 429:
            log_refusal("rate limited")
        template = {403: "errors/403.html", 404: "errors/404.html", 413: "errors/413.html",
                    429: "errors/429.html"}.get(error.code, "errors/generic.html")
        return _render(error.code, template, error=error)

    @app.teardown_appcontext
    def discard_dead_session(_exc) -> None:
        """End the session before Flask-SQLAlchemy's teardown does (teardowns run last-registered first).

        When the database restarts while a request runs, its connection can die after the response was made; the
        closing rollback then fails, and uncaught here that would turn a finished page into a bare 500. Nothing
        is lost by dropping such a connection: a commit either happened or raised earlier. The pool's pre-ping
        replaces it at the next checkout.
        """
        try:
            db.session.remove()
        except SQLAlchemyError as exc:
            app.logger.warning("database connection lost at the end of a request: %s",
                               str(getattr(exc, "orig", None) or exc).strip().splitlines()[0])
            try:
                db.session().invalidate()
            finally:
                db.session.registry.clear()

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error):
        """The database cannot be reached (restarting, stopped, out of connections): a 503 that says so.

        The transaction is gone with its connection, so nothing was half-saved; the pool's pre-ping replaces dead
        connections once the database is back. The page must not need the database: the signed-in user's row can
        no longer be read, so it renders as for a visitor.
        """
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 (the connection died under the transaction: drop it)
            db.session().invalidate()
        app.logger.error("database unavailable on %s %s: %s", request.method, request.path,
                         str(getattr(error, "orig", None) or error).strip().splitlines()[0])
        g._login_user = login_manager.anonymous_user()
        try:
            response = make_response(_render(503, "errors/503.html"))
        except Exception:  # noqa: BLE001
            app.logger.exception("rendering the 503 page failed")
            response = make_response(str(DATABASE_UNAVAILABLE_TEXT), 503, {"Content-Type": "text/plain; charset=utf-8"})
        response.headers["Retry-After"] = DATABASE_RETRY_AFTER
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return _render(500, "errors/500.html", error=InternalServerError())
