"""Reading cells the way people fill in spreadsheets, and refusing what cannot be read, in words."""
from datetime import date
from decimal import Decimal

import pytest

from innolab.pipeline.stages import Stage, Status
from innolab.transfer import fields
from innolab.transfer.fields import CellError, Vocabulary


@pytest.mark.parametrize(("text", "amount"), [
    ("1500000", "1500000.00"), ("1500000.5", "1500000.50"), ("1.500.000", "1500000.00"),
    ("1.500.000,50", "1500000.50"), ("Rp 1.500.000", "1500000.00"), ("Rp. 2.000", "2000.00"),
    ("1,500,000.25", "1500000.25"), ("12,5", "12.50"), ("0", "0.00"), ("", None),
])
def test_budgets_as_people_write_them(text, amount):
    assert fields.read_budget(text) == (Decimal(amount) if amount else None)


@pytest.mark.parametrize(("text", "message"), [
    ("-5", "Anggaran tidak boleh negatif."), ("satu juta", "bukan angka"), ("1.2345", "lebih dari dua angka"),
    ("1" * 20, "terlalu besar"),
])
def test_unreadable_budgets_say_why(text, message):
    with pytest.raises(CellError, match=message):
        fields.read_budget(text)


@pytest.mark.parametrize(("text", "value"), [("2024-01-31", date(2024, 1, 31)), ("31/01/2024", date(2024, 1, 31)),
                                              ("1-2-2024", date(2024, 2, 1)), ("31.01.2024", date(2024, 1, 31)),
                                              ("2024-01-31 08:30:00", date(2024, 1, 31)), ("", None)])
def test_dates(text, value):
    assert fields.read_date(text) == value


@pytest.mark.parametrize("text", ["2024-02-30", "01/13/2024", "Januari 2024", "20240131"])
def test_impossible_or_unreadable_dates(text):
    with pytest.raises(CellError, match="tidak dikenali"):
        fields.read_date(text)


def test_yes_and_no_in_both_languages():
    assert [fields.read_bool(t) for t in ("ya", "YA", "true", "yes", "1", "tidak", "False", "no", "0", "")] == \
        [True] * 5 + [False] * 5
    with pytest.raises(CellError, match="bukan ya/tidak"):
        fields.read_bool("mungkin")


def test_sdgs_and_tags():
    assert fields.read_sdgs("SDG 3; 11, 3, sdgs17") == [3, 11, 17]
    assert fields.read_tags(" akta , ktp,akta,, layanan ") == ["akta", "ktp", "layanan"]
    with pytest.raises(CellError, match="Kata kunci maksimal 300"):
        fields.read_tags(", ".join(f"kata{n}" for n in range(60)))


def test_enums_and_affairs_by_value_label_or_name():
    vocabulary = Vocabulary()
    assert vocabulary.enum("stage", "Rancang Bangun") is Stage.PROTOTYPING
    assert vocabulary.enum("stage", "PILOTING") is Stage.PILOTING
    assert vocabulary.enum("status", "Perlu revisi") is Status.REVISION_REQUESTED
    assert vocabulary.enum("form", "Inovasi tata kelola pemerintahan daerah").value == "tata_kelola"
    assert vocabulary.enum("initiator", "Kepala daerah").value == "kepala_daerah"
    assert vocabulary.enum("innovation_type", "") is None
    assert vocabulary.affair("Koperasi Usaha Kecil dan Menengah") == "koperasi_ukm"
    assert vocabulary.affair("ketenteraman, ketertiban umum, dan perlindungan masyarakat") == "trantibum"
    assert vocabulary.affair("PUPR") == "pupr"


def test_the_pipeline_decides_which_status_a_stage_may_hold():
    assert fields.statuses_of(Stage.SCALING) == [Status.IN_PROGRESS, Status.ACTIVE, Status.STOPPED]
    assert Status.IN_PROGRESS not in fields.statuses_of(Stage.IDEATION)  # nothing enters the first stage running
    assert Status.DRAFT in fields.statuses_of(Stage.IDEATION) and Status.DRAFT not in fields.statuses_of(Stage.PILOTING)
