"""Due-date reminders for reviewers: at most one per assignment per day."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from innolab.extensions import db
from innolab.models import Assignment, AssignmentStatus, Notification, ReviewRound
from innolab.notifications.service import notify, path_for
from innolab.review.labels import blind_code

KIND = "review.due_soon"


def local_today() -> date:
    """Today in the lab's time zone, where due dates live."""
    return datetime.now(_zone()).date()


def remind_due_reviews(days: int, today: date | None = None) -> int:
    """Remind reviewers of pending assignments due within `days` days or overdue; returns how many were reminded."""
    today = today or local_today()
    due = db.session.scalars(
        select(Assignment).join(ReviewRound, Assignment.round_id == ReviewRound.id)
        .where(Assignment.status == AssignmentStatus.PENDING, Assignment.due_on.is_not(None),
               Assignment.due_on <= today + timedelta(days=days), ReviewRound.closed_at.is_(None))
        .options(joinedload(Assignment.round).joinedload(ReviewRound.innovation), joinedload(Assignment.reviewer))
        .order_by(Assignment.due_on, Assignment.id)
    ).all()
    reminded = _reminded_since(datetime.combine(today, time.min, _zone()))
    count = 0
    for assignment in due:
        if str(assignment.id) in reminded:
            continue
        round_ = assignment.round
        # A blind round's reviewer knows the proposal only by its code.
        title = blind_code(round_) if round_.blind else round_.innovation.title
        url = path_for("review.scorecard", assignment_id=assignment.id)
        if notify([assignment.reviewer], KIND, round_.innovation, url=url, title=title,
                  due=assignment.due_on.isoformat(), assignment=assignment.id):
            count += 1
    return count


def _reminded_since(start: datetime) -> set[str]:
    # The assignment id sits in the payload (JSON): read today's few reminders rather than query inside JSON,
    # which SQLite and PostgreSQL spell differently.
    rows = db.session.scalars(select(Notification.payload).where(Notification.kind == KIND,
                                                                 Notification.created_at >= start))
    return {str(payload.get("assignment")) for payload in rows if payload}


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
