"""Read-side queries for replications."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from innolab.extensions import db
from innolab.models import Innovation, Replication
from innolab.replication.rules import COUNTED_STATUSES, adoptable_units


def _listing():
    return (select(Replication)
            .options(selectinload(Replication.source).selectinload(Innovation.unit),
                     selectinload(Replication.adopting_unit))
            .order_by(Replication.updated_at.desc(), Replication.id.desc()))


def all_replications(status: str | None = None):
    query = _listing()
    return query.where(Replication.status == status) if status else query


def run_by_units(unit_ids: list[int]):
    """Replications the given units carry out."""
    return _listing().where(Replication.adopting_unit_id.in_(unit_ids))


def of_innovations_from(unit_id: int):
    """Replications elsewhere of the innovations this unit created."""
    return _listing().join(Replication.source).where(Innovation.unit_id == unit_id)


def replicating(innovation: Innovation):
    """Who replicates this innovation (stopped ones included, last), for its profile."""
    return (select(Replication).options(selectinload(Replication.adopting_unit))
            .where(Replication.source_innovation_id == innovation.id)
            .order_by(Replication.status.in_(COUNTED_STATUSES).desc(), Replication.created_at))


def replicating_unit_ids(innovation: Innovation) -> set[int]:
    """Units with a live (not stopped) replication of this innovation: they may not register another."""
    return set(db.session.scalars(select(Replication.adopting_unit_id).where(
        Replication.source_innovation_id == innovation.id, Replication.status.in_(COUNTED_STATUSES))))


def replicating_unit_ids_of(innovation_ids) -> dict[int, set[int]]:
    """replicating_unit_ids for many innovations at once, in one query: innovation id → units replicating it."""
    taken: dict[int, set[int]] = {innovation_id: set() for innovation_id in innovation_ids}
    if taken:
        for source_id, unit_id in db.session.execute(
                select(Replication.source_innovation_id, Replication.adopting_unit_id).where(
                    Replication.source_innovation_id.in_(list(taken)), Replication.status.in_(COUNTED_STATUSES))):
            taken[source_id].add(unit_id)
    return taken


def units_free_to_replicate(user, innovation: Innovation) -> list:
    """The units this user may register a replication of `innovation` for."""
    taken = replicating_unit_ids(innovation) | {innovation.unit_id}
    return [unit for unit in adoptable_units(user) if unit.id not in taken]


def replication_of(innovation: Innovation):
    """The replication this innovation was created for, if it is one."""
    return select(Replication).where(Replication.derived_innovation_id == innovation.id)
