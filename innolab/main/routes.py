"""Landing page, dashboard, account page, language choice and the health check."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text

from innolab.extensions import db
from innolab.i18n import remember_locale
from innolab.navigation import ADMIN_MENU, MAIN_MENU, menu_for
from innolab.policy import can, requires
from innolab.proposals.queries import status_counts
from innolab.urls import safe_next

bp = Blueprint("main", __name__)


@bp.app_context_processor
def inject_navigation():
    return {
        "main_menu": menu_for(current_user, MAIN_MENU),
        "admin_menu": menu_for(current_user, ADMIN_MENU),
    }


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return render_template("main/index.html")


@bp.get("/dashboard")
@requires("dashboard.view")
def dashboard():
    my_status_counts = status_counts(current_user) if can(current_user, "proposal.list_own") else {}
    return render_template("main/dashboard.html", my_status_counts=my_status_counts)


@bp.get("/account")
@requires("account.manage")
def account():
    return render_template("main/account.html")


@bp.post("/language")
def set_language():
    remember_locale(request.form.get("lang", ""))
    db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("main.index")))


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means unhealthy; the reason goes to the log, not the probe
        db.session.rollback()
        current_app.logger.exception("health check: database unavailable")
        return {"status": "error", "database": "unavailable"}, 503
    return {"status": "ok", "database": "ok"}
