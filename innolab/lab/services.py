"""The coordinator's state changes: screening, gate decisions, scaling outcomes and publishing.

Every move goes through proposals.services.apply_move; the rules come from pipeline.transitions. Services flush,
never commit, and raise DomainError with (field, message) pairs.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from innolab import audit
from innolab.domain import DomainError
from innolab.evidence.checklist import missing_kinds
from innolab.extensions import db
from innolab.lab.moves import (
    CLOSES_ROUND,
    DECISION_MOVES,
    MOVE_LABELS,
    PUBLISHABLE_STAGES,
    UNPUBLISHABLE_STATUSES,
    in_default_language,
)
from innolab.lab.rounds import next_round_number, open_round, submitted_review_count
from innolab.models import Innovation, ReviewRound, StageEvent, User
from innolab.models.types import utcnow
from innolab.notifications.audiences import proposal_path, team_of
from innolab.notifications.service import notify
from innolab.pipeline.transitions import Move, TransitionError, check_gate, target_of
from innolab.proposals.services import apply_move
from innolab.vocab import EVIDENCE_KINDS


class AlreadyRecorded(Exception):
    """The very same move by the same person is already in the history: a double click, not a second decision."""


def stale_message() -> str:
    return _("Usulan ini sudah diubah orang lain sejak Anda membukanya, misalnya koordinator lain sudah mengambil "
             "keputusan. Keadaannya yang terbaru tampil di bawah dan isian Anda masih ada; periksa, lalu kirim "
             "lagi bila masih perlu.")


def pass_screening(innovation: Innovation, actor: User, *, seen_version, reason: str = "",
                   blind: bool = False) -> ReviewRound:
    """Administrative screening passed: start the review and open the stage's next round."""
    reason = reason.strip() or _("Lolos seleksi administrasi.")
    _ensure_fresh(innovation, actor, Move.START_REVIEW, reason, seen_version)
    _guard(innovation, Move.START_REVIEW, reason)
    _apply(innovation, actor, Move.START_REVIEW, reason)
    return _open_next_round(innovation, blind)


def return_proposal(innovation: Innovation, actor: User, *, seen_version, reason: str) -> Innovation:
    """Send a submitted proposal back at screening, with the reasons, and tell its team."""
    reason = reason.strip()
    _ensure_fresh(innovation, actor, Move.RETURN, reason, seen_version)
    _guard(innovation, Move.RETURN, reason)
    _apply(innovation, actor, Move.RETURN, reason)
    notify(team_of(innovation), "proposal.returned", innovation, url=proposal_path(innovation), reason=reason)
    return innovation


def decide(innovation: Innovation, actor: User, move: Move, *, seen_version, reason: str) -> Innovation:
    """A gate decision (or resuming a held proposal, or a scaling outcome) with its reason; tells the team."""
    if move not in DECISION_MOVES:
        raise DomainError.on("move", _("Pilih salah satu keputusan."))
    reason = reason.strip()
    _ensure_fresh(innovation, actor, move, reason, seen_version)
    round_ = open_round(innovation)
    _guard(innovation, move, reason, round_)
    _apply(innovation, actor, move, reason)
    if round_ is not None and move in CLOSES_ROUND:
        round_.closed_at = utcnow()
        db.session.flush()
    elif round_ is None and move is Move.RESUME:
        # Back in review needs a round to assign reviewers to (one held before rounds stayed open had none left).
        _open_next_round(innovation, blind=False)
    notify(team_of(innovation), "decision.made", innovation, url=proposal_path(innovation),
           decision=in_default_language(MOVE_LABELS[move]), reason=reason)
    return innovation


def set_publication(innovation: Innovation, actor: User, *, seen_version, published: bool,
                    replicable: bool) -> Innovation:
    """Show the innovation in the catalogue (and as replicable) or take it out; an audit row, not a stage move."""
    if innovation.stage not in PUBLISHABLE_STAGES or innovation.status in UNPUBLISHABLE_STATUSES:
        raise DomainError.on(None, _("Hanya inovasi pada tahap Uji Coba atau Penerapan & Replikasi yang masih "
                                     "berjalan yang dapat dipublikasikan."))
    before = {"published": innovation.published, "replicable": innovation.replicable}
    after = {"published": bool(published), "replicable": bool(replicable)}
    if before == after:
        return innovation  # nothing to change: a repeated click is not an error
    if str(seen_version) != str(innovation.version_id):
        raise DomainError.on(None, stale_message())
    try:
        with db.session.begin_nested():
            innovation.published, innovation.replicable = after["published"], after["replicable"]
            db.session.flush()
    except StaleDataError:
        raise DomainError.on(None, stale_message()) from None
    audit.record(actor, "innovation.publish", innovation,
                 changes={key: [before[key], after[key]] for key in after if before[key] != after[key]})
    return innovation


def _open_next_round(innovation: Innovation, blind: bool) -> ReviewRound:
    round_ = ReviewRound(innovation_id=innovation.id, stage=innovation.stage, number=next_round_number(innovation),
                         blind=blind)
    db.session.add(round_)
    db.session.flush()
    return round_


def _guard(innovation: Innovation, move: Move, reason: str, round_: ReviewRound | None = None) -> None:
    """The pipeline's gate guards, plus a reason for every lab move that changes an outcome."""
    try:
        target_of(innovation.stage, innovation.status, move)
    except TransitionError as exc:
        raise DomainError.on(None, exc.message) from None
    missing = []
    if move is Move.ADVANCE and innovation.stage.next is not None:
        missing = [str(EVIDENCE_KINDS.get(kind, kind)) for kind in missing_kinds(innovation, innovation.stage.next)]
    try:
        check_gate(move, next_stage_missing_evidence=missing,
                   submitted_reviews=submitted_review_count(round_), reason=reason)
    except TransitionError as exc:
        raise DomainError.on(None if reason else "reason", exc.message) from None
    if not reason and move is not Move.START_REVIEW:
        # check_gate asks a reason of gate decisions; resuming and scaling outcomes need one as much.
        raise DomainError.on("reason", _("Alasan keputusan wajib diisi."))


def _ensure_fresh(innovation: Innovation, actor: User, move: Move, reason: str, seen_version) -> None:
    """Refuse to act on a version of the innovation other than the one the coordinator saw."""
    if str(seen_version) != str(innovation.version_id):
        _refuse_stale(innovation, actor, move, reason)


def _apply(innovation: Innovation, actor: User, move: Move, reason: str) -> None:
    """apply_move; a write that loses the race to another coordinator's is refused like a stale form."""
    try:
        # A savepoint keeps the session usable when another coordinator's commit lands between our read and write.
        with db.session.begin_nested():
            apply_move(innovation, actor, move, reason)
    except StaleDataError:
        _refuse_stale(innovation, actor, move, reason)


def _refuse_stale(innovation: Innovation, actor: User, move: Move, reason: str):
    last = db.session.scalar(select(StageEvent).where(StageEvent.innovation_id == innovation.id)
                             .order_by(StageEvent.id.desc()).limit(1))
    if last is not None and last.actor_id == actor.id and last.reason == reason and _made_by(last, move):
        raise AlreadyRecorded()
    raise DomainError.on(None, stale_message())


def _made_by(event: StageEvent, move: Move) -> bool:
    """Whether `move` from the event's starting point leads where the event went."""
    if event.from_status is None:
        return False
    try:
        target = target_of(event.from_stage, event.from_status, move)
    except TransitionError:
        return False
    return (target.stage, target.status) == (event.to_stage, event.to_status)
