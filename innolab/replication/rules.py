"""How a replication moves: interested → planning → implementing → evaluated, or stopped on the way."""
from __future__ import annotations

from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Unit
from innolab.pipeline.stages import Stage
from innolab.vocab import ReplicationStatus as RS

NEXT_STATUSES: dict[RS, tuple[RS, ...]] = {
    RS.INTERESTED: (RS.PLANNING, RS.STOPPED),
    RS.PLANNING: (RS.IMPLEMENTING, RS.STOPPED),
    RS.IMPLEMENTING: (RS.EVALUATED, RS.STOPPED),
    RS.EVALUATED: (),
    RS.STOPPED: (),
}
FINAL_STATUSES = frozenset(status for status, following in NEXT_STATUSES.items() if not following)
# A replication counts for its source while it lives; a stopped one stays on record but no longer counts.
COUNTED_STATUSES = tuple(status for status in RS if status is not RS.STOPPED)
# The catalogue offers innovations proven in a trial or in use.
REPLICABLE_STAGES = (Stage.PILOTING, Stage.SCALING)


def is_in_catalogue(innovation) -> bool:
    return innovation.published


def may_be_replicated(innovation) -> bool:
    return innovation.published and innovation.replicable and innovation.stage in REPLICABLE_STAGES


def adoptable_units(user) -> list:
    """The units a unit head speaks for: their own and every unit below it (a camat for the kelurahan).

    Breadth first, siblings by name. The subtree comes in one recursive query, not one query per unit.
    """
    below = select(Unit.id).where(Unit.id == user.unit_id).cte("below", recursive=True)
    below = below.union_all(select(Unit.id).where(Unit.parent_id == below.c.id))
    children: dict[int | None, list] = {}
    for unit in db.session.scalars(select(Unit).where(Unit.id.in_(select(below.c.id))).order_by(Unit.name, Unit.id)):
        children.setdefault(unit.parent_id, []).append(unit)
    units, queue = [], [user.unit]
    while queue:
        unit = queue.pop(0)
        units.append(unit)
        queue.extend(children.get(unit.id, []))
    return units
