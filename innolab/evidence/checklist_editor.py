"""Coordinators' edits to the per-stage evidence checklists. Flush, never commit; each change is audited."""
from __future__ import annotations

from flask_babel import gettext as _

from innolab import audit
from innolab.domain import DomainError
from innolab.evidence.checklist import requirements
from innolab.extensions import db
from innolab.models import EvidenceRequirement, User
from innolab.pipeline.stages import Stage
from innolab.vocab import EVIDENCE_KINDS

AUDIT_ACTION = "checklist.update"


def add_requirement(actor: User, stage: Stage, kind: str, required: bool) -> EvidenceRequirement:
    """Append `kind` to the stage's checklist."""
    if kind not in EVIDENCE_KINDS:
        raise DomainError.on("kind", _("Pilih jenis bukti dukung dari daftar."))
    lines = requirements(stage)
    if any(line.kind == kind for line in lines):
        raise DomainError.on("kind", _("Jenis bukti dukung ini sudah ada di daftar periksa tahap tersebut."))
    line = EvidenceRequirement(stage=stage, kind=kind, required=required, position=len(lines))
    db.session.add(line)
    db.session.flush()
    _record(actor, line, "add")
    return line


def set_required(actor: User, line: EvidenceRequirement, required: bool) -> EvidenceRequirement:
    """Make the line required or optional (an explicit value, so two coordinators cannot undo each other)."""
    if line.required != required:
        line.required = required
        db.session.flush()
        _record(actor, line, "required" if required else "optional")
    return line


def move_requirement(actor: User, line: EvidenceRequirement, step: int) -> EvidenceRequirement:
    """Move the line `step` places up (negative) or down within its stage's checklist."""
    lines = requirements(line.stage)
    index = lines.index(line)
    target = min(max(index + step, 0), len(lines) - 1)
    if target != index:
        lines.insert(target, lines.pop(index))
        _renumber(lines)
        _record(actor, line, "move", position=target)
    return line


def remove_requirement(actor: User, line: EvidenceRequirement) -> None:
    """Drop the line; evidence already tagged with its kind stays."""
    _record(actor, line, "remove")
    stage = line.stage
    db.session.delete(line)
    db.session.flush()
    _renumber(requirements(stage))


def _renumber(lines: list[EvidenceRequirement]) -> None:
    for position, line in enumerate(lines):
        line.position = position
    db.session.flush()


def _record(actor: User, line: EvidenceRequirement, change: str, **details) -> None:
    audit.record(actor, AUDIT_ACTION, line, change=change, stage=line.stage, kind=line.kind, **details)
