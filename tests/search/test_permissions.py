"""Search respects who may see what, in the results, the facet counts, the API and the similar-innovations panel."""
from __future__ import annotations

import pytest

from innolab.extensions import db
from innolab.models import Assignment, ReviewRound
from innolab.pipeline.stages import Stage, Status
from innolab.policy import search_scope
from innolab.proposals import services
from innolab.search.query import SearchRequest, search, similar
from innolab.vocab import Role

WORD = "posyandu"


@pytest.fixture
def innovations(make_user):
    """One of each visibility: published, submitted to the lab, a private draft, a blind-reviewed submission."""
    owner = make_user(Role.INNOVATOR)
    made = {}
    for key, status, published in [("published", Status.ACTIVE, True), ("submitted", Status.SUBMITTED, False),
                                   ("draft", Status.DRAFT, False), ("blind", Status.IN_REVIEW, False),
                                   ("open_review", Status.IN_REVIEW, False)]:
        innovation = services.create_draft(owner, {"title": f"Inovasi {WORD} {key}", "affair": "kesehatan"})
        innovation.status, innovation.published = status, published
        innovation.stage = Stage.SCALING if published else Stage.IDEATION
        made[key] = innovation
    reviewer = make_user(Role.REVIEWER)
    for key, blind in (("blind", True), ("open_review", False)):
        db.session.add(Assignment(round=ReviewRound(innovation=made[key], stage=Stage.IDEATION, blind=blind),
                                  reviewer=reviewer))
    db.session.commit()
    made["owner"], made["reviewer"] = owner, reviewer
    return made


def visible(user, **request) -> set[int]:
    return {hit.id for hit in search(SearchRequest(q=WORD, per_page=50, **request), search_scope(user)).hits}


def ids(innovations, *keys) -> set[int]:
    return {innovations[key].id for key in keys}


def test_a_visitor_sees_only_the_published_catalogue(innovations):
    assert visible(None) == ids(innovations, "published")


def test_an_innovator_sees_the_catalogue_and_their_own_drafts(innovations, make_user):
    assert visible(innovations["owner"]) == ids(innovations, "published", "submitted", "draft", "blind", "open_review")
    assert visible(make_user(Role.INNOVATOR)) == ids(innovations, "published")


def test_a_coordinator_sees_everything_submitted_but_no_ones_draft(innovations, make_user):
    assert visible(make_user(Role.COORDINATOR)) == ids(innovations, "published", "submitted", "blind", "open_review")


def test_a_reviewer_finds_openly_reviewed_proposals_but_not_blind_ones(innovations):
    assert visible(innovations["reviewer"]) == ids(innovations, "published", "open_review")


def test_the_catalogue_scope_shows_only_published_even_to_the_team(innovations):
    assert visible(innovations["owner"], catalogue=True) == ids(innovations, "published")


def test_facet_counts_count_only_what_the_asker_may_see(innovations, make_user):
    stranger = make_user(Role.INNOVATOR)
    facets = search(SearchRequest(q=WORD), search_scope(stranger)).facets
    assert facets["affair"] == [("kesehatan", 1)]
    assert dict(facets["stage"]) == {Stage.SCALING.value: 1}
    facets = search(SearchRequest(q=WORD), search_scope(innovations["owner"])).facets
    assert facets["affair"] == [("kesehatan", 5)]


def test_similar_innovations_hide_what_the_asker_may_not_see(innovations, make_user):
    text = f"{WORD} inovasi"
    assert {hit.id for hit in similar(text, search_scope(make_user(Role.VIEWER)))} == ids(innovations, "published")
    mine = {hit.id for hit in similar(text, search_scope(innovations["owner"]), exclude_id=innovations["draft"].id)}
    assert innovations["draft"].id not in mine
    assert ids(innovations, "published", "submitted") <= mine


def test_the_similar_endpoint_for_the_form_is_filtered_too(innovations, client, login_as):
    login_as(Role.INNOVATOR)
    items = client.get(f"/search/similar?title=Inovasi+{WORD}").get_json()["items"]
    assert [item["id"] for item in items] == [innovations["published"].id]


def test_the_search_page_lists_only_visible_results(innovations, client, login_as):
    login_as(Role.VIEWER)
    page = client.get(f"/search?q={WORD}").get_data(as_text=True)
    assert "Inovasi <mark" in page
    assert page.count('data-testid="result"') == 1
    assert f"{WORD}</mark> published" in page
    assert f"{WORD}</mark> draft" not in page and f"{WORD}</mark> submitted" not in page
