"""The coordinator's view of the scores of an innovation, round by round, and reopening a submitted review."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.feedback import flash_errors
from innolab.formfields import int_or_none
from innolab.models import Assignment, Innovation
from innolab.policy import authorize, requires
from innolab.review import bp
from innolab.review.scorecards import reopen_review
from innolab.review.summary import round_summaries


@bp.get("/innovations/<int:innovation_id>/scores")
def scores(innovation_id: int):
    innovation = db.get_or_404(Innovation, innovation_id)
    authorize("review.scores", innovation)
    return render_template("review/scores.html", innovation=innovation, summaries=round_summaries(innovation))


@bp.post("/assignments/<int:assignment_id>/reopen")
@requires("review.reopen")
def reopen(assignment_id: int):
    assignment = db.get_or_404(Assignment, assignment_id)
    innovation_id = assignment.round.innovation_id
    try:  # a button form: CSRF is checked app-wide, the form carries only the version the coordinator saw
        reopen_review(assignment, int_or_none(request.form.get("version_id")))
    except DomainError as exc:
        db.session.rollback()
        flash_errors(exc)
    else:
        db.session.commit()
        flash(_("Penilaian dibuka kembali; penilai sudah diberi tahu."), "success")
    return redirect(url_for("review.scores", innovation_id=innovation_id))
