"""The Indonesian analyzer: tokens → lower case → stop words → Sastrawi stems, with the stemmer's mistakes fixed.

Whoosh pickles the analyzer into the index, so the classes here must keep their import path. Change anything that
alters the tokens a text produces and bump ANALYZER_VERSION: every index built with another version is rebuilt.
"""
from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import Filter, RegexTokenizer

ANALYZER_VERSION = 1

# Sastrawi's stop list holds words that carry meaning in proposals ("ibu hamil", "kasus stunting", "cara baru").
CONTENT_WORDS = frozenset(
    """ibu bapak pak kerja bekerja dikerjakan mengerjakan kasus baru jumlah cara masalah persoalan besar kecil hari
    bulan orang tempat awal akhir khusus penting mata masuk keluar lama naik dekat jauh dini tahu guna rasa laku
    pihak soal keadaan siap jawab jawaban pertanyaan tanya datang lihat kata mulai lanjut jelas tepat setempat
    sendiri satu dua tiga empat lima pertama kedua bersama sama""".split()
)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(StopWordRemoverFactory().get_stop_words()) - CONTENT_WORDS


# Words Sastrawi damages, with the stem we want instead, so that related forms still meet.
STEM_FIXES: dict[str, str] = {
    "penduduk": "penduduk", "kependudukan": "penduduk",  # not "duduk" (to sit)
    "pemerintah": "pemerintah", "pemerintahan": "pemerintah",  # not "perintah" (an order)
    "aduan": "aduan", "pengaduan": "aduan", "mengadu": "aduan", "mengadukan": "aduan", "diadukan": "aduan",
    "kelurahan": "kelurahan", "kecamatan": "kecamatan",  # units, not the people who lead them
    "perda": "perda", "perkada": "perkada", "perwali": "perwali", "perbup": "perbup",
    "lingkungan": "lingkungan",
    "posyandu": "posyandu", "puskesmas": "puskesmas",
}

# Acronyms are kept whole wherever they appear; any word written in capitals (2+ letters) counts as one too.
ACRONYMS = frozenset(
    """ktp kk kia nik npwp umkm ukm opd bpbd pkk rt rw asn pns sk sop skm ikm rkpd renja rka dpa apbd apbn pad pbb
    bpjs kis kip pdam dukcapil disdukcapil bumdes bumdesa pemda iid sdgs tte nib oss imb pbg lpse jdih ppid bkpsdm
    bappeda brida bapperida puskesmas posyandu posbindu paud tk sd smp sma smk lansia balita""".split()
)


@lru_cache(maxsize=1)
def _sastrawi():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    # The uncached stemmer: Sastrawi's own cache grows without bound; ours below is bounded.
    return StemmerFactory().create_stemmer().delegatedStemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one lower-case word (memoised: a corpus repeats its words endlessly)."""
    if word in STEM_FIXES:
        return STEM_FIXES[word]
    if word in ACRONYMS or not word.isalpha():
        return word  # numbers, codes ("covid19") and acronyms stay as written
    return _sastrawi().stem(word) or word


class IndonesianFilter(Filter):
    """Lower-cases, drops stop words and stems, keeping acronyms whole."""

    def __call__(self, tokens):
        stops = stop_words()
        for token in tokens:
            original = token.text
            text = original.lower()
            if text in stops:
                if not token.removestops:
                    token.stopped = True
                    yield token
                continue
            token.stopped = False
            token.text = text if _is_acronym(original) else stem(text)
            yield token


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def IndonesianAnalyzer():  # noqa: N802 (named like Whoosh's own analyzer factories)
    # Letters and digits; a hyphen splits ("e-KTP" → e, ktp; "anak-anak" → anak, anak).
    return RegexTokenizer(r"[^\W_]+") | IndonesianFilter()


def SpellingAnalyzer():  # noqa: N802
    """Whole lower-case words for spelling suggestions: a suggestion must be a word, not a stem."""
    return RegexTokenizer(r"[^\W_]{3,}") | LowerStopFilter()


class LowerStopFilter(Filter):
    def __call__(self, tokens):
        stops = stop_words()
        for token in tokens:
            token.text = token.text.lower()
            if token.text not in stops:
                yield token
