"""The reviewer's pages: my assignments, the scorecard (save, submit), declining an assignment.

The blueprint lives in the package; importing this module also registers the rubric and score views.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.feedback import flash_errors
from innolab.models import Assignment, AssignmentStatus
from innolab.policy import authorize, requires
from innolab.review import bp, rubric_routes, score_routes, scorecards  # noqa: F401  (importing a module registers its views)
from innolab.review.forms import DeclineForm, scorecard_form
from innolab.review.labels import ASSIGNMENT_STATUS_LABELS, RECOMMENDATION_LABELS, blind_code, proposal_sections
from innolab.review.queries import is_overdue, local_today, my_assignments_query

__all__ = ["bp"]


@bp.get("/")
@requires("review.list_own")
def mine():
    page = db.paginate(my_assignments_query(current_user), per_page=30)
    return render_template("review/mine.html", page=page, today=local_today(), is_overdue=is_overdue,
                           blind_code=blind_code, status_labels=ASSIGNMENT_STATUS_LABELS)


@bp.route("/assignments/<int:assignment_id>", methods=["GET", "POST"])
def scorecard(assignment_id: int):
    assignment = _own_assignment(assignment_id)
    if assignment.status is AssignmentStatus.DECLINED:
        flash(_("Penugasan ini sudah Anda tolak, sehingga tidak dapat dinilai."), "warning")
        return redirect(url_for("review.mine"))
    rubric = scorecards.scorecard_rubric(assignment)
    if rubric is None:
        flash(_("Rubrik untuk tahap ini belum tersedia; hubungi koordinator."), "warning")
        return redirect(url_for("review.mine"))
    if request.method == "GET":
        return _render(assignment, scorecard_form(rubric, assignment.review, prefill=True))
    form = scorecard_form(rubric)
    if not form.validate_on_submit():
        return _render(assignment, form, 422)
    try:
        scorecards.save_draft(assignment, form.entry(rubric))
    except DomainError as exc:
        db.session.rollback()
        flash_errors(exc, form)
        return _render(assignment, form, 422)
    db.session.commit()
    if request.form.get("action") != "submit":
        flash(_("Penilaian tersimpan sebagai draf. Anda dapat melanjutkannya kapan saja."), "success")
        return redirect(url_for("review.scorecard", assignment_id=assignment.id))
    return _submit(assignment, form)


@bp.post("/assignments/<int:assignment_id>/decline")
def decline(assignment_id: int):
    assignment = _own_assignment(assignment_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        rubric = scorecards.scorecard_rubric(assignment)
        if assignment.status is AssignmentStatus.DECLINED or rubric is None:
            return redirect(url_for("review.mine"))
        return _render(assignment, scorecard_form(rubric, assignment.review, prefill=True), 422, decline_form=form)
    try:
        scorecards.decline_assignment(assignment, form.reason.data)
    except DomainError as exc:
        db.session.rollback()
        flash_errors(exc, form)
        return redirect(url_for("review.scorecard", assignment_id=assignment.id))
    db.session.commit()
    flash(_("Penugasan ditolak. Koordinator akan menunjuk penilai lain."), "success")
    return redirect(url_for("review.mine"))


def _submit(assignment: Assignment, form):
    """Send a just-saved scorecard; on gaps show them all next to their fields (the draft is already saved)."""
    try:
        scorecards.submit_review(assignment, current_user)
    except DomainError as exc:
        db.session.rollback()
        flash_errors(exc, form)
        flash(_("Isian tersimpan sebagai draf, tetapi belum dapat dikirim. Lengkapi bagian yang ditandai."),
              "warning")
        form.version_id.data = str(assignment.review.version_id)
        return _render(assignment, form, 422)
    db.session.commit()
    flash(_("Penilaian terkirim dan kini terkunci. Terima kasih."), "success")
    return redirect(url_for("review.mine"))


def _own_assignment(assignment_id: int) -> Assignment:
    assignment = db.get_or_404(Assignment, assignment_id)
    authorize("review.score", assignment)
    return assignment


def _render(assignment: Assignment, form, status: int = 200, decline_form=None):
    round_ = assignment.round
    review = assignment.review
    return render_template(
        "review/scorecard.html", assignment=assignment, round=round_, innovation=round_.innovation,
        rubric=scorecards.scorecard_rubric(assignment), form=form, review=review,
        submitted=review is not None and review.submitted_at is not None, closed=round_.closed_at is not None,
        decline_form=decline_form or DeclineForm(formdata=None), sections=proposal_sections(round_.innovation),
        code=blind_code(round_), overdue=is_overdue(assignment, local_today()),
        recommendation_labels=RECOMMENDATION_LABELS,
    ), status

