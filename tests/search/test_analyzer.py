"""The Indonesian analyzer on the cases the lab's users meet: inflections meet, damaged stems are fixed,
content words survive, acronyms stay whole."""
from __future__ import annotations

import pytest

from innolab.search.analyzer import IndonesianAnalyzer


def terms(text: str) -> list[str]:
    return [token.text for token in IndonesianAnalyzer()(text)]


@pytest.mark.parametrize("words", [
    ("pelayanan", "melayani", "layanan", "dilayani", "terlayani"),
    ("kesehatan", "sehat", "menyehatkan"),
    ("penduduk", "kependudukan"),
    ("pemerintah", "pemerintahan"),
    ("pengaduan", "aduan", "mengadu"),
    ("pengelolaan", "dikelola", "kelola"),
    ("sampah", "persampahan"),
])
def test_inflections_of_one_word_meet(words):
    stems = {terms(word)[0] for word in words}
    assert len(stems) == 1, f"{words} gave {stems}"


@pytest.mark.parametrize("word, wrong", [
    ("kependudukan", "duduk"),  # to sit
    ("pemerintah", "perintah"),  # an order
    ("pengaduan", "adu"),  # a contest
    ("perkada", "kada"),
])
def test_government_words_are_not_damaged(word, wrong):
    assert terms(word) != [wrong]


def test_content_words_in_sastrawis_stop_list_are_kept():
    assert terms("ibu hamil dan bapak") == ["ibu", "hamil", "bapak"]
    assert "kasus" in terms("kasus stunting baru")
    assert "baru" in terms("kasus stunting baru")


def test_function_words_are_dropped():
    assert terms("yang dan untuk dengan sampah") == ["sampah"]


@pytest.mark.parametrize("text, expected", [
    ("KTP", ["ktp"]), ("ktp", ["ktp"]), ("e-KTP", ["ktp"]), ("UMKM", ["umkm"]), ("BPBD", ["bpbd"]),
    ("OPD", ["opd"]), ("PERKADA", ["perkada"]), ("SIMPANAN", ["simpanan"]),
])
def test_acronyms_are_kept_whole_and_lower_cased(text, expected):
    assert terms(text) == expected


def test_capitalised_words_still_stem():
    assert terms("Pelayanan") == terms("pelayanan") == ["layan"]


def test_numbers_and_codes_stay_as_written():
    assert terms("tahun 2024 covid19") == ["tahun", "2024", "covid19"]


def test_reduplication_splits_into_its_words():
    assert terms("anak-anak") == ["anak", "anak"]
