"""The tree of organisational units: listing it, and the rules for creating, moving and deleting units."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from innolab import audit
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import Innovation, Replication, Unit, User
from innolab.vocab import UNIT_PARENT_KINDS, UnitKind

# Kemendagri codes are digits and dots (35.74.01.1001); local codes may add letters, '-' and '_'.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


@dataclass
class UnitNode:
    unit: Unit
    users: int = 0
    children: list[UnitNode] = field(default_factory=list)


def unit_tree() -> list[UnitNode]:
    """Every unit as a forest of nodes with their user counts, siblings by name; two queries in all."""
    units = db.session.scalars(select(Unit).order_by(Unit.name, Unit.id)).all()
    counts = dict(db.session.execute(select(User.unit_id, func.count()).group_by(User.unit_id)).all())
    nodes = {unit.id: UnitNode(unit, counts.get(unit.id, 0)) for unit in units}
    roots = []
    for unit in units:
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(nodes[unit.id])
    return roots


def unit_choices() -> list[tuple[int, str]]:
    """(id, label) for every unit in tree order, indented by depth, for select boxes."""
    choices: list[tuple[int, str]] = []

    def walk(nodes: list[UnitNode], depth: int) -> None:
        for node in nodes:
            # No-break spaces survive in <option> text, where ordinary leading spaces are collapsed.
            choices.append((node.unit.id, "\u00a0\u00a0\u00a0" * depth + f"{node.unit.name} ({node.unit.code})"))
            walk(node.children, depth + 1)

    walk(unit_tree(), 0)
    return choices


def parse_kind(value) -> UnitKind | None:
    """A UnitKind from its key (any case), or None when it names no kind."""
    try:
        return UnitKind(str(value or "").strip().lower())
    except ValueError:
        return None


def _parent_errors(unit: Unit | None, kind: UnitKind, parent: Unit | None) -> list[tuple[str, str]]:
    if parent is not None and unit is not None and (parent is unit or unit in parent.ancestors()):
        return [("parent_id", _("Unit tidak boleh berada di bawah dirinya sendiri atau sub-unitnya."))]
    if kind is UnitKind.PEMDA:
        if parent is not None:
            return [("parent_id", _("Pemerintah daerah adalah akar pohon unit dan tidak boleh punya induk."))]
        return []
    allowed = UNIT_PARENT_KINDS[kind]
    names = ", ".join(str(k.label) for k in UnitKind if k in allowed)
    if parent is None:
        return [("parent_id", _("Pilih unit induk (boleh: %(allowed)s).", allowed=names))]
    if parent.kind not in allowed:
        return [(
            "parent_id",
            _("%(kind)s tidak boleh berada di bawah %(parent)s. Induk yang diizinkan: %(allowed)s.",
              kind=kind.label, parent=parent.kind.label, allowed=names),
        )]
    return []


def _rule_errors(unit: Unit | None, name: str, kind: UnitKind | None, code: str,
                 parent: Unit | None) -> list[tuple[str, str]]:
    errors = []
    if not name:
        errors.append(("name", _("Nama unit wajib diisi.")))
    elif len(name) > 200:
        errors.append(("name", _("Nama unit maksimal 200 karakter.")))
    if not code:
        errors.append(("code", _("Kode unit wajib diisi.")))
    elif not CODE_PATTERN.match(code):
        errors.append(("code", _("Kode hanya boleh berisi huruf, angka, titik, garis bawah dan tanda hubung, "
                                  "maksimal 40 karakter.")))
    else:
        other = db.session.scalar(select(Unit).where(Unit.code == code))
        if other is not None and other is not unit:
            errors.append(("code", _("Kode %(code)s sudah dipakai unit %(name)s.", code=code, name=other.name)))
    if kind is None:
        errors.append(("kind", _("Jenis unit tidak dikenal. Pilihan: %(keys)s.", keys=", ".join(UnitKind))))
        return errors
    becomes_root = kind is UnitKind.PEMDA and (unit is None or unit.kind is not UnitKind.PEMDA)
    if becomes_root:
        root = db.session.scalar(select(Unit).where(Unit.kind == UnitKind.PEMDA).limit(1))
        if root is not None and root is not unit:
            errors.append(("kind", _("Sudah ada pemerintah daerah (%(name)s); pohon unit hanya punya satu akar.",
                                     name=root.name)))
    errors.extend(_parent_errors(unit, kind, parent))
    if unit is not None:
        misfits = [child for child in unit.children if kind not in UNIT_PARENT_KINDS[child.kind]]
        if misfits:
            errors.append(("kind", _("Sub-unit %(names)s tidak boleh berada di bawah %(kind)s; pindahkan dulu.",
                                     names=", ".join(child.name for child in misfits[:5]), kind=kind.label)))
    return errors


def _resolve_parent(parent_id, errors: list) -> Unit | None:
    if not parent_id:
        return None
    parent = db.session.get(Unit, parent_id)
    if parent is None:
        errors.append(("parent_id", _("Unit induk tidak ditemukan.")))
    return parent


def create_unit(actor, *, name: str, kind, code: str, parent_id=None, source: str = "form") -> Unit:
    """Add a unit to the tree after checking its rules, and log it; flushes, never commits."""
    name, code, kind = (name or "").strip(), (code or "").strip(), parse_kind(kind)
    errors: list[tuple[str, str]] = []
    parent = _resolve_parent(parent_id, errors)
    errors.extend(_rule_errors(None, name, kind, code, parent))
    if errors:
        raise DomainError(*errors)
    unit = Unit(name=name, kind=kind, code=code, parent=parent)
    db.session.add(unit)
    db.session.flush()
    audit.record(actor, "unit.create", unit, code=code, name=name, kind=kind,
                 parent=parent.code if parent else None, source=source)
    return unit


def _snapshot(unit: Unit) -> dict:
    return {"name": unit.name, "kind": unit.kind.value, "code": unit.code,
            "parent": unit.parent.code if unit.parent else None}


def update_unit(actor, unit: Unit, *, name: str, kind, code: str, parent_id=None, source: str = "form") -> bool:
    """Rename, re-code, re-kind or move a unit after checking the tree rules; True when anything changed."""
    name, code, kind = (name or "").strip(), (code or "").strip(), parse_kind(kind)
    errors: list[tuple[str, str]] = []
    parent = _resolve_parent(parent_id, errors)
    errors.extend(_rule_errors(unit, name, kind, code, parent))
    if errors:
        raise DomainError(*errors)
    before = _snapshot(unit)
    unit.name, unit.kind, unit.code, unit.parent = name, kind, code, parent
    changes = {key: [before[key], value] for key, value in _snapshot(unit).items() if before[key] != value}
    if not changes:
        return False
    db.session.flush()
    audit.record(actor, "unit.update", unit, changes=changes, source=source)
    return True


def _usage(unit: Unit) -> list[str]:
    """What still refers to a unit, in words, so the admin knows what to move first."""
    def count(stmt) -> int:
        return db.session.scalar(select(func.count()).select_from(stmt.subquery()))

    found = [
        (count(select(Unit.id).where(Unit.parent_id == unit.id)), _("sub-unit")),
        (count(select(User.id).where(User.unit_id == unit.id)), _("pengguna")),
        (count(select(Innovation.id).where(Innovation.unit_id == unit.id)), _("inovasi")),
        (count(select(Replication.id).where(Replication.adopting_unit_id == unit.id)), _("replikasi")),
    ]
    return [f"{n} {label}" for n, label in found if n]


def delete_unit(actor, unit: Unit) -> None:
    """Delete a unit nothing refers to any more, and log it; flushes, never commits."""
    usage = _usage(unit)
    if usage:
        raise DomainError.on(None, _(
            "Unit %(name)s tidak dapat dihapus karena masih dipakai oleh %(usage)s. Pindahkan atau hapus dulu.",
            name=unit.name, usage=", ".join(usage),
        ))
    audit.record(actor, "unit.delete", unit, **_snapshot(unit))
    db.session.delete(unit)
    db.session.flush()
