"""Read side of the readiness self-assessment: indicator sets, an innovation's score card, the region summary."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from innolab.evidence.services import evidence_query
from innolab.extensions import db
from innolab.models import Answer, Assessment, Evidence, Indicator, IndicatorSet, Innovation, Replication
from innolab.pipeline.stages import Stage, Status
from innolab.readiness.defaults import current_year
from innolab.readiness.scoring import LEVELS, PREDICATE_ORDER, Predicate, ScoreCard, average, predicate, score_card
from innolab.replication.rules import COUNTED_STATUSES

# The innovations a region reports to the index are those in a trial or in use; the coordinator's list of
# innovations still to assess shows these.
REPORTED_STAGES = (Stage.PILOTING, Stage.SCALING)


def _set_query():
    return select(IndicatorSet).options(selectinload(IndicatorSet.indicators))


def set_years() -> list[int]:
    """Every year that has an indicator set, newest first."""
    return list(db.session.scalars(select(IndicatorSet.year).order_by(IndicatorSet.year.desc())))


def set_for_year(year: int | None) -> IndicatorSet | None:
    if year is None:
        return None
    return db.session.scalar(_set_query().where(IndicatorSet.year == year))


def chosen_set(year: int | None) -> IndicatorSet | None:
    """The set of the asked year; without one, this year's set, else the newest set there is."""
    found = set_for_year(year) or set_for_year(current_year())
    return found or db.session.scalar(_set_query().order_by(IndicatorSet.year.desc()).limit(1))


def is_closed(indicator_set: IndicatorSet) -> bool:
    """A past year's set is history: its indicators, bands and assessments are read-only."""
    return indicator_set.year < current_year()


def find_set(set_id: int | None) -> IndicatorSet | None:
    return db.session.get(IndicatorSet, set_id) if set_id is not None else None


def find_indicator(indicator_id: int | None) -> Indicator | None:
    return db.session.get(Indicator, indicator_id) if indicator_id is not None else None


def assessment_of(innovation: Innovation, indicator_set: IndicatorSet) -> Assessment | None:
    return db.session.scalar(
        select(Assessment).where(Assessment.innovation_id == innovation.id, Assessment.set_id == indicator_set.id)
        .options(selectinload(Assessment.answers).selectinload(Answer.evidence))
    )


def innovation_evidence(innovation: Innovation) -> list[Evidence]:
    """The evidence uploaded to the innovation, oldest first: what its answers may link."""
    return list(db.session.scalars(evidence_query(innovation)))


def live_replications(innovation_ids) -> dict[int, int]:
    """How many replications (not stopped) each innovation has."""
    ids = list(innovation_ids)
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Replication.source_innovation_id, func.count())
        .where(Replication.source_innovation_id.in_(ids), Replication.status.in_(COUNTED_STATUSES))
        .group_by(Replication.source_innovation_id)).all())


def answers_of(assessment: Assessment | None) -> dict[int, tuple[int, list[Evidence]]]:
    if assessment is None:
        return {}
    return {answer.indicator_id: (answer.level, list(answer.evidence)) for answer in assessment.answers}


def card_for(innovation: Innovation, indicator_set: IndicatorSet, assessment: Assessment | None) -> ScoreCard:
    """The innovation's score card on the set: its answers, and the replication level from the records."""
    live = live_replications([innovation.id]).get(innovation.id, 0)
    return score_card(indicator_set.indicators, answers_of(assessment), live)


def _with_the_lab():
    # As policy._with_the_lab: a draft stays private to its team until submitted, unless published.
    return or_(Innovation.published.is_(True), Innovation.status != Status.DRAFT)


@dataclass(frozen=True)
class RegionRow:
    innovation: Innovation
    assessment: Assessment
    card: ScoreCard
    predicate: Predicate


@dataclass(frozen=True)
class IndicatorStat:
    indicator: Indicator
    levels: dict[int, int]  # level → how many innovations chose it
    lacking: int  # how many lack evidence for it
    mean_level: Decimal | None


@dataclass(frozen=True)
class RegionSummary:
    indicator_set: IndicatorSet
    rows: list[RegionRow] = field(default_factory=list)
    average: Decimal | None = None
    predicate: Predicate | None = None
    maximum: int = 0
    bands: dict[Predicate, int] = field(default_factory=dict)
    indicators: list[IndicatorStat] = field(default_factory=list)


def region_rows(indicator_set: IndicatorSet) -> list[RegionRow]:
    """Every assessment on the set of an innovation the lab may see, highest score first."""
    assessments = db.session.scalars(
        select(Assessment).join(Assessment.innovation)
        .where(Assessment.set_id == indicator_set.id, _with_the_lab())
        .options(selectinload(Assessment.answers).selectinload(Answer.evidence),
                 selectinload(Assessment.innovation).selectinload(Innovation.unit))
    ).all()
    live = live_replications(a.innovation_id for a in assessments)
    rows = []
    for assessment in assessments:
        card = score_card(indicator_set.indicators, answers_of(assessment), live.get(assessment.innovation_id, 0))
        rows.append(RegionRow(assessment.innovation, assessment, card, card.predicate(indicator_set)))
    rows.sort(key=lambda row: (-row.card.score, row.innovation.title.casefold(), row.innovation.id))
    return rows


def region_summary(indicator_set: IndicatorSet) -> RegionSummary:
    rows = region_rows(indicator_set)
    mean = average([row.card.score for row in rows])
    counted = Counter(row.predicate for row in rows)
    stats = []
    for indicator in indicator_set.active_indicators:
        lines = [line for row in rows for line in row.card.lines if line.indicator.id == indicator.id]
        levels = Counter(line.level for line in lines)
        stats.append(IndicatorStat(
            indicator, {level: levels.get(level, 0) for level in LEVELS}, sum(line.lacks_evidence for line in lines),
            average([line.level for line in lines])))
    maximum = score_card(indicator_set.indicators, {}).maximum
    return RegionSummary(
        indicator_set, rows, mean,
        predicate(mean, indicator_set.inovatif_from, indicator_set.sangat_above) if mean is not None else None,
        maximum, {band: counted.get(band, 0) for band in PREDICATE_ORDER}, stats)


def unassessed(indicator_set: IndicatorSet, limit: int = 200) -> list[Innovation]:
    """Innovations in a trial or in use, visible to the lab, without an assessment on the set yet."""
    assessed = select(Assessment.innovation_id).where(Assessment.set_id == indicator_set.id)
    return list(db.session.scalars(
        select(Innovation).options(selectinload(Innovation.unit))
        .where(Innovation.stage.in_(REPORTED_STAGES), _with_the_lab(), Innovation.id.not_in(assessed))
        .order_by(Innovation.title, Innovation.id).limit(limit)))
