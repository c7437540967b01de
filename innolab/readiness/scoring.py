"""Score math of the readiness self-assessment, as plain functions of indicators, answers and counts.

score = Σ weight × level over the set's active indicators; maximum = Σ weight × 3. A level above 0 without a
linked piece of evidence of a kind that proves that level is "kurang bukti" (lacking evidence). The replication
indicator is never chosen by hand: its level is the number of the innovation's live replications, capped at 3.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l

MAX_LEVEL = 3
LEVELS = tuple(range(MAX_LEVEL + 1))  # 0 = belum / none, then 1–3
SOURCE_REPLICATION = "replication"  # Indicator.source of the indicator filled from replication records


class Predicate(StrEnum):
    SANGAT_INOVATIF = "sangat_inovatif"
    INOVATIF = "inovatif"
    KURANG_INOVATIF = "kurang_inovatif"

    @property
    def label(self):
        return PREDICATE_LABELS[self]


PREDICATE_LABELS = {
    Predicate.SANGAT_INOVATIF: _l("Sangat Inovatif"),
    Predicate.INOVATIF: _l("Inovatif"),
    Predicate.KURANG_INOVATIF: _l("Kurang Inovatif"),
}
PREDICATE_ORDER = (Predicate.SANGAT_INOVATIF, Predicate.INOVATIF, Predicate.KURANG_INOVATIF)


def predicate(score, inovatif_from: int, sangat_above: int) -> Predicate:
    """The band a score (or an average) falls in: > sangat_above, then ≥ inovatif_from, else below."""
    if score > sangat_above:
        return Predicate.SANGAT_INOVATIF
    if score >= inovatif_from:
        return Predicate.INOVATIF
    return Predicate.KURANG_INOVATIF


def replication_level(live_replications: int) -> int:
    """1×, 2×, ≥ 3× replicated → level 1, 2, 3."""
    return max(0, min(live_replications, MAX_LEVEL))


def is_auto(indicator) -> bool:
    return indicator.source == SOURCE_REPLICATION


@dataclass(frozen=True)
class Line:
    """One indicator of one assessment, as scored."""

    indicator: object  # models.Indicator
    level: int
    evidence: tuple = ()  # models.Evidence linked to it
    auto: bool = False

    @property
    def points(self) -> int:
        return self.indicator.weight * self.level

    @property
    def maximum(self) -> int:
        return self.indicator.weight * MAX_LEVEL

    @property
    def accepted_kinds(self) -> list[str]:
        return self.indicator.kinds_for(self.level) if self.level else []

    @property
    def lacks_evidence(self) -> bool:
        """A claimed level with no linked evidence of a kind that proves it ("kurang bukti")."""
        if self.level == 0:
            return False
        accepted = set(self.accepted_kinds)
        return not any(not accepted or item.kind in accepted for item in self.evidence)


@dataclass(frozen=True)
class ScoreCard:
    lines: list[Line] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(line.points for line in self.lines)

    @property
    def maximum(self) -> int:
        return sum(line.maximum for line in self.lines)

    @property
    def missing(self) -> list[Line]:
        return [line for line in self.lines if line.lacks_evidence]

    def predicate(self, indicator_set) -> Predicate:
        return predicate(self.score, indicator_set.inovatif_from, indicator_set.sangat_above)


def score_card(indicators: Iterable, answers: dict, live_replications: int = 0) -> ScoreCard:
    """Score `answers` ({indicator id: (level, evidence list)}) on the active `indicators`, in their order.

    Indicators without an answer count as level 0; a stored level outside 0–3 never counts beyond its bounds.
    """
    lines = []
    for indicator in indicators:
        if not indicator.active:
            continue
        level, evidence = answers.get(indicator.id, (0, ()))
        auto = is_auto(indicator)
        if auto:
            level = replication_level(live_replications)
        lines.append(Line(indicator, max(0, min(int(level or 0), MAX_LEVEL)), tuple(evidence), auto))
    return ScoreCard(lines)


def average(scores: list[int]) -> Decimal | None:
    """The mean score, to two decimals (None when nothing was assessed)."""
    if not scores:
        return None
    return (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
