"""The region page: the average over assessed innovations, the predicate bands, and the list with gaps."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from innolab.extensions import db
from innolab.pipeline.stages import Stage, Status
from innolab.readiness.queries import innovation_evidence, region_summary
from innolab.readiness.scoring import Predicate
from innolab.vocab import Role

from .conftest import add_evidence, assess

# Level choices that add up to exact scores on the default table (weights in brackets).
SCORE_34 = {"Video inovasi": 3, "Regulasi inovasi": 3, "Kemanfaatan": 3, "Ketersediaan SDM": 2}  # 12+9+9+4
SCORE_35 = SCORE_34 | {"Bimtek inovasi": 1}
SCORE_60 = SCORE_35 | {"Dukungan anggaran": 3, "Alat kerja": 3, "Integrasi dalam RKPD": 3, "Kemudahan proses": 2,
                       "Keterlibatan aktor": 3}  # 35 + 6+6+6+4+3
SCORE_61 = SCORE_60 | {"Sosialisasi": 1}


@pytest.fixture
def assessed(indicator_set, make_innovation):
    """Four innovations scoring exactly 34, 35, 60 and 61."""
    made = {}
    for score, levels in ((34, SCORE_34), (35, SCORE_35), (60, SCORE_60), (61, SCORE_61)):
        innovation = make_innovation(f"Inovasi skor {score}")
        assess(innovation, indicator_set, innovation.test_owner, levels=levels)
        made[score] = innovation
    return made


def test_scores_fall_in_their_bands_at_the_boundaries(indicator_set, assessed):
    summary = region_summary(indicator_set)
    found = {row.innovation.title: (row.card.score, row.predicate) for row in summary.rows}
    assert found == {
        "Inovasi skor 34": (34, Predicate.KURANG_INOVATIF),
        "Inovasi skor 35": (35, Predicate.INOVATIF),
        "Inovasi skor 60": (60, Predicate.INOVATIF),
        "Inovasi skor 61": (61, Predicate.SANGAT_INOVATIF),
    }
    assert [row.card.score for row in summary.rows] == [61, 60, 35, 34]
    assert summary.average == Decimal("47.50") and summary.predicate is Predicate.INOVATIF
    assert summary.bands == {Predicate.SANGAT_INOVATIF: 1, Predicate.INOVATIF: 2, Predicate.KURANG_INOVATIF: 1}
    assert summary.maximum == 111


def test_the_average_itself_is_read_against_the_bands(indicator_set, make_innovation):
    first, second = make_innovation("Satu"), make_innovation("Dua")
    assess(first, indicator_set, first.test_owner, levels=SCORE_60)
    assess(second, indicator_set, second.test_owner, levels=SCORE_60)
    assert region_summary(indicator_set).predicate is Predicate.INOVATIF  # exactly 60 is not above 60
    assess(second, indicator_set, second.test_owner, levels=SCORE_61 | {"Pedoman teknis": 1})  # 62
    summary = region_summary(indicator_set)
    assert summary.average == Decimal("61.00") and summary.predicate is Predicate.SANGAT_INOVATIF


def test_the_region_page_lists_scores_predicates_and_missing_evidence(client, login_as, indicator_set, assessed):
    innovation = assessed[35]
    for kind in ("video", "sk_inovasi"):
        add_evidence(innovation, kind)
    assess(innovation, indicator_set, innovation.test_owner, levels=SCORE_35,
           evidence={"Video inovasi": [e for e in innovation_evidence(innovation) if e.kind == "video"],
                     "Regulasi inovasi": [e for e in innovation_evidence(innovation) if e.kind == "sk_inovasi"]})
    login_as(Role.COORDINATOR)
    page = client.get("/readiness/").get_data(as_text=True)
    assert 'data-testid="average">47,5<' in page
    rows = re.findall(r'<tr data-innovation="(\d+)">.*?data-predicate="(\w+)".*?<td class="text-end" data-missing>(\d+)<',
                      page, re.S)
    assert [(int(i), p, int(m)) for i, p, m in rows] == [
        (assessed[61].id, "sangat_inovatif", 5 + 1 + 5), (assessed[60].id, "inovatif", 10),
        (innovation.id, "inovatif", 3), (assessed[34].id, "kurang_inovatif", 4)]
    assert f'/readiness/innovations/{innovation.id}?year={indicator_set.year}' in page


def test_private_drafts_stay_out_and_unassessed_innovations_in_use_are_listed(client, login_as, indicator_set,
                                                                           make_innovation):
    draft = make_innovation("Draf Rahasia", status=Status.DRAFT, published=False)
    assess(draft, indicator_set, draft.test_owner, levels={"Video inovasi": 3})
    make_innovation("Menunggu Dinilai")
    make_innovation("Masih Ide", stage=Stage.IDEATION, status=Status.SUBMITTED, published=False)
    assert region_summary(indicator_set).rows == []
    login_as(Role.COORDINATOR)
    page = client.get("/readiness/").get_data(as_text=True)
    assert "Draf Rahasia" not in page and "Belum ada inovasi yang dinilai" in page
    unassessed = re.search(r'data-testid="unassessed">(.*?)</ul>', page, re.S)[1]
    assert "Menunggu Dinilai" in unassessed and "Masih Ide" not in unassessed


def test_coordinators_change_the_bands_and_the_predicates_follow(client, login_as, indicator_set, assessed):
    login_as(Role.COORDINATOR)
    response = client.post("/readiness/bands", data={"set_id": indicator_set.id, "version_id": indicator_set.version_id,
                                                     "inovatif_from": "40", "sangat_above": "59"})
    assert response.status_code == 302
    db.session.refresh(indicator_set)
    assert (indicator_set.inovatif_from, indicator_set.sangat_above) == (40, 59)
    found = {row.card.score: row.predicate for row in region_summary(indicator_set).rows}
    assert found == {34: Predicate.KURANG_INOVATIF, 35: Predicate.KURANG_INOVATIF, 60: Predicate.SANGAT_INOVATIF,
                     61: Predicate.SANGAT_INOVATIF}


def test_bands_in_the_wrong_order_are_refused_next_to_the_field(client, login_as, indicator_set):
    login_as(Role.COORDINATOR)
    page = client.post("/readiness/bands", data={"set_id": indicator_set.id, "version_id": indicator_set.version_id,
                                                 "inovatif_from": "70", "sangat_above": "60"}).get_data(as_text=True)
    assert 'id="sangat_above-error"' in page and "tidak boleh lebih rendah" in page
    page = client.post("/readiness/bands", data={"set_id": indicator_set.id, "version_id": indicator_set.version_id,
                                                 "inovatif_from": "x", "sangat_above": "60"}).get_data(as_text=True)
    assert 'id="inovatif_from-error"' in page
    db.session.refresh(indicator_set)
    assert (indicator_set.inovatif_from, indicator_set.sangat_above) == (35, 60)


def test_a_stale_bands_form_is_refused(client, login_as, indicator_set):
    login_as(Role.COORDINATOR)
    seen = indicator_set.version_id
    data = {"set_id": indicator_set.id, "version_id": seen, "inovatif_from": "30", "sangat_above": "50"}
    assert client.post("/readiness/bands", data=data).status_code == 302
    page = client.post("/readiness/bands", data=data | {"inovatif_from": "20"}).get_data(as_text=True)
    assert "sudah diubah koordinator lain" in page
    db.session.refresh(indicator_set)
    assert indicator_set.inovatif_from == 30


@pytest.mark.parametrize("role", [Role.INNOVATOR, Role.VIEWER, Role.REVIEWER, Role.ADMIN])
def test_only_coordinators_see_the_region_and_change_bands(client, login_as, indicator_set, role):
    login_as(role)
    assert client.get("/readiness/").status_code == 403
    assert client.post("/readiness/bands", data={"set_id": indicator_set.id, "version_id": indicator_set.version_id,
                                                 "inovatif_from": "0", "sangat_above": "1"}).status_code == 403
    db.session.refresh(indicator_set)
    assert indicator_set.inovatif_from == 35
