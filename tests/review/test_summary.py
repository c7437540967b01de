"""The coordinator's view of the scores: weighted totals, mean, spread, disagreement, per-criterion means."""
from sqlalchemy import event

from innolab.extensions import db
from innolab.models import Criterion, Review, Rubric, Score
from innolab.pipeline.stages import Stage
from innolab.review.summary import round_summaries, score_summary
from tests.review.conftest import submitted_review

# Default weights 10·15·5·30·20·5·15: all 3s → 60; all 4s with the first (10 %) at 5 → 80 + 2 = 82.
HIGH = [5, 4, 4, 4, 4, 4, 4]
MIDDLE = [3, 3, 3, 3, 3, 3, 3]


def test_two_reviewers_82_and_60(setup, make_assignment):
    submitted_review(setup.assignment, setup.rubric, HIGH, note="Sangat baik.")
    submitted_review(make_assignment(setup.innovation), setup.rubric, MIDDLE, recommendation="revise")
    summary = score_summary(setup.innovation)
    assert [row.total for row in summary.rows] == [82.0, 60.0]
    assert (summary.mean, summary.spread, summary.disagreement, summary.submitted) == (71.0, 22.0, True, 2)
    means = {c.name: c.mean for c in summary.criteria}
    assert means["Latar belakang & tujuan"] == 4.0 and means["Signifikansi"] == 3.5
    assert [c.weight for c in summary.criteria] == [10, 15, 5, 30, 20, 5, 15]
    assert summary.rows[0].scores["Signifikansi"].value == 4
    assert str(summary.rows[1].recommendation_label) == "Perlu revisi"


def test_close_scores_are_no_disagreement_and_drafts_do_not_count(setup, make_assignment):
    submitted_review(setup.assignment, setup.rubric, HIGH)
    submitted_review(make_assignment(setup.innovation), setup.rubric, [4, 4, 4, 4, 4, 4, 4])
    draft = make_assignment(setup.innovation)
    # A third reviewer's unsent draft of all 1s would pull the mean down if it counted.
    db.session.add(Review(assignment=draft, rubric=setup.rubric,
                          scores=[Score(criterion_id=c.id, value=1) for c in setup.rubric.criteria]))
    db.session.commit()
    summary = score_summary(setup.innovation)
    assert (summary.mean, summary.spread, summary.disagreement, summary.submitted) == (81.0, 2.0, False, 2)
    assert summary.rows[2].total is None and summary.rows[2].scores == {}


def test_weighted_total_on_a_custom_rubric(setup, make_assignment):
    rubric = Rubric(stage=Stage.SCALING, version=9, is_current=False, criteria=[
        Criterion(position=0, name="Dampak", weight=70, scale=5, level_descriptors=["-"] * 5),
        Criterion(position=1, name="Biaya", weight=30, scale=5, level_descriptors=["-"] * 5),
    ])
    db.session.add(rubric)
    db.session.commit()
    submitted_review(setup.assignment, rubric, [5, 2])  # 70 × 5/5 + 30 × 2/5 = 82
    summary = score_summary(setup.innovation)
    assert summary.rows[0].total == 82.0 and summary.mean == 82.0 and summary.spread == 0.0


def test_no_round_gives_no_summary(make_proposal, rubrics):
    innovation = make_proposal()
    assert score_summary(innovation) is None and round_summaries(innovation) == []


def test_scores_page_shows_totals_and_the_disagreement_flag(client, setup, make_assignment, switch_to):
    submitted_review(setup.assignment, setup.rubric, HIGH, note="Data kuat, lanjutkan.")
    submitted_review(make_assignment(setup.innovation), setup.rubric, MIDDLE)
    switch_to(setup.coordinator)
    html = client.get(f"/review/innovations/{setup.innovation.id}/scores").get_data(as_text=True)
    assert '<strong data-testid="mean">71</strong>' in html and '<strong data-testid="spread">22</strong>' in html
    assert 'data-testid="disagreement"' in html and "82" in html and "60" in html
    assert "Data kuat, lanjutkan." in html and html.count("Buka kembali") == 2
    assert setup.reviewer.name in html


def test_proposal_page_panel_for_coordinators_only(client, setup, make_assignment, switch_to):
    submitted_review(setup.assignment, setup.rubric, HIGH)
    submitted_review(make_assignment(setup.innovation), setup.rubric, MIDDLE)
    page = client.get(f"/proposals/{setup.innovation.id}").get_data(as_text=True)
    assert 'data-testid="review-panel"' not in page  # the assigned reviewer sees no one else's scores
    switch_to(setup.coordinator)
    page = client.get(f"/proposals/{setup.innovation.id}").get_data(as_text=True)
    assert 'data-testid="review-panel"' in page
    assert f'href="/review/innovations/{setup.innovation.id}/scores"' in page
    panel = page.split('data-testid="review-panel"')[1].split("</section>")[0]
    assert "<strong>71</strong>" in panel and "<strong>22</strong>" in panel and "berbeda pendapat" in panel


def test_scores_page_refused_to_reviewers(client, setup):
    assert client.get(f"/review/innovations/{setup.innovation.id}/scores").status_code == 403


def test_summary_queries_do_not_grow_with_reviewers(setup, make_assignment):
    for _ in range(5):
        submitted_review(make_assignment(setup.innovation), setup.rubric, MIDDLE)
    db.session.expire_all()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        summary = score_summary(setup.innovation)
        assert summary.submitted == 5
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) <= 8, statements
