"""Submission requirements per stage."""
from datetime import date

from innolab.pipeline.requirements import REQUIRED_AT_SUBMIT, submission_problems
from innolab.pipeline.stages import Stage


def _complete(stage):
    values = {field: "isi" for field in REQUIRED_AT_SUBMIT[stage]}
    values.update(started_on=date(2024, 1, 1), trial_on=date(2024, 6, 1), applied_on=date(2025, 1, 1), budget=1)
    return values


def test_every_missing_section_is_reported_at_once():
    problems = submission_problems(Stage.IDEATION, {"title": "Antrean daring"})
    fields = {field for field, _ in problems}
    assert fields == set(REQUIRED_AT_SUBMIT[Stage.IDEATION]) - {"title"}


def test_later_stages_require_more():
    for earlier, later in zip(list(Stage), list(Stage)[1:], strict=False):
        assert set(REQUIRED_AT_SUBMIT[earlier]) < set(REQUIRED_AT_SUBMIT[later])


def test_complete_values_pass_and_blank_text_does_not():
    assert submission_problems(Stage.SCALING, _complete(Stage.SCALING)) == []
    assert [f for f, _ in submission_problems(Stage.IDEATION, _complete(Stage.IDEATION) | {"goals": "  "})] == ["goals"]


def test_summary_limited_to_200_words():
    values = _complete(Stage.IDEATION) | {"summary": "kata " * 201}
    assert [f for f, _ in submission_problems(Stage.IDEATION, values)] == ["summary"]


def test_dates_must_run_in_order():
    values = _complete(Stage.PILOTING) | {"trial_on": date(2023, 1, 1)}
    assert ("trial_on" in {f for f, _ in submission_problems(Stage.PILOTING, values)})
