"""Rubric scoring math: weighted totals on 0–100, the mean across reviewers and their spread."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean

DISAGREEMENT_THRESHOLD = 20.0  # points on the 0–100 scale


@dataclass(frozen=True)
class CriterionSpec:
    key: int | str
    weight: int  # percent
    scale: int = 5  # scored 1..scale


def validate_weights(weights: Sequence[int]) -> None:
    """A rubric's weights are positive and sum to exactly 100."""
    if any(w <= 0 for w in weights):
        raise ValueError("every weight must be positive")
    if sum(weights) != 100:
        raise ValueError(f"weights sum to {sum(weights)}, not 100")


def weighted_total(criteria: Sequence[CriterionSpec], scores: Mapping) -> float | None:
    """Σ weight × score / scale, on 0–100; None until every criterion has a score."""
    total = 0.0
    for criterion in criteria:
        value = scores.get(criterion.key)
        if value is None:
            return None
        if not 1 <= value <= criterion.scale:
            raise ValueError(f"score {value} outside 1..{criterion.scale}")
        total += criterion.weight * value / criterion.scale
    return round(total, 2)


@dataclass(frozen=True)
class Summary:
    totals: tuple[float, ...]
    mean: float | None
    spread: float | None  # highest minus lowest total
    disagreement: bool


def summarise(totals: Sequence[float]) -> Summary:
    """Mean and spread of reviewers' totals; flags disagreement above the threshold."""
    totals = tuple(totals)
    if not totals:
        return Summary((), None, None, False)
    spread = round(max(totals) - min(totals), 2)
    return Summary(totals, round(fmean(totals), 2), spread, spread > DISAGREEMENT_THRESHOLD)
