"""State-changing operations on proposals. They flush, never commit; rule violations raise DomainError."""
from __future__ import annotations

import re
import secrets
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from innolab import idempotency
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import Innovation, StageEvent, User
from innolab.notifications.audiences import coordinators, proposal_path
from innolab.notifications.service import notify
from innolab.pipeline.requirements import submission_problems
from innolab.pipeline.stages import EDITABLE_STATUSES, Stage, Status
from innolab.pipeline.transitions import Move, TransitionError, target_of

EDITABLE_FIELDS = (
    "title", "summary", "background", "goals", "novelty", "implementation", "significance", "adaptability",
    "resources", "sustainability", "beneficiaries", "innovation_type", "form", "initiator", "affair", "sdgs",
    "tags", "started_on", "trial_on", "applied_on", "budget",
)


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:180]
    return slug or "inovasi"


def unique_slug(title: str) -> str:
    base = slugify(title)
    slug = base
    while db.session.scalar(select(Innovation.id).where(Innovation.slug == slug)) is not None:
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


def create_draft(owner: User, values: dict, idempotency_key: str | None = None) -> Innovation:
    """Start a proposal in the owner's unit; a draft may have any field missing except its title.

    With an idempotency key the owner already used (a retried submission of the same form), nothing new is
    created: the proposal the first submission created is returned as it is.
    """
    key = idempotency.clean(idempotency_key)
    earlier = created_with_key(owner, key)
    if earlier is not None:
        return earlier
    title = (values.get("title") or "").strip()
    if not title:
        raise DomainError.on("title", _("Judul inovasi wajib diisi, juga untuk draf."))
    innovation = Innovation(owner=owner, unit=owner.unit, slug=unique_slug(title), stage=Stage.IDEATION,
                            status=Status.DRAFT, idempotency_key=key)
    _assign(innovation, values)
    innovation, inserted = idempotency.insert_once(innovation, Innovation.owner_id, owner.id, key)
    if not inserted:  # a parallel request with the same key saved it first
        return innovation
    record_event(innovation, owner, None, None, _("Draf dibuat."))
    return innovation


def created_with_key(owner: User, key: str | None) -> Innovation | None:
    """The proposal `owner` created with idempotency key `key`, if any."""
    return idempotency.created_with_key(Innovation.owner_id, owner.id, key)


def update_draft(innovation: Innovation, actor: User, values: dict, seen_version: int) -> Innovation:
    """Save edits if nobody else saved in between (optimistic lock on the version the user saw)."""
    if innovation.status not in EDITABLE_STATUSES:
        raise DomainError.on(None, _("Usulan dengan status ini tidak dapat diubah."))
    if seen_version != innovation.version_id:
        raise DomainError.on(None, _stale_edit_message())
    if not (values.get("title") or "").strip():
        raise DomainError.on("title", _("Judul inovasi wajib diisi, juga untuk draf."))
    _assign(innovation, values)
    try:
        db.session.flush()
    except StaleDataError:
        # Another save committed between our read and our write (two workers, the same moment): the version
        # check in the UPDATE caught it. The same conflict as above; the caller rolls back.
        raise DomainError.on(None, _stale_edit_message()) from None
    return innovation


def _stale_edit_message() -> str:
    return _("Usulan ini sudah diubah orang lain sejak Anda membukanya. Isian Anda belum disimpan: "
             "salin bagian yang penting, muat ulang halaman, lalu terapkan lagi.")


def submit_proposal(innovation: Innovation, actor: User, reason: str = "") -> Innovation:
    """Send the proposal to the lab once every section the stage requires is filled in."""
    values = {field: getattr(innovation, field) for field in EDITABLE_FIELDS}
    problems = submission_problems(innovation.stage, values)
    if problems:
        raise DomainError(*problems)
    apply_move(innovation, actor, Move.SUBMIT, reason or _("Usulan diajukan."))
    notify(coordinators(), "proposal.submitted", innovation, url=proposal_path(innovation))
    return innovation


def withdraw_proposal(innovation: Innovation, actor: User, reason: str, seen_version: int) -> Innovation:
    """Take the proposal back for good, with the reason on its history."""
    if seen_version != innovation.version_id:
        raise DomainError.on(None, _("Usulan ini sudah berubah sejak Anda membukanya. Periksa statusnya, lalu "
                                     "ulangi bila masih perlu ditarik."))
    if not (reason or "").strip():
        raise DomainError.on("reason", _("Alasan penarikan wajib diisi."))
    was_with_the_lab = innovation.status is not Status.DRAFT
    apply_move(innovation, actor, Move.WITHDRAW, reason.strip())
    if was_with_the_lab:  # a private draft was never the lab's business
        notify(coordinators(), "proposal.withdrawn", innovation, url=proposal_path(innovation))
    return innovation


def apply_move(innovation: Innovation, actor: User, move: Move, reason: str) -> Innovation:
    """Move the innovation as the pipeline allows and write the move to its history."""
    try:
        target = target_of(innovation.stage, innovation.status, move)
    except TransitionError as exc:
        raise DomainError.on(None, exc.message) from None
    from_stage, from_status = innovation.stage, innovation.status
    innovation.stage, innovation.status = target.stage, target.status
    db.session.flush()
    record_event(innovation, actor, from_stage, from_status, reason)
    return innovation


def record_event(innovation, actor, from_stage, from_status, reason: str) -> StageEvent:
    event = StageEvent(
        innovation_id=innovation.id, actor_id=actor.id if actor else None, from_stage=from_stage,
        from_status=from_status, to_stage=innovation.stage, to_status=innovation.status, reason=reason,
    )
    db.session.add(event)
    return event


def _assign(innovation: Innovation, values: dict) -> None:
    # Only whitelisted fields: posted extras such as status, owner_id or published are ignored.
    for field in EDITABLE_FIELDS:
        if field in values:
            value = values[field]
            setattr(innovation, field, value.strip() if isinstance(value, str) else value)
