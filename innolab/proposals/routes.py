"""The innovator's pages: my proposals, the proposal form, the proposal and its timeline, withdrawal, the team."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.feedback import flash_errors
from innolab.formfields import int_or_none
from innolab.models import Innovation
from innolab.pipeline.stages import NEXT_STEP_FOR_TEAM, Status
from innolab.policy import authorize, can, requires
from innolab.proposals import queries, services, team
from innolab.proposals.forms import ProposalForm, TeamMemberForm, WithdrawForm
from innolab.proposals.panels import panels_for

bp = Blueprint("proposals", __name__)


@bp.get("/")
@requires("proposal.list_own")
def mine():
    page = db.paginate(queries.my_proposals_query(current_user), per_page=20)
    return render_template("proposals/mine.html", page=page, next_step=NEXT_STEP_FOR_TEAM)


@bp.route("/new", methods=["GET", "POST"])
@requires("proposal.create")
def create():
    form = ProposalForm()
    if form.validate_on_submit():
        try:
            # A retried submission (same idempotency key) gets the proposal its first attempt created.
            innovation = services.create_draft(current_user, form.values(), form.idempotency_key.data)
        except DomainError as exc:
            flash_errors(exc, form)
        else:
            db.session.commit()
            if request.form.get("action") == "submit":
                if innovation.status is not Status.DRAFT:  # the first attempt already submitted it
                    flash(_("Usulan diajukan ke laboratorium inovasi."), "success")
                    return redirect(url_for("proposals.detail", innovation_id=innovation.id))
                return _submit(innovation, form)
            flash(_("Draf tersimpan."), "success")
            return redirect(url_for("proposals.edit", innovation_id=innovation.id))
    return render_template("proposals/form.html", form=form, innovation=None)


@bp.route("/<int:innovation_id>/edit", methods=["GET", "POST"])
def edit(innovation_id: int):
    innovation = db.get_or_404(Innovation, innovation_id)
    authorize("proposal.edit", innovation)
    form = ProposalForm()
    if request.method == "GET":
        form.load(innovation)
    elif form.validate_on_submit():
        try:
            services.update_draft(innovation, current_user, form.values(), int_or_none(form.version_id.data))
        except DomainError as exc:
            db.session.rollback()
            flash_errors(exc, form)
        else:
            db.session.commit()
            if request.form.get("action") == "submit":
                return _submit(innovation, form)
            flash(_("Perubahan tersimpan."), "success")
            return redirect(url_for("proposals.edit", innovation_id=innovation.id))
    return render_template("proposals/form.html", form=form, innovation=innovation)


@bp.get("/<int:innovation_id>")
def detail(innovation_id: int):
    innovation = db.get_or_404(Innovation, innovation_id)
    authorize("proposal.view", innovation)
    events = db.session.scalars(queries.timeline_query(innovation)).all()
    return render_template(
        "proposals/detail.html", innovation=innovation, events=events,
        may_edit=can(current_user, "proposal.edit", innovation), next_step=NEXT_STEP_FOR_TEAM,
        panels=panels_for(innovation, current_user), members=db.session.scalars(team.team_query(innovation)).all(),
        may_withdraw=can(current_user, "proposal.withdraw", innovation),
        may_manage_team=can(current_user, "proposal.team", innovation),
    )


@bp.route("/<int:innovation_id>/withdraw", methods=["GET", "POST"])
def withdraw(innovation_id: int):
    innovation = db.get_or_404(Innovation, innovation_id)
    authorize("proposal.withdraw", innovation)
    form = WithdrawForm(data={"version_id": str(innovation.version_id)})
    if form.validate_on_submit():
        try:
            services.withdraw_proposal(innovation, current_user, form.reason.data, int_or_none(form.version_id.data))
        except DomainError as exc:
            db.session.rollback()
            flash_errors(exc, form)
        else:
            db.session.commit()
            flash(_("Usulan ditarik. Riwayatnya tetap tersimpan."), "success")
            return redirect(url_for("proposals.detail", innovation_id=innovation.id))
    return render_template("proposals/withdraw.html", form=form, innovation=innovation)


@bp.route("/<int:innovation_id>/team", methods=["GET", "POST"])
def team_members(innovation_id: int):
    innovation = db.get_or_404(Innovation, innovation_id)
    authorize("proposal.team", innovation)
    form = TeamMemberForm()
    if form.validate_on_submit():
        try:
            member = team.add_member(innovation, current_user, form.identifier.data, form.role_in_team.data)
        except DomainError as exc:
            db.session.rollback()
            flash_errors(exc, form)
        else:
            db.session.commit()
            flash(_("%(name)s ditambahkan ke tim.", name=member.user.name), "success")
            return redirect(url_for("proposals.team_members", innovation_id=innovation.id))
    members = db.session.scalars(team.team_query(innovation)).all()
    return render_template("proposals/team.html", form=form, innovation=innovation, members=members)


@bp.post("/<int:innovation_id>/team/<int:user_id>/remove")
def team_remove(innovation_id: int, user_id: int):
    innovation = db.get_or_404(Innovation, innovation_id)
    authorize("proposal.team", innovation)
    try:
        user = team.remove_member(innovation, current_user, user_id)
    except DomainError as exc:
        db.session.rollback()
        flash_errors(exc)
    else:
        db.session.commit()
        flash(_("%(name)s dikeluarkan dari tim.", name=user.name), "success")
    return redirect(url_for("proposals.team_members", innovation_id=innovation.id))


def _submit(innovation: Innovation, form: ProposalForm):
    """Submit a just-saved proposal; on problems show them all next to their fields (the text is already saved)."""
    try:
        services.submit_proposal(innovation, current_user)
    except DomainError as exc:
        db.session.rollback()
        flash_errors(exc, form)
        flash(_("Isian tersimpan sebagai draf, tetapi belum dapat diajukan. Lengkapi bagian yang ditandai."),
              "warning")
        form.version_id.data = str(innovation.version_id)
        return render_template("proposals/form.html", form=form, innovation=innovation), 422
    db.session.commit()
    flash(_("Usulan diajukan ke laboratorium inovasi."), "success")
    return redirect(url_for("proposals.detail", innovation_id=innovation.id))


