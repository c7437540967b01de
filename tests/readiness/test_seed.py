"""The default indicator table of the innovation index: 20 indicators in the national form's order, seeded once."""
from __future__ import annotations

from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import Indicator, IndicatorSet
from innolab.pipeline.defaults import ensure_reference_data
from innolab.readiness.defaults import current_year, ensure_indicator_set
from innolab.readiness.scoring import SOURCE_REPLICATION
from innolab.vocab import EVIDENCE_KINDS

NATIONAL_ORDER = [
    ("Regulasi inovasi", 3), ("Ketersediaan SDM", 2), ("Dukungan anggaran", 2), ("Alat kerja", 2),
    ("Bimtek inovasi", 1), ("Integrasi dalam RKPD", 2), ("Keterlibatan aktor", 1), ("Pelaksana inovasi", 1),
    ("Jejaring inovasi", 1), ("Sosialisasi", 1), ("Pedoman teknis", 1), ("Kemudahan informasi layanan", 1),
    ("Kemudahan proses", 2), ("Penyelesaian pengaduan", 1), ("Layanan terintegrasi", 2), ("Replikasi", 3),
    ("Kecepatan penciptaan", 2), ("Kemanfaatan", 3), ("Monitoring dan evaluasi", 2), ("Video inovasi", 4),
]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_reference_data_seeds_this_years_twenty_indicators_in_national_order(indicator_set):
    assert indicator_set.year == current_year()
    assert [(i.name, i.weight) for i in indicator_set.indicators] == NATIONAL_ORDER
    assert [i.position for i in indicator_set.indicators] == list(range(20))
    assert all(i.active for i in indicator_set.indicators)
    assert (indicator_set.inovatif_from, indicator_set.sangat_above) == (35, 60)


def test_every_indicator_has_three_levels_and_known_evidence_kinds(indicator_set):
    for indicator in indicator_set.indicators:
        assert len(indicator.levels) == 3 and all(text.strip() for text in indicator.levels), indicator.name
        assert len(indicator.evidence_kinds) == 3, indicator.name
        assert all(kinds and set(kinds) <= EVIDENCE_KINDS.keys() for kinds in indicator.evidence_kinds), indicator.name
    regulation = indicator_set.indicators[0]
    assert regulation.levels == ["SK kepala perangkat daerah", "Peraturan kepala daerah", "Peraturan daerah"]
    assert regulation.kinds_for(1) == ["sk_inovasi"]
    assert indicator_set.indicators[-1].kinds_for(3) == ["video"]
    planning = indicator_set.indicators[5]
    assert "RPJMD" in planning.levels[2] and "perencanaan" in planning.kinds_for(3)


def test_only_the_replication_indicator_is_filled_from_records(indicator_set):
    assert [i.name for i in indicator_set.indicators if i.source == SOURCE_REPLICATION] == ["Replikasi"]


def test_seeding_again_creates_nothing_and_keeps_edits(indicator_set):
    indicator_set.indicators[0].weight = 5
    db.session.commit()
    assert ensure_indicator_set() == 0
    ensure_reference_data()
    db.session.commit()
    assert (_count(IndicatorSet), _count(Indicator)) == (1, 20)
    assert db.session.scalar(select(Indicator.weight).where(Indicator.name == "Regulasi inovasi")) == 5


def test_create_admin_seeds_the_indicators(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "admin@kota-uji.go.id", "--name", "Admin", "--password", "Sangat-Aman-2026"],
        input="Pemerintah Kota Uji\n99.99\n")
    assert result.exit_code == 0, result.output
    assert (_count(IndicatorSet), _count(Indicator)) == (1, 20)
