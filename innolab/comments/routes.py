"""The discussion of a proposal: its page, posting, and releasing a reviewer's note to the team."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from innolab.comments import services
from innolab.comments.forms import CommentForm
from innolab.comments.panel import discussion_context
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.feedback import flash_errors
from innolab.models import Comment, CommentVisibility, Innovation
from innolab.policy import authorize, can

bp = Blueprint("comments", __name__)


@bp.get("/proposals/<int:innovation_id>/comments")
def index(innovation_id: int):
    innovation = db.get_or_404(Innovation, innovation_id)
    authorize("comment.view", innovation)
    return _render(innovation)


@bp.post("/proposals/<int:innovation_id>/comments")
def create(innovation_id: int):
    innovation = db.get_or_404(Innovation, innovation_id)
    authorize("comment.post", innovation)
    form = CommentForm()
    if form.validate_on_submit():
        visibility = CommentVisibility(form.visibility.data)
        if visibility is CommentVisibility.INTERNAL:
            authorize("comment.internal", innovation)
        try:
            services.post_comment(innovation, current_user, form.body.data, visibility)
        except DomainError as exc:
            db.session.rollback()
            flash_errors(exc, form)
        else:
            db.session.commit()
            flash(_("Komentar terkirim."), "success")
            return redirect(_back_to(innovation))
    return _render(innovation, form)


@bp.post("/proposals/<int:innovation_id>/comments/<int:comment_id>/release")
def release(innovation_id: int, comment_id: int):
    innovation = db.get_or_404(Innovation, innovation_id)
    comment = db.get_or_404(Comment, comment_id)
    if comment.innovation_id != innovation.id:
        abort(404)
    authorize("comment.release", innovation)
    try:
        services.release_comment(comment, innovation)
    except DomainError as exc:
        db.session.rollback()
        flash_errors(exc, category="warning")
    else:
        db.session.commit()
        flash(_("Catatan dirilis ke tim inovator."), "success")
    return redirect(_back_to(innovation))


def _render(innovation: Innovation, form: CommentForm | None = None):
    context = discussion_context(innovation, current_user, form)
    return render_template("comments/page.html", innovation=innovation, discussion=context,
                           may_view_proposal=can(current_user, "proposal.view", innovation))


def _back_to(innovation: Innovation) -> str:
    # A blind round's reviewer may not open the proposal page (it names the team): they stay on the discussion.
    if can(current_user, "proposal.view", innovation):
        return url_for("proposals.detail", innovation_id=innovation.id, _anchor="comments")
    return url_for("comments.index", innovation_id=innovation.id)
