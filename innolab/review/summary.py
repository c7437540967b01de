"""The coordinator's view of a round's scores: per reviewer, per criterion, weighted totals, mean and spread.

Only submitted reviews count; a draft is the reviewer's own business until they send it. The lab's decision page
embeds templates/review/_summary.html with the RoundSummary this module builds.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from innolab.extensions import db
from innolab.models import Assignment, AssignmentStatus, Innovation, Review, ReviewRound, Rubric, Score, User
from innolab.pipeline.scoring import CriterionSpec, summarise, weighted_total
from innolab.review.labels import ASSIGNMENT_STATUS_LABELS, RECOMMENDATION_LABELS


@dataclass(frozen=True)
class ScoreCell:
    value: int | None
    note: str


@dataclass(frozen=True)
class ReviewerRow:
    assignment: Assignment
    reviewer: User
    status: AssignmentStatus
    status_label: object
    review: Review | None  # the submitted review; None while pending or declined
    scores: dict[str, ScoreCell]  # criterion name → score
    total: float | None  # weighted, on 0–100
    recommendation_label: object
    overall_note: str


@dataclass(frozen=True)
class CriterionColumn:
    name: str
    weight: int
    mean: float | None


@dataclass(frozen=True)
class RoundSummary:
    round: ReviewRound
    criteria: list[CriterionColumn]
    rows: list[ReviewerRow]
    mean: float | None
    spread: float | None
    disagreement: bool

    @property
    def submitted(self) -> int:
        return sum(1 for row in self.rows if row.review is not None)


def score_summary(innovation: Innovation, round: ReviewRound | None = None) -> RoundSummary | None:  # noqa: A002
    """The summary of `round`, by default the innovation's latest round; None when it has had no round."""
    rounds = _rounds(innovation, only=round)
    return summarise_round(rounds[0]) if rounds else None


def round_summaries(innovation: Innovation) -> list[RoundSummary]:
    """A summary of every round of the innovation, newest first."""
    return [summarise_round(r) for r in _rounds(innovation)]


def summarise_round(round_: ReviewRound) -> RoundSummary:
    """Rows, per-criterion means, and mean/spread/disagreement of the weighted totals of a loaded round."""
    rows = [_row(a) for a in sorted(round_.assignments, key=lambda a: (a.created_at, a.id))]
    columns: dict[str, int] = {}
    for row in rows:
        if row.review is not None:
            for criterion in row.review.rubric.criteria:
                columns.setdefault(criterion.name, criterion.weight)
    criteria = [CriterionColumn(name, weight, _mean([row.scores[name].value for row in rows if name in row.scores]))
                for name, weight in columns.items()]
    overall = summarise([row.total for row in rows if row.total is not None])
    return RoundSummary(round_, criteria, rows, overall.mean, overall.spread, overall.disagreement)


def _rounds(innovation: Innovation, only: ReviewRound | None = None) -> list[ReviewRound]:
    query = (
        select(ReviewRound).where(ReviewRound.innovation_id == innovation.id)
        .options(selectinload(ReviewRound.assignments).options(
            joinedload(Assignment.reviewer),
            selectinload(Assignment.review).options(
                selectinload(Review.scores).joinedload(Score.criterion),
                joinedload(Review.rubric).selectinload(Rubric.criteria),
            ),
        ))
        .order_by(ReviewRound.opened_at.desc(), ReviewRound.id.desc())
    )
    if only is not None:
        query = query.where(ReviewRound.id == only.id)
    return list(db.session.scalars(query))


def _row(assignment: Assignment) -> ReviewerRow:
    review = assignment.review
    if review is None or review.submitted_at is None:
        return ReviewerRow(assignment, assignment.reviewer, assignment.status,
                           ASSIGNMENT_STATUS_LABELS[assignment.status], None, {}, None, "", "")
    by_id = {score.criterion_id: score for score in review.scores}
    scores = {c.name: ScoreCell(by_id[c.id].value, by_id[c.id].note) if c.id in by_id else ScoreCell(None, "")
              for c in review.rubric.criteria}
    specs = [CriterionSpec(c.id, c.weight, c.scale) for c in review.rubric.criteria]
    total = weighted_total(specs, {cid: score.value for cid, score in by_id.items()})
    label = RECOMMENDATION_LABELS[review.recommendation] if review.recommendation else ""
    return ReviewerRow(assignment, assignment.reviewer, assignment.status, ASSIGNMENT_STATUS_LABELS[assignment.status],
                       review, scores, total, label, review.overall_note)


def _mean(values: list[int | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(fmean(present), 2) if present else None
