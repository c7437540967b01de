"""Score math: Σ weight × level over active indicators, the maximum, evidence gaps and predicate bands."""
from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from innolab.models import Indicator
from innolab.readiness.scoring import Predicate, average, predicate, replication_level, score_card


def indicator(id_, weight, kinds=(("sk_inovasi",), ("sk_inovasi",), ("sk_inovasi",)), active=True, source=None):
    return Indicator(id=id_, name=f"Indikator {id_}", weight=weight, levels=["a", "b", "c"],
                     evidence_kinds=[list(k) for k in kinds], active=active, source=source)


def evidence(kind):
    return SimpleNamespace(kind=kind)


def test_score_is_the_sum_of_weight_times_level_and_the_maximum_three_times_the_weights():
    indicators = [indicator(1, 3), indicator(2, 2), indicator(3, 4)]
    card = score_card(indicators, {1: (2, []), 3: (3, [])})
    assert card.score == 3 * 2 + 2 * 0 + 4 * 3
    assert card.maximum == (3 + 2 + 4) * 3
    assert [line.points for line in card.lines] == [6, 0, 12]


def test_inactive_indicators_count_neither_in_the_score_nor_in_the_maximum():
    card = score_card([indicator(1, 3), indicator(2, 5, active=False)], {1: (1, []), 2: (3, [])})
    assert (card.score, card.maximum) == (3, 9)


def test_the_seeded_table_has_a_maximum_of_111(indicator_set):
    assert score_card(indicator_set.indicators, {}).maximum == 37 * 3


def test_the_replication_indicator_takes_its_level_from_the_live_replication_count():
    indicators = [indicator(1, 3, source="replication")]
    assert [score_card(indicators, {1: (3, [])}, live).score for live in (0, 1, 2, 3, 7)] == [0, 3, 6, 9, 9]
    assert [replication_level(n) for n in (0, 1, 2, 3, 4)] == [0, 1, 2, 3, 3]


def test_a_level_without_evidence_of_an_accepted_kind_lacks_evidence():
    item = indicator(1, 2, kinds=(("sop",), ("sop", "foto_tangkapan"), ("laporan_monev",)))
    lacks = {
        "level 0 needs nothing": score_card([item], {1: (0, [])}).missing,
        "no evidence": score_card([item], {1: (1, [])}).missing,
        "wrong kind": score_card([item], {1: (1, [evidence("video")])}).missing,
        "kind of another level": score_card([item], {1: (3, [evidence("sop")])}).missing,
        "accepted kind": score_card([item], {1: (2, [evidence("video"), evidence("foto_tangkapan")])}).missing,
    }
    assert {reason: bool(lines) for reason, lines in lacks.items()} == {
        "level 0 needs nothing": False, "no evidence": True, "wrong kind": True, "kind of another level": True,
        "accepted kind": False}


def test_a_level_that_accepts_any_kind_still_needs_some_evidence():
    item = indicator(1, 1, kinds=((), (), ()))
    assert score_card([item], {1: (1, [])}).missing
    assert not score_card([item], {1: (1, [evidence("lainnya")])}).missing


@pytest.mark.parametrize(("score", "expected"), [
    (0, Predicate.KURANG_INOVATIF), (34, Predicate.KURANG_INOVATIF), (Decimal("34.99"), Predicate.KURANG_INOVATIF),
    (35, Predicate.INOVATIF), (Decimal("47.5"), Predicate.INOVATIF), (60, Predicate.INOVATIF),
    (Decimal("60.01"), Predicate.SANGAT_INOVATIF), (61, Predicate.SANGAT_INOVATIF), (111, Predicate.SANGAT_INOVATIF),
])
def test_predicate_bands_at_their_boundaries(score, expected):
    assert predicate(score, inovatif_from=35, sangat_above=60) is expected


def test_average_rounds_to_two_decimals_and_is_none_without_scores():
    assert average([35, 60, 61, 34]) == Decimal("47.50")
    assert average([1, 2, 2]) == Decimal("1.67")
    assert average([]) is None
