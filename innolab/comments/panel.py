"""The discussion on the proposal page, and the same for the discussion's own page."""
from __future__ import annotations

from innolab.comments.forms import CommentForm
from innolab.comments.queries import blind_round_for, discussion
from innolab.models import CommentVisibility
from innolab.policy import can
from innolab.proposals.panels import Panel
from innolab.review.labels import blind_code


def discussion_context(innovation, user, form: CommentForm | None = None) -> dict:
    """What templates/comments/_discussion.html needs: the thread as `user` sees it and the form to post."""
    may_write_internal = can(user, "comment.internal", innovation)
    if form is None:
        # The lab writes internal notes unless it chooses otherwise: nothing reaches the team by accident.
        default = CommentVisibility.INTERNAL if may_write_internal else CommentVisibility.PARTICIPANTS
        form = CommentForm(formdata=None, visibility=default.value)
    round_ = blind_round_for(user, innovation)
    return {
        "innovation_id": innovation.id,
        "title": blind_code(round_) if round_ else innovation.title,
        "thread": discussion(innovation, user),
        "form": form,
        "may_post": can(user, "comment.post", innovation),
        "may_write_internal": may_write_internal,
    }


def comments_panel(innovation, user) -> Panel | None:
    """The discussion in the proposal page's main column, for those who take part in it."""
    if not can(user, "comment.view", innovation):
        return None
    return Panel("comments/_panel.html", discussion_context(innovation, user))
