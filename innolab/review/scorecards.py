"""The reviewer's scorecard: saving a draft, submitting it, declining the assignment, and reopening by the lab.

Every function flushes, never commits, and raises DomainError((field, message), …) where a rule refuses.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from innolab.comments.services import post_comment
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import (
    Assignment,
    AssignmentStatus,
    Comment,
    CommentVisibility,
    Recommendation,
    Review,
    Rubric,
    Score,
    User,
)
from innolab.models.types import utcnow
from innolab.notifications.audiences import coordinators
from innolab.notifications.service import notify, path_for
from innolab.review.labels import blind_code
from innolab.review.rubrics import current_rubric


@dataclass(frozen=True)
class ScorecardEntry:
    """What the reviewer posted, with the versions they saw."""

    rubric_id: int | None  # the rubric shown when the scorecard was opened
    version_id: int | None  # the review's version then; None before its first save
    scores: dict[int, tuple[int | None, str]] = field(default_factory=dict)  # criterion id → (value, note)
    recommendation: str | None = None
    overall_note: str = ""


def scorecard_rubric(assignment: Assignment) -> Rubric | None:
    """The rubric pinned to the assignment's review, or the stage's current one before the first save."""
    if assignment.review is not None:
        return assignment.review.rubric
    return current_rubric(assignment.round.stage)


def save_draft(assignment: Assignment, entry: ScorecardEntry) -> Review:
    """Save the scorecard as it stands (any field may be empty); the first save pins the rubric."""
    _ensure_scorable(assignment)
    review = assignment.review
    if review is None:
        rubric = current_rubric(assignment.round.stage)
        if rubric is None:
            raise DomainError.on(None, _("Rubrik untuk tahap ini belum tersedia; hubungi koordinator."))
        if entry.rubric_id != rubric.id:
            raise DomainError.on(None, _(
                "Rubrik tahap ini baru saja diubah koordinator. Isian Anda belum disimpan: salin catatan Anda, "
                "muat ulang halaman, lalu nilai dengan rubrik terbaru."))
        review = Review(assignment=assignment, rubric=rubric)
        db.session.add(review)
    elif entry.version_id != review.version_id:
        raise DomainError.on(None, _(
            "Penilaian ini sudah disimpan dari jendela atau perangkat lain sejak Anda membukanya. Isian Anda belum "
            "disimpan: salin bagian yang penting, muat ulang halaman, lalu terapkan lagi."))
    errors = _apply(review, entry)
    if errors:
        raise DomainError(*errors)
    review.updated_at = utcnow()  # an UPDATE of the review row bumps its version even when only scores changed
    db.session.flush()
    return review


def submit_review(assignment: Assignment, actor: User) -> Review:
    """Lock a complete scorecard, tell the coordinators, and file the overall note as an internal comment."""
    _ensure_scorable(assignment)
    review = assignment.review
    if review is None:
        raise DomainError.on(None, _("Simpan penilaian terlebih dahulu."))
    problems = [(f"score_{c.id}", _("Beri nilai untuk kriteria “%(name)s”.", name=c.name))
                for c in review.rubric.criteria if _value_of(review, c.id) is None]
    if review.recommendation is None:
        problems.append(("recommendation", _("Pilih rekomendasi Anda.")))
    if problems:
        raise DomainError(*problems)
    review.submitted_at = review.updated_at = utcnow()
    assignment.status = AssignmentStatus.SUBMITTED
    innovation = assignment.round.innovation
    db.session.flush()
    if review.overall_note and not _already_filed(innovation.id, actor.id, review.overall_note):
        # Internal and unreleased: the coordinator decides whether the innovator ever reads it. The coordinators
        # hear of the review below, so the note itself notifies nobody.
        post_comment(innovation, actor, review.overall_note, CommentVisibility.INTERNAL, notify_readers=False)
    notify(coordinators(), "review.submitted", innovation,
           url=path_for("review.scores", innovation_id=innovation.id))
    return review


def decline_assignment(assignment: Assignment, reason: str) -> Assignment:
    """Step away from an assignment over a conflict of interest; the coordinators are told to find another."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError.on("reason", _("Tuliskan alasan konflik kepentingan Anda."))
    if assignment.status is not AssignmentStatus.PENDING:
        raise DomainError.on(None, _("Hanya penugasan yang belum dikirim yang dapat ditolak."))
    if assignment.round.closed_at is not None:
        raise DomainError.on(None, _("Putaran penilaian ini sudah ditutup."))
    assignment.status = AssignmentStatus.DECLINED
    assignment.decline_reason = reason
    db.session.flush()
    innovation = assignment.round.innovation
    notify(coordinators(), "review.declined", innovation,
           url=path_for("review.scores", innovation_id=innovation.id))
    return assignment


def reopen_review(assignment: Assignment, seen_version: int | None) -> Review:
    """Unlock the assignment's submitted review so its reviewer may change it; the reviewer is told."""
    review = assignment.review
    if review is None or review.submitted_at is None:
        raise DomainError.on(None, _("Penilaian ini belum dikirim, jadi tidak perlu dibuka kembali."))
    if seen_version != review.version_id:
        raise DomainError.on(None, _("Penilaian ini baru saja berubah. Muat ulang halaman lalu coba lagi."))
    if assignment.round.closed_at is not None:
        raise DomainError.on(None, _("Putaran penilaian ini sudah ditutup dengan keputusan; penilaian tidak dapat "
                                     "dibuka kembali."))
    review.submitted_at = None
    review.updated_at = utcnow()
    assignment.status = AssignmentStatus.PENDING
    db.session.flush()
    round_ = assignment.round
    # In a blind round the reviewer must not learn the title from the notification either.
    title = {"title": blind_code(round_)} if round_.blind else {}
    notify([assignment.reviewer], "review.reopened", round_.innovation,
           url=path_for("review.scorecard", assignment_id=assignment.id), **title)
    return review


def _ensure_scorable(assignment: Assignment) -> None:
    if assignment.status is AssignmentStatus.DECLINED:
        raise DomainError.on(None, _("Penugasan ini sudah Anda tolak, sehingga tidak dapat dinilai."))
    if assignment.review is not None and assignment.review.submitted_at is not None:
        raise DomainError.on(None, _("Penilaian ini sudah dikirim dan terkunci. Minta koordinator membukanya "
                                     "kembali bila perlu diubah."))
    if assignment.round.closed_at is not None:
        raise DomainError.on(None, _("Putaran penilaian ini sudah ditutup; penilaian tidak dapat diubah."))


def _apply(review: Review, entry: ScorecardEntry) -> list[tuple[str, str]]:
    errors = []
    by_criterion = {score.criterion_id: score for score in review.scores}
    for criterion in review.rubric.criteria:
        value, note = entry.scores.get(criterion.id, (None, ""))
        if value is not None and not 1 <= value <= criterion.scale:
            errors.append((f"score_{criterion.id}", _("Nilai harus antara 1 dan %(n)d.", n=criterion.scale)))
            continue
        score = by_criterion.get(criterion.id)
        if score is None:
            score = Score(criterion_id=criterion.id)
            review.scores.append(score)
        score.value, score.note = value, _clean(note)
    if entry.recommendation:
        try:
            review.recommendation = Recommendation(entry.recommendation)
        except ValueError:
            errors.append(("recommendation", _("Pilih salah satu rekomendasi yang tersedia.")))
    else:
        review.recommendation = None
    review.overall_note = _clean(entry.overall_note)
    return errors


def _clean(text: str | None) -> str:
    # Browsers post textareas with CRLF; stored text uses LF, as comments do, so the same note compares equal.
    return (text or "").replace("\r\n", "\n").strip()


def _value_of(review: Review, criterion_id: int) -> int | None:
    return next((s.value for s in review.scores if s.criterion_id == criterion_id), None)


def _already_filed(innovation_id: int, author_id: int, body: str) -> bool:
    # A reopened and resubmitted review must not file the same note twice.
    return db.session.scalar(select(Comment.id).where(
        Comment.innovation_id == innovation_id, Comment.author_id == author_id, Comment.body == body,
        Comment.visibility == CommentVisibility.INTERNAL).limit(1)) is not None
