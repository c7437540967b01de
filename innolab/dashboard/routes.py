"""Dashboards: the lab's figures for coordinators, and a unit head's view of their unit."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from innolab.dashboard import figures
from innolab.extensions import db
from innolab.formfields import int_or_none
from innolab.models import Innovation, Unit
from innolab.pipeline.stages import STAGE_ORDER, Status
from innolab.policy import requires
from innolab.replication import queries as replications
from innolab.replication.rules import FINAL_STATUSES, adoptable_units
from innolab.review.queries import local_today
from innolab.vocab import AFFAIRS, ReplicationStatus

bp = Blueprint("dashboard", __name__)


@bp.get("/lab")
@requires("dashboard.lab")
def lab():
    scope = figures.Scope(year=int_or_none(request.args.get("year")), unit_id=int_or_none(request.args.get("unit")))
    today = local_today()
    search = _search_link(scope)
    queue = _queue_link(scope)
    funnel = figures.funnel(scope)
    stage_rows = [(stage.label, sum(funnel[stage].values()), search(stage=stage.value)) for stage in STAGE_ORDER]
    active_stopped = figures.active_and_stopped(scope, funnel)
    overdue = figures.overdue_reviews(scope, today)
    by_unit = figures.by_unit(scope)
    cards = [
        (_("Inovasi di lab"), sum(count for _label, count, _href in stage_rows), search()),
        (_("Penilaian lewat tenggat"), overdue, queue(overdue="y", status="all")),
        (_("Berlanjut"), active_stopped[Status.ACTIVE], queue(stage="scaling", status="active")),
        (_("Berhenti"), active_stopped[Status.STOPPED], queue(stage="scaling", status="stopped")),
    ]
    return render_template(
        "dashboard/lab.html", scope=scope, years=figures.years(), stages=STAGE_ORDER,
        units=db.session.scalars(select(Unit).where(Unit.id.in_(select(Innovation.unit_id))).order_by(Unit.name)),
        funnel=funnel, statuses=[s for s in Status if s is not Status.DRAFT],
        stage_rows=stage_rows, cards=cards,
        conversions=figures.conversions(scope), median_days=figures.median_days_in_stage(scope),
        month_rows=[(month, count, None) for month, count in figures.submissions_per_month(scope)],
        affairs=[(AFFAIRS.get(key, key), n, search(affair=key)) for key, n in figures.by_affair(scope)],
        unit_rows=[(unit.name, n, search(unit=unit.id)) for unit, n in by_unit[:15]],
        kecamatan_rows=[(unit.name, n, search(kecamatan=unit.id)) for unit, n in figures.by_kecamatan(scope, by_unit)],
        workload=figures.reviewer_workload(scope, today),
        replication_rows=[(status.label, n, url_for("replication.index", status=status.value))
                          for status, n in figures.replications_by_status(scope).items()],
        queue=queue,
    )


def _search_link(scope: figures.Scope):
    def link(**facets) -> str:
        return url_for("catalogue.search", **({"year": scope.year, "unit": scope.unit_id} | facets))
    return link


def _queue_link(scope: figures.Scope):
    def link(**filters) -> str:
        return url_for("lab.queue", **({"unit": scope.unit_id} | filters))
    return link


@bp.get("/unit")
@requires("dashboard.unit")
def unit():
    units = adoptable_units(current_user)
    unit_ids = [u.id for u in units]
    by_stage = dict(db.session.execute(
        select(Innovation.stage, func.count()).where(Innovation.unit_id.in_(unit_ids), Innovation.status != Status.DRAFT)
        .group_by(Innovation.stage)).all())
    ours = db.session.scalars(replications.run_by_units(unit_ids)).all()
    return render_template(
        "dashboard/unit.html", units=units,
        stage_rows=[(stage.label, by_stage.get(stage, 0),
                     url_for("catalogue.search", stage=stage.value, unit=current_user.unit_id)) for stage in STAGE_ORDER],
        awaiting=[r for r in ours if r.status not in FINAL_STATUSES],
        ours=ours, elsewhere=db.session.scalars(replications.of_innovations_from(current_user.unit_id)).all(),
        statuses=ReplicationStatus,
    )


@bp.get("/report")
@requires("dashboard.lab")
def report():
    """The yearly lab report, laid out for A4 paper."""
    year = int_or_none(request.args.get("year")) or local_today().year
    scope = figures.Scope(year=year)
    funnel = figures.funnel(scope)
    return render_template(
        "dashboard/report.html", year=year, years=figures.years(), stages=STAGE_ORDER, funnel=funnel,
        stage_rows=[(stage.label, sum(funnel[stage].values()), None) for stage in STAGE_ORDER],
        conversions=figures.conversions(scope), median_days=figures.median_days_in_stage(scope),
        highlights=figures.highlights_per_stage(scope),
        replication_rows=[(status.label, n, None) for status, n in figures.replications_by_status(scope).items()],
        scaling=figures.in_scaling(scope), submissions=sum(n for _month, n in figures.submissions_per_month(scope)),
    )
