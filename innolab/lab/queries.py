"""Read-side queries of the lab desk: the stage × status board and the filtered, counted queue."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import joinedload

from innolab.extensions import db
from innolab.models import Assignment, AssignmentStatus, Innovation, ReviewRound, StageEvent
from innolab.pipeline.stages import Stage, Status

# Statuses that wait on the lab: the queue shows these unless asked otherwise.
WAITING_ON_LAB = (Status.SUBMITTED, Status.IN_REVIEW, Status.ON_HOLD)
# Every status the lab sees (drafts are private to their team), in board order.
BOARD_STATUSES = (Status.SUBMITTED, Status.IN_REVIEW, Status.ON_HOLD, Status.REVISION_REQUESTED,
                  Status.IN_PROGRESS, Status.ACTIVE, Status.STOPPED, Status.REJECTED, Status.WITHDRAWN)
FACETS = ("stage", "status", "unit", "affair", "reviewer")


@dataclass(frozen=True)
class QueueFilters:
    stage: Stage | None = None
    statuses: tuple[Status, ...] = WAITING_ON_LAB
    unit_id: int | None = None
    affair: str | None = None
    reviewer_id: int | None = None
    overdue: bool = False


def _open_assignments():
    """Assignments of rounds still open that the reviewer has not declined."""
    return (select(ReviewRound.innovation_id).join(Assignment, Assignment.round_id == ReviewRound.id)
            .where(ReviewRound.closed_at.is_(None), Assignment.status != AssignmentStatus.DECLINED))


def overdue_innovations(today: date):
    """Ids of innovations with an open assignment past its due date and not yet submitted."""
    return _open_assignments().where(Assignment.status == AssignmentStatus.PENDING, Assignment.due_on < today)


def _conditions(filters: QueueFilters, today: date, skip: str = "") -> list:
    conditions = [Innovation.status != Status.DRAFT]
    if filters.stage is not None and skip != "stage":
        conditions.append(Innovation.stage == filters.stage)
    if filters.statuses and skip != "status":
        conditions.append(Innovation.status.in_(filters.statuses))
    if filters.unit_id and skip != "unit":
        conditions.append(Innovation.unit_id == filters.unit_id)
    if filters.affair and skip != "affair":
        conditions.append(Innovation.affair == filters.affair)
    if filters.reviewer_id and skip != "reviewer":
        conditions.append(Innovation.id.in_(_open_assignments().where(Assignment.reviewer_id == filters.reviewer_id)))
    if filters.overdue and skip != "overdue":
        conditions.append(Innovation.id.in_(overdue_innovations(today)))
    return conditions


def _last_moved_at():
    return (select(func.max(StageEvent.created_at)).where(StageEvent.innovation_id == Innovation.id)
            .correlate(Innovation).scalar_subquery())


def queue_query(filters: QueueFilters, today: date) -> Select:
    """The proposals matching `filters`, longest waiting (since their last stage event) first."""
    waiting_since = func.coalesce(_last_moved_at(), Innovation.created_at)
    return (select(Innovation).where(*_conditions(filters, today))
            .options(joinedload(Innovation.unit), joinedload(Innovation.owner))
            .order_by(waiting_since.asc(), Innovation.id.asc()))


def facet_counts(filters: QueueFilters, today: date) -> dict[str, Counter]:
    """For each filter, how many proposals each of its values would give with the other filters kept."""
    columns = {"stage": Innovation.stage, "status": Innovation.status, "unit": Innovation.unit_id,
               "affair": Innovation.affair}
    counts = {}
    for name, column in columns.items():
        stmt = select(column, func.count()).where(*_conditions(filters, today, skip=name)).group_by(column)
        counts[name] = Counter(dict(db.session.execute(stmt).all()))
    reviewers = (
        select(Assignment.reviewer_id, func.count(distinct(Innovation.id)))
        .join(ReviewRound, ReviewRound.id == Assignment.round_id)
        .join(Innovation, Innovation.id == ReviewRound.innovation_id)
        .where(ReviewRound.closed_at.is_(None), Assignment.status != AssignmentStatus.DECLINED,
               *_conditions(filters, today, skip="reviewer"))
        .group_by(Assignment.reviewer_id)
    )
    counts["reviewer"] = Counter(dict(db.session.execute(reviewers).all()))
    overdue = select(func.count(Innovation.id)).where(*_conditions(replace(filters, overdue=True), today))
    counts["overdue"] = Counter({True: db.session.scalar(overdue)})
    return counts


def board_counts() -> Counter:
    """Proposals the lab sees, counted by (stage, status)."""
    stmt = (select(Innovation.stage, Innovation.status, func.count()).where(Innovation.status != Status.DRAFT)
            .group_by(Innovation.stage, Innovation.status))
    return Counter({(stage, status): n for stage, status, n in db.session.execute(stmt)})


@dataclass(frozen=True)
class RowFacts:
    """What a queue row shows beyond the innovation itself."""

    waiting_since: object = None
    assigned: int = 0
    submitted: int = 0
    overdue: int = 0

    def waiting_days(self, today: date) -> int:
        """Whole days since the proposal last moved."""
        return max(0, (today - self.waiting_since.date()).days) if self.waiting_since else 0


def row_facts(innovations: list[Innovation], today: date) -> dict[int, RowFacts]:
    """Waiting time and open-round progress of a page of proposals, in two queries (no N+1)."""
    ids = [innovation.id for innovation in innovations]
    if not ids:
        return {}
    moved = dict(db.session.execute(
        select(StageEvent.innovation_id, func.max(StageEvent.created_at))
        .where(StageEvent.innovation_id.in_(ids)).group_by(StageEvent.innovation_id)
    ).all())
    progress = {innovation_id: Counter() for innovation_id in ids}
    rows = db.session.execute(
        select(ReviewRound.innovation_id, Assignment.status, Assignment.due_on)
        .join(Assignment, Assignment.round_id == ReviewRound.id)
        .where(ReviewRound.innovation_id.in_(ids), ReviewRound.closed_at.is_(None),
               Assignment.status != AssignmentStatus.DECLINED)
    )
    for innovation_id, status, due_on in rows:
        tally = progress[innovation_id]
        tally["assigned"] += 1
        tally["submitted"] += status is AssignmentStatus.SUBMITTED
        tally["overdue"] += status is AssignmentStatus.PENDING and due_on is not None and due_on < today
    return {
        innovation.id: RowFacts(moved.get(innovation.id) or innovation.created_at, **progress[innovation.id])
        for innovation in innovations
    }


def desk_summary(today: date) -> dict:
    """The dashboard card's counts: proposals waiting on the lab by status, and those with overdue reviews."""
    by_status = Counter()
    for (_stage, status), n in board_counts().items():
        by_status[status] += n
    overdue = db.session.scalar(select(func.count(Innovation.id)).where(*_conditions(QueueFilters(overdue=True),
                                                                                     today)))
    return {"waiting": [(status, by_status[status]) for status in WAITING_ON_LAB], "overdue": overdue}
