"""Registering a replication from the catalogue, following it, and the lists of replications."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.feedback import flash_errors
from innolab.formfields import int_or_none
from innolab.models import Innovation, Replication
from innolab.policy import authorize, can, requires
from innolab.replication import queries, services
from innolab.replication.forms import RegisterReplicationForm, UpdateReplicationForm
from innolab.replication.rules import NEXT_STATUSES, adoptable_units
from innolab.vocab import ReplicationStatus, Role

bp = Blueprint("replication", __name__)


@bp.get("/")
@requires("replication.list")
def index():
    if current_user.has_role(Role.COORDINATOR):
        status = request.args.get("status") if request.args.get("status") in set(ReplicationStatus) else None
        page = db.paginate(queries.all_replications(status), per_page=25)
        return render_template("replication/index.html", page=page, status=status, statuses=list(ReplicationStatus))
    units = [unit.id for unit in adoptable_units(current_user)]
    return render_template(
        "replication/mine.html", several_units=len(units) > 1,
        ours=db.session.scalars(queries.run_by_units(units)).all(),
        elsewhere=db.session.scalars(queries.of_innovations_from(current_user.unit_id)).all(),
    )


@bp.route("/new/<int:innovation_id>", methods=["GET", "POST"])
def register(innovation_id: int):
    innovation = db.get_or_404(Innovation, innovation_id)
    authorize("replication.register", innovation)
    form = RegisterReplicationForm()
    form.adopting_unit_id.choices = [(unit.id, unit.name)
                                     for unit in queries.units_free_to_replicate(current_user, innovation)]
    if not current_user.has_role(Role.INNOVATOR):
        del form.create_proposal  # a draft needs an innovator to write it
    if form.validate_on_submit():
        try:
            replication = services.register_replication(current_user, innovation, form.values())
        except DomainError as exc:
            db.session.rollback()
            flash_errors(exc, form)
        else:
            db.session.commit()
            flash(_("Replikasi tercatat. Unit asal sudah diberi tahu."), "success")
            return redirect(url_for("replication.detail", replication_id=replication.id))
    return render_template("replication/register.html", form=form, innovation=innovation)


@bp.route("/<int:replication_id>", methods=["GET", "POST"])
def detail(replication_id: int):
    replication = db.get_or_404(Replication, replication_id)
    authorize("replication.view", replication)
    may_update = can(current_user, "replication.update", replication)
    form = UpdateReplicationForm(data={"version_id": str(replication.version_id), "status": replication.status.value})
    form.status.choices = [(status.value, status.label)
                           for status in (replication.status, *NEXT_STATUSES[replication.status])]
    if request.method == "POST":
        authorize("replication.update", replication)
        if form.validate_on_submit():
            try:
                services.update_replication(replication, current_user, ReplicationStatus(form.status.data),
                                            form.note.data, int_or_none(form.version_id.data))
            except DomainError as exc:
                db.session.rollback()
                flash_errors(exc, form)
            else:
                db.session.commit()
                flash(_("Perkembangan replikasi tersimpan."), "success")
                return redirect(url_for("replication.detail", replication_id=replication.id))
    return render_template("replication/detail.html", replication=replication, form=form,
                           may_update=may_update and bool(NEXT_STATUSES[replication.status]))
