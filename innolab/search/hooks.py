"""Session events: note changed innovations at flush, index them after commit, forget them on rollback.

Collected in after_flush because before_commit would miss rows an earlier flush already wrote.
"""
from __future__ import annotations

from itertools import chain

from flask import current_app
from sqlalchemy import event

from innolab.models import Innovation, Replication, Unit

PENDING_IDS = "search_pending_innovations"
PENDING_UNITS = "search_pending_units"


def install(session_class) -> None:
    if event.contains(session_class, "after_flush", _collect):
        return  # one set of listeners however many apps are created (the tests build several)
    event.listen(session_class, "after_flush", _collect)
    event.listen(session_class, "after_commit", _apply)
    event.listen(session_class, "after_rollback", _forget)


def _collect(session, _flush_context) -> None:
    ids = session.info.setdefault(PENDING_IDS, set())
    units = session.info.setdefault(PENDING_UNITS, set())
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Innovation):
            ids.add(obj.id)
        elif isinstance(obj, Replication):
            ids.add(obj.source_innovation_id)
        elif isinstance(obj, Unit):
            units.add(obj.id)  # its place in the tree decides its innovations' kecamatan facet


def _apply(session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released, not committed: its rows are not visible to anyone else yet
    ids = session.info.pop(PENDING_IDS, set())
    units = session.info.pop(PENDING_UNITS, set())
    if not ids and not units:
        return
    current_app.extensions["innolab.search"].after_commit(ids, units)


def _forget(session) -> None:
    if session.in_nested_transaction():
        return  # one savepoint undone (a rejected import row); the others' rows still wait for the commit
    session.info.pop(PENDING_IDS, None)
    session.info.pop(PENDING_UNITS, None)
