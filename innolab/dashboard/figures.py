"""The lab's figures for the coordinator's dashboard, each a plain query (tests recompute them in raw SQL).

Scope: innovations that reached the lab (not drafts), optionally of one year (the year it started, else the year it
was created: the same "year" the search facets use) and of one unit.
"""
from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, extract, func, select
from sqlalchemy.orm import selectinload

from innolab.extensions import db
from innolab.models import (
    Assignment,
    AssignmentStatus,
    Innovation,
    Replication,
    Review,
    ReviewRound,
    StageEvent,
    Unit,
    User,
)
from innolab.pipeline.stages import STAGE_ORDER, Stage, Status
from innolab.vocab import ReplicationStatus, UnitKind


@dataclass(frozen=True)
class Scope:
    year: int | None = None
    unit_id: int | None = None


def _year_of_innovation():
    return func.coalesce(extract("year", Innovation.started_on), extract("year", Innovation.created_at))


def _conditions(scope: Scope) -> list:
    """The conditions on Innovation that pick the innovations the dashboard counts."""
    conditions = [Innovation.status != Status.DRAFT]
    if scope.year:
        conditions.append(_year_of_innovation() == scope.year)
    if scope.unit_id:
        conditions.append(Innovation.unit_id == scope.unit_id)
    return conditions


def in_scope(scope: Scope) -> Select:
    """Ids of the innovations the dashboard counts (for queries on other tables; on Innovation itself the
    conditions go straight into the WHERE, which spares PostgreSQL a second pass over the wide table)."""
    return select(Innovation.id).where(*_conditions(scope))


def funnel(scope: Scope) -> dict[Stage, dict[Status, int]]:
    rows = db.session.execute(
        select(Innovation.stage, Innovation.status, func.count())
        .where(*_conditions(scope)).group_by(Innovation.stage, Innovation.status))
    table: dict[Stage, dict[Status, int]] = {stage: {} for stage in STAGE_ORDER}
    for stage, status, count in rows:
        table[stage][status] = count
    return table


def reached(scope: Scope) -> dict[Stage, int]:
    """How many innovations ever entered each stage (from their history)."""
    rows = db.session.execute(
        select(StageEvent.to_stage, func.count(func.distinct(StageEvent.innovation_id)))
        .where(StageEvent.innovation_id.in_(in_scope(scope))).group_by(StageEvent.to_stage))
    counts = dict(rows.all())
    return {stage: counts.get(stage, 0) for stage in STAGE_ORDER}


def conversions(scope: Scope) -> list[tuple[Stage, Stage, int, int]]:
    """(from stage, to stage, entered from, went on) for each gate."""
    entered = reached(scope)
    return [(a, b, entered[a], entered[b]) for a, b in zip(STAGE_ORDER, STAGE_ORDER[1:], strict=False)]


def median_days_in_stage(scope: Scope) -> dict[Stage, float | None]:
    """Median days from entering a stage to entering the next one, over innovations that moved on."""
    first_entry: dict[tuple[int, Stage], object] = {}
    rows = db.session.execute(
        select(StageEvent.innovation_id, StageEvent.to_stage, func.min(StageEvent.created_at))
        .where(StageEvent.innovation_id.in_(in_scope(scope)))
        .group_by(StageEvent.innovation_id, StageEvent.to_stage))
    for innovation_id, stage, entered in rows:
        first_entry[(innovation_id, stage)] = entered
    days: dict[Stage, list[float]] = defaultdict(list)
    for (innovation_id, stage), entered in first_entry.items():
        following = stage.next
        left = first_entry.get((innovation_id, following)) if following else None
        if left is not None:
            days[stage].append((left - entered).total_seconds() / 86400)
    return {stage: (round(statistics.median(days[stage]), 1) if days[stage] else None)
            for stage in STAGE_ORDER[:-1]}


def submissions_per_month(scope: Scope) -> list[tuple[str, int]]:
    """Submissions to the lab (every submit, resubmissions included) per month, "YYYY-MM" → count."""
    query = select(StageEvent.created_at).where(
        StageEvent.to_status == Status.SUBMITTED, StageEvent.innovation_id.in_(in_scope(scope)))
    if scope.year:
        query = query.where(extract("year", StageEvent.created_at) == scope.year)
    months = Counter(created.strftime("%Y-%m") for created in db.session.scalars(query))
    if scope.year:
        return [(f"{scope.year}-{month:02d}", months.get(f"{scope.year}-{month:02d}", 0)) for month in range(1, 13)]
    return sorted(months.items())


def _breakdown(column, scope: Scope) -> list[tuple[object, int]]:
    rows = db.session.execute(
        select(column, func.count()).where(*_conditions(scope))
        .group_by(column).order_by(func.count().desc(), column))
    return [(value, count) for value, count in rows if value is not None]


def by_affair(scope: Scope) -> list[tuple[str, int]]:
    return _breakdown(Innovation.affair, scope)


def by_unit(scope: Scope) -> list[tuple[Unit, int]]:
    counts = _breakdown(Innovation.unit_id, scope)
    units = {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_([u for u, _ in counts])))}
    return [(units[unit_id], count) for unit_id, count in counts]


def by_kecamatan(scope: Scope, counted: list[tuple[Unit, int]] | None = None) -> list[tuple[Unit, int]]:
    """Innovations of units in each kecamatan (the kecamatan itself and the units below it); `counted` is
    by_unit(scope) when the caller has it already."""
    counted = by_unit(scope) if counted is None else counted
    units = _with_ancestors([unit.id for unit, _count in counted])
    totals: Counter = Counter()
    for unit, count in counted:
        node = unit
        while node is not None and node.kind is not UnitKind.KECAMATAN:
            node = units.get(node.parent_id)
        if node is not None:
            totals[node] += count
    return sorted(totals.items(), key=lambda item: (-item[1], item[0].name))


def _with_ancestors(unit_ids: list[int]) -> dict[int, Unit]:
    """These units and every unit above them, by id, in one query (not one per step up the tree)."""
    if not unit_ids:
        return {}
    up = select(Unit.id, Unit.parent_id).where(Unit.id.in_(unit_ids)).cte("up", recursive=True)
    up = up.union_all(select(Unit.id, Unit.parent_id).join(up, Unit.id == up.c.parent_id))
    return {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(select(up.c.id))))}


@dataclass(frozen=True)
class ReviewerLoad:
    reviewer: User
    pending: int
    overdue: int
    submitted: int
    median_days: float | None


def reviewer_workload(scope: Scope, today: date) -> list[ReviewerLoad]:
    rows = db.session.execute(
        select(Assignment.reviewer_id, Assignment.status, Assignment.due_on, Assignment.created_at,
               Review.submitted_at)
        .join(ReviewRound, ReviewRound.id == Assignment.round_id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(ReviewRound.innovation_id.in_(in_scope(scope)), Assignment.status != AssignmentStatus.DECLINED))
    pending, overdue, submitted, turnaround = Counter(), Counter(), Counter(), defaultdict(list)
    for reviewer_id, status, due_on, assigned, submitted_at in rows:
        if status is AssignmentStatus.PENDING:
            pending[reviewer_id] += 1
            overdue[reviewer_id] += bool(due_on and due_on < today)
        elif status is AssignmentStatus.SUBMITTED and submitted_at is not None:
            submitted[reviewer_id] += 1
            turnaround[reviewer_id].append((submitted_at - assigned).total_seconds() / 86400)
    ids = set(pending) | set(submitted)
    reviewers = {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}
    loads = [ReviewerLoad(reviewers[i], pending[i], overdue[i], submitted[i],
                          round(statistics.median(turnaround[i]), 1) if turnaround[i] else None) for i in ids]
    return sorted(loads, key=lambda load: (-load.pending, -load.submitted, load.reviewer.name))


def overdue_reviews(scope: Scope, today: date) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Assignment).join(ReviewRound, ReviewRound.id == Assignment.round_id)
        .where(ReviewRound.innovation_id.in_(in_scope(scope)), Assignment.status == AssignmentStatus.PENDING,
               Assignment.due_on < today))


def replications_by_status(scope: Scope) -> dict[ReplicationStatus, int]:
    rows = db.session.execute(
        select(Replication.status, func.count()).where(Replication.source_innovation_id.in_(in_scope(scope)))
        .group_by(Replication.status))
    counts = dict(rows.all())
    return {status: counts.get(status, 0) for status in ReplicationStatus}


def active_and_stopped(scope: Scope, table: dict[Stage, dict[Status, int]] | None = None) -> dict[Status, int]:
    """Scaling innovations still in use and stopped; `table` is funnel(scope) when the caller has it already."""
    table = (funnel(scope) if table is None else table)[Stage.SCALING]
    return {Status.ACTIVE: table.get(Status.ACTIVE, 0), Status.STOPPED: table.get(Status.STOPPED, 0)}


def years() -> list[int]:
    """The years the filter offers: those with innovations in the lab, newest first."""
    rows = db.session.scalars(select(func.distinct(_year_of_innovation())).where(Innovation.status != Status.DRAFT))
    return sorted((int(year) for year in rows if year is not None), reverse=True)



def highlights_per_stage(scope: Scope, per_stage: int = 3) -> dict[Stage, list[tuple[Innovation, int]]]:
    """The most replicated innovations of each stage (then the newest): what the report puts forward."""
    counts = dict(db.session.execute(
        select(Replication.source_innovation_id, func.count()).where(Replication.status != ReplicationStatus.STOPPED)
        .group_by(Replication.source_innovation_id)).all())
    chosen: dict[Stage, list[tuple[Innovation, int]]] = {stage: [] for stage in STAGE_ORDER}
    rows = db.session.scalars(select(Innovation).where(*_conditions(scope)).options(selectinload(Innovation.unit)))
    for innovation in sorted(rows, key=lambda i: (-counts.get(i.id, 0), -i.created_at.timestamp(), i.id)):
        if len(chosen[innovation.stage]) < per_stage:
            chosen[innovation.stage].append((innovation, counts.get(innovation.id, 0)))
    return chosen


def in_scaling(scope: Scope) -> list[Innovation]:
    return list(db.session.scalars(
        select(Innovation).where(*_conditions(scope), Innovation.stage == Stage.SCALING)
        .options(selectinload(Innovation.unit)).order_by(Innovation.title)))
