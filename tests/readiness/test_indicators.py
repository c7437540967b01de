"""Coordinators edit the indicator table per year; past years' assessments keep their meaning."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import Indicator, IndicatorSet
from innolab.readiness.defaults import current_year
from innolab.readiness.queries import assessment_of, card_for, set_for_year
from innolab.vocab import Role

from .conftest import assess, by_name


def indicator_data(indicator, **changes):
    data = {"version_id": indicator.version_id, "name": indicator.name, "description": indicator.description,
            "weight": indicator.weight, "active": "y" if indicator.active else ""}
    for level in (1, 2, 3):
        data[f"level_{level}"] = indicator.levels[level - 1]
        data[f"kinds_{level}"] = indicator.kinds_for(level)
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def score_of(innovation, year):
    indicator_set = set_for_year(year)
    return card_for(innovation, indicator_set, assessment_of(innovation, indicator_set)).score


@pytest.fixture
def coordinator(login_as):
    return login_as(Role.COORDINATOR)


def test_a_weight_change_applies_to_its_year_and_never_to_a_past_one(client, coordinator, indicator_set, innovation):
    assess(innovation, indicator_set, innovation.test_owner, levels={"Kemanfaatan": 2})
    indicator_set.year = current_year() - 1  # last year's table and assessment, now history
    db.session.commit()
    assert client.post("/readiness/sets", data={"year": current_year()}).status_code == 302
    this_year = set_for_year(current_year())
    assess(innovation, this_year, innovation.test_owner, levels={"Kemanfaatan": 2})
    benefit = by_name(this_year, "Kemanfaatan")
    response = client.post(f"/readiness/indicators/form?id={benefit.id}", data=indicator_data(benefit, weight="5"))
    assert response.status_code == 302
    db.session.expire_all()
    assert score_of(innovation, current_year()) == 5 * 2
    assert score_of(innovation, current_year() - 1) == 3 * 2
    assert by_name(set_for_year(current_year() - 1), "Kemanfaatan").weight == 3


def test_a_past_years_table_cannot_be_edited(client, coordinator, indicator_set):
    indicator_set.year = current_year() - 1
    db.session.commit()
    first = indicator_set.indicators[0]
    page = client.get(f"/readiness/indicators/form?id={first.id}").get_data(as_text=True)
    assert 'data-testid="closed"' in page and "Simpan indikator" not in page
    page = client.post(f"/readiness/indicators/form?id={first.id}", data=indicator_data(first, weight="9")).get_data(
        as_text=True)
    assert "sudah lewat" in page
    client.post(f"/readiness/indicators/move?id={first.id}", data={"direction": "down"})
    db.session.expire_all()
    assert (first.weight, first.position) == (3, 0)
    page = client.post("/readiness/bands", data={"set_id": indicator_set.id, "version_id": indicator_set.version_id,
                                                 "inovatif_from": "1", "sangat_above": "2"}).get_data(as_text=True)
    assert "sudah lewat" in page


def test_a_new_year_copies_the_last_table_and_bands(client, coordinator, indicator_set):
    indicator_set.sangat_above = 70
    by_name(indicator_set, "Video inovasi").weight = 5
    db.session.commit()
    assert client.post("/readiness/sets", data={"year": current_year() + 1}).status_code == 302
    next_year = set_for_year(current_year() + 1)
    assert [(i.name, i.weight, i.source) for i in next_year.indicators] == [
        (i.name, i.weight, i.source) for i in indicator_set.indicators]
    assert (next_year.inovatif_from, next_year.sangat_above) == (35, 70)
    assert {i.id for i in next_year.indicators}.isdisjoint({i.id for i in indicator_set.indicators})


@pytest.mark.parametrize("year", ["", "1999", str(current_year() + 2), "tahun"])
def test_a_new_year_needs_a_sensible_year(client, coordinator, indicator_set, year):
    page = client.post("/readiness/sets", data={"year": year}).get_data(as_text=True)
    assert 'id="year-error"' in page
    assert db.session.scalar(select(func.count()).select_from(IndicatorSet)) == 1


def test_the_same_year_cannot_be_opened_twice(client, coordinator, indicator_set):
    page = client.post("/readiness/sets", data={"year": indicator_set.year}).get_data(as_text=True)
    assert 'id="year-error"' in page and "sudah ada" in page


def test_an_added_indicator_goes_last_and_counts(client, coordinator, indicator_set, innovation):
    data = {"name": "Kolaborasi pentahelix", "weight": "2", "active": "y", "level_1": "Dua mitra",
            "level_2": "Tiga mitra", "level_3": "Empat mitra atau lebih", "kinds_1": ["kerja_sama"],
            "kinds_2": ["kerja_sama"], "kinds_3": ["kerja_sama", "publikasi"]}
    assert client.post(f"/readiness/indicators/form?year={indicator_set.year}", data=data).status_code == 302
    db.session.expire_all()
    added = indicator_set.indicators[-1]
    assert (added.name, added.position, added.evidence_kinds[2]) == ("Kolaborasi pentahelix", 20,
                                                                      ["kerja_sama", "publikasi"])
    assert card_for(innovation, indicator_set, None).maximum == 111 + 6
    page = client.get(f"/readiness/innovations/{innovation.id}").get_data(as_text=True)
    assert f'name="level_{added.id}"' in page and "21. Kolaborasi pentahelix" in page


def test_an_inactive_indicator_leaves_the_score_and_the_form(client, coordinator, indicator_set, innovation):
    assess(innovation, indicator_set, innovation.test_owner, levels={"Video inovasi": 3, "Kemanfaatan": 1})
    video = by_name(indicator_set, "Video inovasi")
    data = indicator_data(video)
    del data["active"]
    assert client.post(f"/readiness/indicators/form?id={video.id}", data=data).status_code == 302
    db.session.expire_all()
    card = card_for(innovation, indicator_set, assessment_of(innovation, indicator_set))
    assert (card.score, card.maximum) == (3, 111 - 12)
    assert f'name="level_{video.id}"' not in client.get(f"/readiness/innovations/{innovation.id}").get_data(
        as_text=True)


def test_bad_indicator_input_is_shown_next_to_the_fields_and_nothing_is_saved(client, coordinator, indicator_set):
    first, second = indicator_set.indicators[:2]
    page = client.post(f"/readiness/indicators/form?id={first.id}", data=indicator_data(
        first, name=second.name, weight="0", level_2="  ", kinds_3=["sk_inovasi", "bukan_jenis"])).get_data(
        as_text=True)
    for field in ("name", "weight", "level_2", "kinds_3"):
        assert f'id="{field}-error"' in page, field
    page = client.post(f"/readiness/indicators/form?id={first.id}", data=indicator_data(first, name="", weight="tiga")
                       ).get_data(as_text=True)
    assert 'id="name-error"' in page and 'id="weight-error"' in page
    db.session.expire_all()
    assert (first.name, first.weight, first.levels[1], first.version_id) == (
        "Regulasi inovasi", 3, "Peraturan kepala daerah", 1)


def test_a_stale_indicator_form_is_refused(client, coordinator, indicator_set):
    first = indicator_set.indicators[0]
    opened = indicator_data(first, weight="4")
    assert client.post(f"/readiness/indicators/form?id={first.id}", data=opened).status_code == 302
    page = client.post(f"/readiness/indicators/form?id={first.id}", data=opened | {"weight": "6"}).get_data(
        as_text=True)
    assert "sudah diubah koordinator lain" in page
    db.session.expire_all()
    assert first.weight == 4


def test_moving_an_indicator_changes_the_national_order(client, coordinator, indicator_set):
    video = by_name(indicator_set, "Video inovasi")
    assert client.post(f"/readiness/indicators/move?id={video.id}", data={"direction": "up"}).status_code == 302
    db.session.expire_all()
    names = [i.name for i in set_for_year(indicator_set.year).indicators]
    assert names[-2:] == ["Video inovasi", "Monitoring dan evaluasi"]
    assert [i.position for i in set_for_year(indicator_set.year).indicators] == list(range(20))


@pytest.mark.parametrize("role", [Role.INNOVATOR, Role.VIEWER, Role.REVIEWER, Role.ADMIN])
def test_only_coordinators_edit_indicators(client, login_as, indicator_set, role):
    login_as(role)
    first = indicator_set.indicators[0]
    assert client.get("/readiness/indicators").status_code == 403
    assert client.get(f"/readiness/indicators/form?id={first.id}").status_code == 403
    assert client.post(f"/readiness/indicators/form?id={first.id}", data=indicator_data(first, weight="9")
                       ).status_code == 403
    assert client.post(f"/readiness/indicators/move?id={first.id}", data={"direction": "down"}).status_code == 403
    assert client.post("/readiness/sets", data={"year": current_year() + 1}).status_code == 403
    db.session.expire_all()
    assert (first.weight, first.position) == (3, 0)
    assert db.session.scalar(select(func.count()).select_from(Indicator)) == 20
