"""Admin area (users, units, audit log)."""
from flask import Blueprint, render_template

from innolab.policy import requires

bp = Blueprint("admin", __name__)


@bp.get("/users")
@requires("user.manage")
def users():
    return render_template("main/dashboard.html")


@bp.get("/units")
@requires("unit.manage")
def units():
    return render_template("main/dashboard.html")


@bp.get("/audit")
@requires("audit.view")
def audit_log():
    return render_template("main/dashboard.html")
