"""Admin area (users, units, audit log): the blueprint, with its views gathered from each area's module."""
from flask import render_template, request

from innolab import audit
from innolab.admin import bp, unit_routes, user_routes  # noqa: F401  (importing a module registers its views)
from innolab.extensions import db
from innolab.policy import requires

PER_PAGE = 50


@bp.get("/audit")
@requires("audit.view")
def audit_log():
    action = request.args.get("action", "")
    page = db.paginate(audit.audit_listing(action), per_page=PER_PAGE, error_out=False)
    return render_template("admin/audit_log.html", page=page, action=action, labels=audit.ACTION_LABELS)
