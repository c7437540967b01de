"""Assigning reviewers to a proposal's open round: who is eligible, their workload, assigning and removing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.lab.rounds import pending_workload
from innolab.models import Assignment, AssignmentStatus, Innovation, ReviewRound, User, UserRole
from innolab.notifications.service import notify
from innolab.pipeline.stages import Status
from innolab.review.queries import local_today
from innolab.vocab import Role


@dataclass(frozen=True)
class Candidate:
    user: User
    workload: int  # assignments in open rounds still waiting for this reviewer's review


def ineligibility(user: User | None, innovation: Innovation) -> str | None:
    """Why `user` may not review `innovation`, or None when they may."""
    if user is None:
        return _("Penilai tidak ditemukan.")
    if not user.is_active:
        return _("%(name)s tidak dapat ditugaskan: akunnya nonaktif.", name=user.name)
    if Role.REVIEWER not in user.roles:
        return _("%(name)s tidak dapat ditugaskan: bukan penilai.", name=user.name)
    if user.id == innovation.owner_id:
        return _("%(name)s tidak dapat ditugaskan: pengusul inovasi ini.", name=user.name)
    if user.id in innovation.participant_ids():
        return _("%(name)s tidak dapat ditugaskan: anggota tim inovasi ini.", name=user.name)
    if user.unit_id == innovation.unit_id:
        return _("%(name)s tidak dapat ditugaskan: berasal dari unit kerja pengusul.", name=user.name)
    return None


def candidates(round_: ReviewRound) -> list[Candidate]:
    """Eligible reviewers not yet in the round, least loaded first, with their open workload."""
    innovation = round_.innovation
    taken = {assignment.reviewer_id for assignment in round_.assignments}
    reviewers = [user for user in db.session.scalars(
        select(User).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.REVIEWER, User.is_active.is_(True), User.id.not_in(taken))
        .order_by(User.name)
    ).unique() if ineligibility(user, innovation) is None]
    workload = pending_workload(user.id for user in reviewers)
    return sorted((Candidate(user, workload.get(user.id, 0)) for user in reviewers), key=lambda c: c.workload)


def assign_reviewers(round_: ReviewRound, reviewers: list[User | None], due_on: date | None,
                     actor: User) -> list[Assignment]:
    """Assign eligible reviewers to an open round; refuses all if any is ineligible. Already assigned are skipped."""
    innovation = round_.innovation
    if round_.closed_at is not None or innovation.status is not Status.IN_REVIEW:
        raise DomainError.on(None, _("Penilai hanya dapat ditugaskan pada usulan yang sedang dalam penilaian."))
    errors = []
    if not reviewers:
        errors.append(("reviewers", _("Pilih sedikitnya satu penilai.")))
    errors += [("reviewers", problem) for user in reviewers if (problem := ineligibility(user, innovation))]
    if due_on is None:
        errors.append(("due_on", _("Tenggat penilaian wajib diisi.")))
    elif due_on < local_today():
        errors.append(("due_on", _("Tenggat penilaian tidak boleh sebelum hari ini.")))
    if errors:
        raise DomainError(*errors)
    taken = {assignment.reviewer_id for assignment in round_.assignments}
    created = []
    for user in reviewers:
        if user.id in taken:
            continue  # a second click or a stale page must not duplicate a reviewer
        taken.add(user.id)
        assignment = Assignment(round=round_, reviewer=user, assigned_by_id=actor.id, due_on=due_on)
        db.session.add(assignment)
        created.append(assignment)
    db.session.flush()
    for assignment in created:
        notify([assignment.reviewer], "review.assigned", innovation, url=_scorecard_url(assignment), due=due_on)
    return created


def remove_assignment(assignment: Assignment, actor: User) -> None:
    """Take a reviewer off an open round, as long as they have not submitted their review."""
    if assignment.round.closed_at is not None:
        raise DomainError.on(None, _("Putaran penilaian ini sudah ditutup."))
    review = assignment.review
    if assignment.status is AssignmentStatus.SUBMITTED or (review is not None and review.submitted_at is not None):
        raise DomainError.on(None, _("Penugasan yang penilaiannya sudah dikirim tidak dapat dihapus."))
    if review is not None:
        db.session.delete(review)  # an unsent draft goes with its assignment
    db.session.delete(assignment)
    db.session.flush()


def _scorecard_url(assignment: Assignment) -> str:
    # Outside a request (CLI) there is no site to point into.
    return url_for("review.scorecard", assignment_id=assignment.id) if has_request_context() else ""
