"""The audit log of administrative actions: who changed what, when, from where."""
from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from innolab.extensions import db
from innolab.models import AuditLog

# Every action the admin area records, with its label for the audit page and its filter.
ACTION_LABELS: dict[str, object] = {
    "user.create": _l("Pengguna dibuat"),
    "user.update": _l("Pengguna diubah"),
    "user.deactivate": _l("Pengguna dinonaktifkan"),
    "user.reactivate": _l("Pengguna diaktifkan kembali"),
    "user.import": _l("Impor pengguna (CSV)"),
    "unit.create": _l("Unit dibuat"),
    "unit.update": _l("Unit diubah"),
    "unit.delete": _l("Unit dihapus"),
    "unit.import": _l("Impor unit (CSV)"),
    "innovation.publish": _l("Publikasi katalog diubah"),
    "checklist.update": _l("Daftar periksa bukti dukung diubah"),
    "innovation.import": _l("Impor inovasi (CSV/XLSX)"),
}


def _jsonable(value):
    """Details go into a JSON column: enums, sets and dates become plain values, sorted for stable diffs."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(_jsonable(item) for item in value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def record(actor, action: str, target=None, **details) -> AuditLog:
    """Add an audit row for `action` by `actor` on `target`; flushes, never commits."""
    if target is not None and getattr(target, "id", None) is None:
        db.session.flush()  # a target created in this transaction needs its id before we point at it
    actor_id = getattr(actor, "id", None) if actor is not None and getattr(actor, "is_authenticated", True) else None
    entry = AuditLog(
        actor_id=actor_id,
        action=action,
        target_type=getattr(target, "__tablename__", "") if target is not None else "",
        target_id=getattr(target, "id", None),
        details=_jsonable(details),
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def audit_listing(action: str = "") -> Select:
    """Audit rows newest first, only those of `action` when it is a known action."""
    stmt = select(AuditLog).options(selectinload(AuditLog.actor)).order_by(AuditLog.created_at.desc(),
                                                                           AuditLog.id.desc())
    if action in ACTION_LABELS:
        stmt = stmt.where(AuditLog.action == action)
    return stmt
