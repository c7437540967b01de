"""Weighted totals, mean, spread and the disagreement flag."""
import pytest

from innolab.pipeline.scoring import CriterionSpec, summarise, validate_weights, weighted_total

DEFAULT = [CriterionSpec(k, w) for k, w in enumerate([10, 15, 5, 30, 20, 5, 15])]


def test_all_top_scores_give_100_and_all_lowest_give_20():
    assert weighted_total(DEFAULT, {c.key: 5 for c in DEFAULT}) == 100.0
    assert weighted_total(DEFAULT, {c.key: 1 for c in DEFAULT}) == 20.0


def test_weights_shape_the_total():
    # Signifikansi (30 %) at 5, everything else at 3: 30 + 70 × 3/5 = 72.
    scores = {c.key: 3 for c in DEFAULT} | {3: 5}
    assert weighted_total(DEFAULT, scores) == 72.0


def test_total_is_none_until_every_criterion_is_scored():
    assert weighted_total(DEFAULT, {0: 5}) is None


@pytest.mark.parametrize("bad", [0, 6])
def test_scores_outside_the_scale_are_refused(bad):
    with pytest.raises(ValueError):
        weighted_total(DEFAULT, {c.key: 3 for c in DEFAULT} | {0: bad})


def test_weights_must_sum_to_100():
    validate_weights([10, 15, 5, 30, 20, 5, 15])
    with pytest.raises(ValueError, match="99"):
        validate_weights([10, 15, 5, 30, 20, 5, 14])
    with pytest.raises(ValueError):
        validate_weights([110, -10])


def test_summary_mean_spread_and_disagreement():
    summary = summarise([82.0, 60.0])
    assert summary.mean == 71.0 and summary.spread == 22.0 and summary.disagreement
    close = summarise([70.0, 80.0, 75.0])
    assert close.spread == 10.0 and not close.disagreement
    assert summarise([90.0, 70.0]).disagreement is False  # exactly 20 points is not yet disagreement
    assert summarise([]).mean is None
