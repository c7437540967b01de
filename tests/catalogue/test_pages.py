"""The catalogue and search pages: filters, sorting, suggestions, the empty state, profiles and printing."""
from __future__ import annotations

import re

import pytest

from innolab.extensions import db
from innolab.models import Replication
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.vocab import Role


@pytest.fixture
def catalogue(make_user, make_unit):
    owner = make_user(Role.INNOVATOR)
    rows = [
        ("Pelayanan KTP Keliling", "adminduk", Stage.SCALING, 2),
        ("Pelayanan Posyandu Digital", "kesehatan", Stage.PILOTING, 0),
        ("Layanan Konseling Remaja", "kesehatan", Stage.SCALING, 1),
    ]
    made = {}
    for title, affair, stage, replications in rows:
        innovation = services.create_draft(owner, {"title": title, "affair": affair,
                                                   "summary": f"{title} untuk warga kota."})
        innovation.stage, innovation.status, innovation.published, innovation.replicable = (
            stage, Status.ACTIVE if stage is Stage.SCALING else Status.IN_PROGRESS, True, True)
        for _ in range(replications):
            db.session.add(Replication(source=innovation, adopting_unit=make_unit(), contact="Camat"))
        made[title] = innovation
    hidden = services.create_draft(owner, {"title": "Pelayanan Rahasia Draf"})
    db.session.commit()
    made["hidden"] = hidden
    return made


def titles_in(page: str) -> list[str]:
    cards = page.split('<h2 class="h5 card-title mb-1">')[1:]
    return [re.sub(r"</?mark[^>]*>", "", card.split("</a>")[0].split(">", 1)[1]) for card in cards]


def test_visitors_search_the_catalogue_in_indonesian(client, catalogue):
    page = client.get("/catalogue?q=melayani").get_data(as_text=True)
    assert page.count('data-testid="result"') == 3
    assert "Rahasia" not in page
    assert re.search(r'<mark class="match term\d+">Pelayanan</mark>', page)


def test_a_facet_narrows_the_results_and_shows_as_selected(client, catalogue):
    page = client.get("/catalogue?q=layanan&affair=kesehatan").get_data(as_text=True)
    assert page.count('data-testid="result"') == 2
    assert 'class="facet-selected"' in page and "Kesehatan" in page
    assert 'name="affair" value="kesehatan"' in page  # a new search keeps the filter


def test_most_replicated_first(client, catalogue):
    page = client.get("/catalogue?sort=replicated").get_data(as_text=True)
    assert titles_in(page) == ["Pelayanan KTP Keliling", "Layanan Konseling Remaja", "Pelayanan Posyandu Digital"]


def test_a_typo_gets_a_suggestion_and_an_empty_state(client, catalogue):
    page = client.get("/catalogue?q=posyamdu").get_data(as_text=True)
    assert 'data-testid="suggestion"' in page and "posyandu" in page
    assert 'data-testid="empty-state"' in page


def test_when_no_result_holds_every_word_the_closest_are_shown_and_said_so(client, catalogue):
    page = client.get("/catalogue?q=posyandu+kendaraan").get_data(as_text=True)
    assert 'data-testid="loosened"' in page
    assert titles_in(page) == ["Pelayanan Posyandu Digital"]


def test_paging_keeps_query_and_filters(client, catalogue):
    page = client.get("/catalogue?q=layanan&affair=kesehatan&per_page=1").get_data(as_text=True)
    assert "page=2" in page and "affair=kesehatan" in page.split('aria-label="Halaman"')[1]


def test_the_profile_shows_what_a_replicating_unit_needs(client, catalogue, login_as):
    innovation = catalogue["Pelayanan KTP Keliling"]
    page = client.get(f"/catalogue/{innovation.id}").get_data(as_text=True)
    for expected in ("Pelayanan KTP Keliling", "Administrasi Kependudukan", "Unit yang mereplikasi",
                     "Inovasi serupa", "Bukti dukung", "Perjalanan inovasi", "css/print.css", "Cetak profil"):
        assert expected in page, expected
    assert ">2 unit<" in page
    assert "Replikasi inovasi ini" not in page  # visitors cannot register a replication
    login_as(Role.VIEWER)
    assert "Replikasi inovasi ini" in client.get(f"/catalogue/{innovation.id}").get_data(as_text=True)


def test_an_unpublished_profile_is_not_public(client, catalogue, login):
    hidden = catalogue["hidden"]
    assert client.get(f"/catalogue/{hidden.id}").headers["Location"].startswith("/login")
    login(hidden.owner)
    assert client.get(f"/catalogue/{hidden.id}").headers["Location"] == f"/proposals/{hidden.id}"


def test_the_signed_in_search_also_finds_ones_own_draft(client, catalogue, login):
    login(catalogue["hidden"].owner)
    page = client.get("/search?q=rahasia").get_data(as_text=True)
    assert "Rahasia" in page and f"/proposals/{catalogue['hidden'].id}" in page


def test_script_in_a_title_stays_text_in_highlighted_results(client, make_user):
    innovation = services.create_draft(make_user(Role.INNOVATOR), {
        "title": "Posyandu <script>alert(1)</script>", "summary": "<img src=x onerror=alert(1)> posyandu"})
    innovation.published = True
    db.session.commit()
    page = client.get("/catalogue?q=posyandu").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</a>" in page  # the whole title, escaped
    assert "onerror=alert(1)&gt;" in page
