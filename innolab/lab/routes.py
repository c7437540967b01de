"""The lab desk: queue and board, administrative screening, reviewer assignment, decisions and publishing."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from innolab.domain import DomainError, apply_to_form
from innolab.extensions import db
from innolab.lab import assignments, context, queries, queue_filters, rounds, services
from innolab.lab.forms import (
    AssignForm,
    DecisionForm,
    PublishForm,
    QueueFilterForm,
    RemoveAssignmentForm,
    ScreeningForm,
)
from innolab.lab.queries import BOARD_STATUSES
from innolab.models import Assignment, Innovation, User
from innolab.pipeline.stages import STAGE_ORDER, Status
from innolab.pipeline.transitions import Move
from innolab.policy import authorize, can, requires
from innolab.review.labels import ASSIGNMENT_STATUS_LABELS
from innolab.review.queries import local_today
from innolab.vocab import AFFAIRS

bp = Blueprint("lab", __name__)

PER_PAGE = 25
DEFAULT_REVIEW_DAYS = 14


@bp.app_context_processor
def inject_desk_summary():
    # A callable, so the dashboard card's queries run only where the card is shown, and only for the lab.
    def lab_desk_summary():
        return queries.desk_summary(local_today()) if can(current_user, "lab.view") else None

    return {"lab_desk_summary": lab_desk_summary}


@bp.get("/")
@requires("lab.view")
def queue():
    form = QueueFilterForm(request.args)
    filters = queue_filters.parse_filters(form)
    today = local_today()
    page = db.paginate(queries.queue_query(filters, today), per_page=PER_PAGE, error_out=False)
    queue_filters.fill_choices(form, filters, queries.facet_counts(filters, today))
    return render_template("lab/queue.html", form=form, page=page, facts=queries.row_facts(page.items, today),
                           board=queries.board_counts(), stages=STAGE_ORDER, board_statuses=BOARD_STATUSES,
                           today=today, affairs=AFFAIRS)


@bp.route("/<int:innovation_id>/screen", methods=["GET", "POST"])
def screen(innovation_id: int):
    innovation = _innovation("lab.screen", innovation_id)
    form, refused = ScreeningForm(), False
    if request.method == "GET":
        if innovation.status is not Status.SUBMITTED:
            return _nothing_to_do(innovation, _("Usulan ini tidak sedang menunggu seleksi administrasi."))
        form.version_id.data = innovation.version_id
    elif form.validate_on_submit():
        fields = dict(seen_version=form.version_id.data, reason=form.reason.data or "")
        try:
            if form.send_back.data:
                services.return_proposal(innovation, current_user, **fields)
            else:
                services.pass_screening(innovation, current_user, blind=form.blind.data, **fields)
        except services.AlreadyRecorded:
            return _already_recorded(innovation)
        except DomainError as exc:
            refused = _refuse(form, exc, innovation)
        else:
            db.session.commit()
            if form.send_back.data:
                flash(_("Usulan dikembalikan ke inovator beserta alasannya."), "success")
                return redirect(url_for("proposals.detail", innovation_id=innovation.id))
            flash(_("Usulan lolos seleksi administrasi. Tugaskan penilai untuk putaran ini."), "success")
            return redirect(url_for("lab.reviewers", innovation_id=innovation.id))
    return render_template("lab/screen.html", innovation=innovation, form=form,
                           **context.screening_facts(innovation)), 422 if refused or form.errors else 200


@bp.route("/<int:innovation_id>/reviewers", methods=["GET", "POST"])
def reviewers(innovation_id: int):
    innovation = _innovation("lab.assign", innovation_id)
    round_ = rounds.open_round(innovation)
    if round_ is None or innovation.status is not Status.IN_REVIEW:
        return _nothing_to_do(innovation, _("Penilai hanya dapat ditugaskan pada usulan yang sedang dalam penilaian."))
    form, refused = AssignForm(), False
    if request.method == "GET":
        form.due_on.data = local_today() + timedelta(days=DEFAULT_REVIEW_DAYS)
    elif form.validate_on_submit():
        # An id that is no number (or none a database can hold) names nobody.
        chosen = [db.session.get(User, user_id) for user_id in form.reviewers.data if user_id is not None]
        try:
            created = assignments.assign_reviewers(round_, chosen, form.due_on.data, current_user)
        except DomainError as exc:
            refused = _refuse(form, exc)
        else:
            db.session.commit()
            if created:
                flash(_("%(n)d penilai ditugaskan dan diberi tahu.", n=len(created)), "success")
            else:
                flash(_("Penilai yang dipilih sudah ditugaskan pada putaran ini."), "info")
            return redirect(url_for("lab.reviewers", innovation_id=innovation.id))
    return render_template("lab/reviewers.html", innovation=innovation, round=round_, form=form,
                           candidates=assignments.candidates(round_), assignments=rounds.round_assignments(round_),
                           status_labels=ASSIGNMENT_STATUS_LABELS), 422 if refused or form.errors else 200


@bp.post("/<int:innovation_id>/reviewers/remove")
def unassign(innovation_id: int):
    innovation = _innovation("lab.assign", innovation_id)
    form = RemoveAssignmentForm()
    assignment = db.session.get(Assignment, form.assignment_id.data) if form.validate_on_submit() else None
    if assignment is None or assignment.round.innovation_id != innovation.id:
        flash(_("Penugasan tidak ditemukan."), "warning")
    else:
        _one_button(lambda: assignments.remove_assignment(assignment, current_user), _("Penugasan dihapus."))
    return redirect(url_for("lab.reviewers", innovation_id=innovation.id))


@bp.route("/<int:innovation_id>/decide", methods=["GET", "POST"])
def decide(innovation_id: int):
    innovation = _innovation("lab.decide", innovation_id)
    facts = context.decision_facts(innovation)
    form, refused = DecisionForm(), False
    form.offer(facts["moves"])
    if request.method == "GET":
        if not facts["moves"] and not facts["publishable"]:
            return _nothing_to_do(innovation, _("Tidak ada keputusan yang dapat diambil pada status ini."))
        form.version_id.data = innovation.version_id
        form.move.data = request.args.get("move")
    elif form.validate_on_submit():
        try:
            services.decide(innovation, current_user, _move(form.move.data), seen_version=form.version_id.data,
                            reason=form.reason.data)
        except services.AlreadyRecorded:
            return _already_recorded(innovation)
        except DomainError as exc:
            refused = _refuse(form, exc, innovation)
            facts = context.decision_facts(innovation)  # the state now, after someone else's change
            form.offer(facts["moves"])
        else:
            db.session.commit()
            flash(_("Keputusan tersimpan dan tim inovator sudah diberi tahu."), "success")
            return redirect(url_for("proposals.detail", innovation_id=innovation.id))
    publish_form = PublishForm(formdata=None, obj=innovation)
    return render_template("lab/decide.html", innovation=innovation, form=form, publish_form=publish_form,
                           **facts), 422 if refused or form.errors else 200


@bp.post("/<int:innovation_id>/publish")
def publish(innovation_id: int):
    innovation = _innovation("lab.publish", innovation_id)
    form = PublishForm()
    if form.validate_on_submit():
        _one_button(lambda: services.set_publication(
            innovation, current_user, seen_version=form.version_id.data, published=form.published.data,
            replicable=form.replicable.data), _("Pengaturan publikasi tersimpan."))
    return redirect(url_for("lab.decide", innovation_id=innovation.id))


def _innovation(action: str, innovation_id: int) -> Innovation:
    innovation = db.get_or_404(Innovation, innovation_id)
    authorize(action, innovation)
    return innovation


def _move(value) -> Move | None:
    try:
        return Move(value)
    except ValueError:
        return None


def _nothing_to_do(innovation: Innovation, message: str):
    flash(message, "info")
    return redirect(url_for("proposals.detail", innovation_id=innovation.id))


def _already_recorded(innovation: Innovation):
    db.session.rollback()
    flash(_("Tindakan ini sudah tercatat sebelumnya; tidak ada yang dicatat dua kali."), "info")
    return redirect(url_for("proposals.detail", innovation_id=innovation.id))


def _one_button(operation, success: str) -> None:
    """A state change behind a single button: commit and say so, or undo and say why not."""
    try:
        operation()
    except DomainError as exc:
        _refuse(None, exc)
    else:
        db.session.commit()
        flash(success, "success")


def _refuse(form, exc: DomainError, innovation: Innovation | None = None) -> bool:
    """Undo the attempt and show its errors; the form keeps what was typed, set to the version now stored."""
    db.session.rollback()
    unplaced = apply_to_form(form, exc) if form is not None else [message for _f, message in exc.errors]
    for message in unplaced:
        flash(message, "danger")
    if innovation is not None:
        form.version_id.data = innovation.version_id
    return True
