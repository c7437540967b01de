"""Registering and updating replications. They flush, never commit; rule violations raise DomainError."""
from __future__ import annotations

from flask_babel import gettext as _

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import Innovation, Replication, ReplicationUpdate, Unit, User
from innolab.notifications.audiences import team_of
from innolab.notifications.service import notify, path_for
from innolab.proposals.services import create_draft
from innolab.replication.queries import replicating_unit_ids
from innolab.replication.rules import FINAL_STATUSES, NEXT_STATUSES, adoptable_units, may_be_replicated
from innolab.vocab import ReplicationStatus, Role


def register_replication(user: User, innovation: Innovation, values: dict) -> Replication:
    if not may_be_replicated(innovation):
        raise DomainError.on(None, _("Inovasi ini belum dibuka untuk direplikasi."))
    unit = db.session.get(Unit, values.get("adopting_unit_id") or 0)
    if unit is None or unit not in adoptable_units(user):
        raise DomainError.on("adopting_unit_id", _("Pilih unit Anda atau unit di bawahnya."))
    if unit.id == innovation.unit_id:
        raise DomainError.on("adopting_unit_id", _("Unit ini adalah pemilik inovasi; replikasi dilakukan unit lain."))
    if unit.id in replicating_unit_ids(innovation):
        raise DomainError.on("adopting_unit_id", _("%(unit)s sudah tercatat mereplikasi inovasi ini.", unit=unit.name))
    contact = (values.get("contact") or "").strip()
    if not contact:
        raise DomainError.on("contact", _("Narahubung wajib diisi agar unit asal dapat menghubungi Anda."))
    replication = Replication(
        source=innovation, adopting_unit=unit, registered_by=user, contact=contact,
        plan=(values.get("plan") or "").strip(), started_on=values.get("started_on"),
        status=ReplicationStatus.INTERESTED,
    )
    replication.updates.append(ReplicationUpdate(actor=user, to_status=ReplicationStatus.INTERESTED,
                                                 note=_("Replikasi didaftarkan.")))
    db.session.add(replication)
    if values.get("create_proposal"):
        replication.derived = _derived_proposal(user, innovation, unit, replication.plan)
    db.session.flush()
    notify(team_of(innovation), "replication.registered", innovation, url=replication_path(replication),
           unit=unit.name)
    return replication


def _derived_proposal(user: User, source: Innovation, unit: Unit, plan: str) -> Innovation:
    """A draft in the adopting unit's pipeline, prefilled from the source, that the lab will see as a replication."""
    if not user.has_role(Role.INNOVATOR):
        raise DomainError.on("create_proposal", _("Hanya akun dengan peran Inovator yang dapat membuat usulan."))
    values = {name: getattr(source, name) for name in (
        "summary", "goals", "novelty", "implementation", "adaptability", "innovation_type", "form", "affair",
        "sdgs", "tags")}
    values["title"] = _("Replikasi: %(title)s", title=source.title)[:200]
    values["background"] = plan
    draft = create_draft(user, values)
    draft.unit = unit
    return draft


def update_replication(replication: Replication, user: User, status: ReplicationStatus, note: str,
                       seen_version: int | None) -> Replication:
    """Move the replication on (or only add a note); the adopting unit keeps its history this way."""
    if seen_version != replication.version_id:
        raise DomainError.on(None, _("Replikasi ini sudah diperbarui orang lain. Muat ulang halaman; catatan Anda "
                                     "masih ada di kotak isian."))
    note = (note or "").strip()
    if replication.status in FINAL_STATUSES:
        raise DomainError.on("status", _("Replikasi ini sudah selesai dan tidak dapat diubah lagi."))
    if status != replication.status and status not in NEXT_STATUSES[replication.status]:
        raise DomainError.on("status", _("Status tidak dapat langsung berpindah ke %(status)s.", status=status.label))
    if not note:
        raise DomainError.on("note", _("Tuliskan catatan perkembangan atau alasan perubahan status."))
    replication.updates.append(ReplicationUpdate(actor=user, from_status=replication.status, to_status=status,
                                                 note=note))
    if status != replication.status:
        replication.status = status
        notify(team_of(replication.source), "replication.updated", replication.source,
               url=replication_path(replication), unit=replication.adopting_unit.name, status=status.value)
    replication.notes = note
    db.session.flush()
    return replication


def replication_path(replication: Replication) -> str:
    return path_for("replication.detail", replication_id=replication.id)
