"""How a replication moves: interested → planning → implementing → evaluated, or stopped on the way."""
from __future__ import annotations

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
    """The units a unit head speaks for: their own and every unit below it (a camat for the kelurahan)."""
    units, queue = [], [user.unit]
    while queue:
        unit = queue.pop(0)
        units.append(unit)
        queue.extend(unit.children)
    return units
