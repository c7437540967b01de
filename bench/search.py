"""Search benchmark: the app's Whoosh index and query path against SQLite FTS5 on the same stemmed text.

Run by hand from the repo root (not a test; it prints figures):

    python bench/search.py [--sizes 1000,10000,50000] [--queries 200] [--saves 200] [--no-mp]

Everything is deterministic (fixed seeds) and lives in a temporary directory removed at the end.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.resources
import math
import os
import platform
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

# `python bench/search.py` puts bench/ on sys.path, not the repo root; an uninstalled checkout still works.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from innolab.pipeline.stages import Stage, Status  # noqa: E402
from innolab.search import analyzer  # noqa: E402
from innolab.search.engine import SearchIndex  # noqa: E402
from innolab.search.query import SearchRequest, _search  # noqa: E402
from innolab.search.schema import BODY_SECTIONS  # noqa: E402
from innolab.vocab import AFFAIRS, InnovationForm, InnovationType  # noqa: E402

SEED = 20250101
WARMUP_QUERIES = 20
MP_MIN_SIZE = 5000  # below this the multi-process writer's start-up and per-worker cold stemming dominate
TARGETS = (
    "targets at the largest N: whoosh search p95 <= 3x FTS5 p95, p50 <= 10x FTS5 p50, "
    "save+index p95 <= 100 ms, full rebuild <= 60 s"
)

# --------------------------------------------------------------------------------------------------------------
# Vocabulary: Sastrawi's root words, affixed the Indonesian way, ranked on a Zipf curve.
# --------------------------------------------------------------------------------------------------------------

# Words a proposal keeps coming back to; they get top ranks so the head of the curve looks like the real thing.
GENERAL_WORDS = """layan masyarakat inovasi daerah program kegiatan data sistem informasi aplikasi warga desa kelola
tingkat kembang bangun laksana hasil manfaat capai rencana anggar dana tim petugas kota kabupaten pemerintah perangkat
unit kerja digital online daring lapor dokumen proses waktu biaya mudah cepat efektif efisien akses guna kualitas
sumber daya manusia kolaborasi mitra swasta komunitas sosialisasi latih evaluasi pantau ukur target sasaran
indikator""".split()

# Everyday roots of administrative Indonesian, spread over the head of the curve (the dictionary itself is
# alphabetical, with no frequencies: without these the commonest words would be random, often obscure, roots).
COMMON_ROOTS = """rumah jalan air anak orang tahun baru besar kecil harga nilai bentuk jenis pilih ubah dasar dukung
hubung atur temu bantu bayar terima kirim simpan cetak isi daftar urus periksa uji coba kaji teliti survei analisis
kota pasar sekolah kantor gedung ruang lahan tanah hutan laut sungai pantai gunung kebun sawah ternak ikan padi
pangan makan minum obat sakit sehat dokter rawat jaga aman tertib bersih sampah limbah hijau tanam pohon bunga buah
sayur usaha dagang jual beli modal untung rugi pajak retribusi pendapatan belanja anggaran biaya hemat boros cepat
lambat mudah sulit murah mahal dekat jauh luas sempit tinggi rendah kuat lemah aktif pasif muda tua pemuda perempuan
laki keluarga tangga miskin kaya buruh pegawai karyawan guru siswa murid dosen mahasiswa petani nelayan pedagang
pengusaha pejabat camat lurah kepala bupati walikota gubernur menteri dinas badan bidang seksi staf ahli pakar tokoh
agama adat budaya seni olahraga wisata tamu pengunjung penumpang kendaraan motor mobil bus kapal pesawat jembatan
terminal pelabuhan bandara listrik lampu energi surya gas minyak tambang batu pasir semen besi kayu bambu kertas
plastik kain pakaian sepatu tas buku surat kartu nomor kode tanda tangan foto video gambar peta grafik tabel laporan
catat rekam arsip unggah unduh pesan telepon internet jaringan komputer laptop ponsel server perangkat lunak keras
situs laman portal akun sandi rahasia terbuka publik umum khusus pribadi resmi sah izin syarat aturan hukum undang
peraturan keputusan kebijakan strategi taktik langkah tahap fase siklus prosedur mekanisme standar mutu kuantitas
jumlah angka persen rata naik turun tumbuh maju mundur ganti perbaiki rusak hilang cari putus selesai mulai lanjut
henti tunda batal tolak setuju sepakat janji kontrak sama kawan lawan saing juara hadiah penghargaan prestasi tujuan
dampak pengaruh akibat faktor kendala hambat masalah solusi jawab ide gagas pikir rasa harap butuh penuh kosong
habis sisa hitung timbang banding beda satu dua tiga empat lima enam tujuh delapan sembilan sepuluh ratus ribu juta
hari minggu bulan pagi siang sore malam jam menit detik awal akhir tengah samping pusat wilayah kawasan lingkungan
lokasi tempat posisi alamat arah utara selatan timur barat penduduk rakyat bangsa negara nasional internasional
global lokal regional provinsi kecamatan kelurahan dusun kampung rukun tetangga posko loket antri antre tunggu
datang pulang pergi kunjung jemput bawa angkut pindah tinggal huni susun sewa milik tukar pinjam kredit tabung
investasi bank koperasi lembaga organisasi kelompok forum rapat musyawarah diskusi edukasi didik ajar belajar kursus
magang praktik teori materi modul panduan petunjuk pedoman""".split()

# Topic words per urusan: a proposal of that affair repeats some of them (real documents are bursty).
AFFAIR_WORDS = {
    "kesehatan": "sehat gizi stunting puskesmas posyandu bidan ibu hamil balita imunisasi obat rawat pasien dokter",
    "pendidikan": "didik sekolah guru siswa ajar baca tulis paud beasiswa kurikulum",
    "adminduk": "penduduk ktp kk akta lahir nik catat dukcapil",
    "lingkungan_hidup": "sampah limbah hijau tanam pohon bank daur ulang kompos",
    "pertanian": "tani padi pupuk panen sawah benih ternak",
    "koperasi_ukm": "usaha umkm koperasi modal produk pasar jual",
    "sosial": "miskin bantu lansia disabilitas sejahtera",
    "pupr": "jalan jembatan air drainase banjir",
    "kominfo": "internet website media jaringan",
    "pariwisata": "wisata budaya festival kuliner homestay",
    "trantibum": "aman tertib bencana kebakaran patroli",
    "pppa": "perempuan anak kekerasan lindung",
}

# The commonest function words, most frequent first; the rest of Sastrawi's stop list follows in random order.
COMMON_STOPS = """yang dan di untuk dengan dalam ini ke dari pada akan oleh adalah sebagai itu atau juga karena agar
tersebut dapat secara serta lebih tidak telah sudah bagi melalui antara hingga setiap masih para sehingga belum harus
bisa yaitu seperti tentang maupun terhadap namun kami kita mereka sangat sedang saat baik berbagai beberapa banyak
semua perlu menjadi""".split()

# Affixed forms and how often running text uses each (the bare root dominates).
FORM_WEIGHTS = {
    "root": 40, "meN": 8, "meN-kan": 6, "meN-i": 3, "di": 5, "di-kan": 6, "di-i": 2, "peN-an": 9, "peN": 2,
    "per-an": 3, "ke-an": 5, "ber": 5, "ter": 2, "-an": 3, "memper-kan": 1,
}
VOWELS = set("aiueo")


def root_words() -> list[str]:
    """Sastrawi's dictionary of root words (shipped inside the PySastrawi package)."""
    data = importlib.resources.files("Sastrawi.Stemmer").joinpath("data/kata-dasar.txt")
    return [word for word in data.read_text().split() if word.isalpha() and len(word) >= 3]


def nasal(prefix: str, root: str) -> str:
    """meN-/peN- with nasal assimilation: layan → melayani, kelola → mengelola, sapu → menyapu, cat → mengecat."""
    first, second = root[0], root[1]
    if sum(ch in VOWELS for ch in root) == 1:
        return prefix + "nge" + root  # one syllable
    if first in VOWELS or first in "gh":
        return prefix + "ng" + root
    if first == "k":
        return prefix + "ng" + (root[1:] if second in VOWELS else root)
    if first == "p":
        return prefix + "m" + (root[1:] if second in VOWELS else root)
    if first in "bfv":
        return prefix + "m" + root
    if first == "t":
        return prefix + "n" + (root[1:] if second in VOWELS else root)
    if first in "dcjz":
        return prefix + "n" + root
    if first == "s":
        return prefix + ("ny" + root[1:] if second in VOWELS else "n" + root)
    return prefix + root  # l, m, n, r, w, y


def ber(prefix: str, root: str) -> str:
    """ber-/ter-/per- drop their r before r and before a first syllable in -er (bekerja); ber- + ajar → belajar."""
    if root == "ajar":
        return prefix[:-1] + "l" + root
    if root[0] == "r" or root[2:4] == "er" and root[1] in VOWELS:
        return prefix[:-1] + root
    return prefix + root


def derive(root: str, form: str) -> str:
    suffix_i = "" if root.endswith("i") else "i"
    return {
        "root": root,
        "meN": nasal("me", root),
        "meN-kan": nasal("me", root) + "kan",
        "meN-i": nasal("me", root) + suffix_i,
        "di": "di" + root,
        "di-kan": "di" + root + "kan",
        "di-i": "di" + root + suffix_i,
        "peN-an": nasal("pe", root) + "an",
        "peN": nasal("pe", root),
        "per-an": ber("per", root) + "an",
        "ke-an": "ke" + root + "an",
        "ber": ber("ber", root),
        "ter": ber("ter", root),
        "-an": root + "an",
        "memper-kan": "mem" + ber("per", root) + "kan",
    }[form]


class Sampler:
    """Draws words from a weighted list (cumulative weights: one bisect per word)."""

    def __init__(self, words: list[str], weights: list[float]):
        self.words = words
        self.cumulative = []
        total = 0.0
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)

    def weight(self, index: int) -> float:
        return self.cumulative[index] - (self.cumulative[index - 1] if index else 0.0)


@dataclass
class Vocabulary:
    content: Sampler  # affixed content words, Zipf-weighted
    stops: Sampler  # stop words, Zipf-weighted
    topics: dict[str, list[str]]  # affair → its pool of topic words
    ranked_content: list[str] = field(default_factory=list)  # content words, most frequent first


def zipf(rank: int, shift: float = 10.0, exponent: float = 1.0) -> float:
    # Zipf–Mandelbrot: the shift flattens the head, as the stop words already took the top ranks.
    return 1.0 / (rank + shift) ** exponent


def ranked_roots(rng: random.Random, stops: frozenset[str]) -> list[str]:
    """Every root, in frequency order: the domain words near the head, the rest shuffled."""
    domain = sorted({word for words in AFFAIR_WORDS.values() for word in words.split()} - stops)
    general = [word for word in dict.fromkeys(GENERAL_WORDS) if word not in stops and word not in domain]
    common = sorted(set(COMMON_ROOTS) - stops - set(general) - set(domain))
    rest = sorted(set(root_words()) - stops - set(general) - set(common) - set(domain))
    rng.shuffle(common)
    rng.shuffle(rest)
    for word in general:  # the innovation jargon leads
        common.insert(rng.randint(0, 150), word)
    ranked = common + rest
    for word in domain:  # topic words: frequent within their affair, middling overall
        ranked.insert(rng.randint(100, 3000), word)
    return ranked


def form_probability(rank: int) -> float:
    # Frequent roots show up in many affixed forms, rare ones mostly bare.
    return 0.9 if rank < 300 else 0.6 if rank < 2000 else 0.25 if rank < 10000 else 0.05


def build_vocabulary(seed: int = SEED) -> Vocabulary:
    rng = random.Random(f"{seed}:vocabulary")
    stops = analyzer.stop_words()
    known_roots = set(root_words())
    weights: dict[str, float] = {}
    for rank, root in enumerate(ranked_roots(rng, stops)):
        forms = ["root"]
        if root in known_roots and root not in analyzer.ACRONYMS:
            forms += [f for f in FORM_WEIGHTS if f != "root" and rng.random() < form_probability(rank)]
        total = sum(FORM_WEIGHTS[f] for f in forms)
        for form in forms:
            word = derive(root, form)
            if word not in stops:
                weights[word] = weights.get(word, 0.0) + zipf(rank) * FORM_WEIGHTS[form] / total
    ranked = sorted(weights, key=lambda word: (-weights[word], word))
    stop_list = [w for w in COMMON_STOPS if w in stops]
    stop_list += rng.sample(sorted(stops - set(stop_list)), len(stops) - len(stop_list))
    return Vocabulary(
        content=Sampler(ranked, [weights[w] for w in ranked]),
        stops=Sampler(stop_list, [zipf(rank, shift=1.0) for rank in range(len(stop_list))]),
        topics=topic_pools(rng, ranked),
        ranked_content=ranked,
    )


def topic_pools(rng: random.Random, ranked: list[str]) -> dict[str, list[str]]:
    """Per affair: its own words (with their affixed forms) plus 120 mid-frequency words of its own."""
    head = [(word, analyzer.stem(word)) for word in ranked[:8000]]
    pools = {}
    for affair in AFFAIRS:
        own = set(AFFAIR_WORDS.get(affair, "").split())
        related = [word for word, stem in head if word in own or stem in own]  # pelayanan, dilayani… for layan
        pools[affair] = related[:60] + rng.sample(ranked[30:6000], 120)
    return pools


# --------------------------------------------------------------------------------------------------------------
# Proposals: ~250 words over title, summary and the body sections, with facet values.
# --------------------------------------------------------------------------------------------------------------

AFFAIR_NAMES = list(AFFAIRS)
AFFAIR_WEIGHTS = [zipf(rank, shift=2.0) for rank in range(len(AFFAIR_NAMES))]
STAGES = [s.value for s in Stage]
PUBLISHED_STATUSES = [Status.ACTIVE.value, Status.IN_PROGRESS.value, Status.STOPPED.value]
OTHER_STATUSES = [s.value for s in Status if s.value not in PUBLISHED_STATUSES]
KECAMATAN_UNITS = range(101, 121)  # units 101..120 are the kecamatan themselves
UNIT_WEIGHTS = [zipf(unit, shift=5.0, exponent=0.8) for unit in range(1, 121)]
YEAR_WEIGHTS = {2018: 3, 2019: 4, 2020: 5, 2021: 7, 2022: 9, 2023: 11, 2024: 13, 2025: 12, 2026: 4}
SECTION_WEIGHTS = (3, 2, 2, 3, 1.5, 1, 1, 1, 1.5)  # background and implementation are the long ones


def words(vocab: Vocabulary, rng: random.Random, k: int, stop_rate: float, topic: list[str], topic_rate: float):
    """k words of running text: stop words, the proposal's topic words and general vocabulary, shuffled."""
    n_stop = round(k * stop_rate)
    n_topic = round((k - n_stop) * topic_rate)
    n_content = k - n_stop - n_topic
    drawn = vocab.stops.draw(rng, n_stop) + rng.choices(topic, k=n_topic) + vocab.content.draw(rng, n_content)
    rng.shuffle(drawn)
    return [w.upper() if w in analyzer.ACRONYMS and rng.random() < 0.7 else w for w in drawn]


def sentences(tokens: list[str], rng: random.Random) -> str:
    out, start = [], 0
    while start < len(tokens):
        end = min(len(tokens), start + rng.randint(8, 18))
        chunk = tokens[start:end]
        if len(chunk) > 6 and rng.random() < 0.3:
            chunk[rng.randrange(2, len(chunk) - 2)] += ","
        out.append(chunk[0][:1].upper() + chunk[0][1:] + (" " if len(chunk) > 1 else "") + " ".join(chunk[1:]) + ".")
        start = end
    return " ".join(out)


def title_text(tokens: list[str]) -> str:
    stops = analyzer.stop_words()
    return " ".join(w if w in stops or w.isupper() else w.capitalize() for w in tokens)


def body_sections(vocab, rng, topic) -> dict[str, str]:
    total = max(80, round(rng.gauss(200, 35)))
    present = [name for name in BODY_SECTIONS if rng.random() > 0.08]  # a few optional sections left empty
    weights = [SECTION_WEIGHTS[BODY_SECTIONS.index(name)] * rng.uniform(0.6, 1.4) for name in present]
    scale = total / sum(weights)
    return {
        name: sentences(words(vocab, rng, max(6, round(w * scale)), 0.36, topic, 0.10), rng)
        for name, w in zip(present, weights, strict=True)
    }


def proposal(vocab: Vocabulary, number: int, seed: int = SEED) -> dict:
    """Proposal `number` (1-based); the same number always gives the same proposal, whatever N is."""
    rng = random.Random(f"{seed}:proposal:{number}")
    affair = rng.choices(AFFAIR_NAMES, weights=AFFAIR_WEIGHTS)[0]
    topic = rng.sample(vocab.topics[affair], 8)
    title = title_text(words(vocab, rng, max(4, round(rng.gauss(8, 2))), 0.12, topic, 0.45))
    summary = sentences(words(vocab, rng, max(15, round(rng.gauss(40, 8))), 0.34, topic, 0.20), rng)
    sections = body_sections(vocab, rng, topic)
    return {"number": number, "affair": affair, "topic": topic, "title": title, "summary": summary,
            "sections": sections, **facet_values(rng)}


def facet_values(rng: random.Random) -> dict:
    unit = rng.choices(range(1, 121), weights=UNIT_WEIGHTS)[0]
    if unit in KECAMATAN_UNITS:
        kecamatan = unit
    else:
        kecamatan = rng.choice(KECAMATAN_UNITS) if rng.random() < 0.4 else None
    year = rng.choices(list(YEAR_WEIGHTS), weights=list(YEAR_WEIGHTS.values()))[0]
    published = rng.random() < 0.88
    created = datetime(year, 1, 1, tzinfo=UTC).timestamp() + rng.randrange(365 * 86400)
    return {
        "stage": rng.choices(STAGES, weights=[30, 25, 25, 20])[0],
        "status": rng.choice(PUBLISHED_STATUSES if published else OTHER_STATUSES),
        "form": rng.choices([f.value for f in InnovationForm] + [""], weights=[35, 50, 10, 5])[0],
        "itype": rng.choices([t.value for t in InnovationType] + [""], weights=[60, 37, 3])[0],
        "unit": unit, "kecamatan": kecamatan, "year": year, "published": published,
        "replicable": rng.random() < 0.6, "created": int(created),
        "replications": min(40, int(rng.expovariate(0.8))) if rng.random() < 0.3 else 0,
        "version": rng.randint(1, 6),
    }


def document(p: dict) -> dict:
    """The proposal as `innolab.search.documents.document()` shapes it for the index."""
    body = "\n".join(text for name in BODY_SECTIONS if (text := p["sections"].get(name)))
    fields = {
        "id": str(p["number"]),
        "signature": f"{p['version']}:{p['replications']}",
        "title": p["title"],
        "summary": p["summary"],
        "body": body,
        "spelling": f"{p['title']}\n{p['summary']}\n{body}",
        "stage": p["stage"],
        "status": p["status"],
        "affair": p["affair"],
        "form": p["form"],
        "itype": p["itype"],
        "unit": str(p["unit"]),
        "kecamatan": str(p["kecamatan"]) if p["kecamatan"] else "",
        "year": str(p["year"]),
        "replicable": "1" if p["replicable"] else "0",
        "published": "1" if p["published"] else "0",
        "tags": ",".join(p["topic"][:3]),
        "created": p["created"],
        "replications": p["replications"],
    }
    return {name: value for name, value in fields.items() if value != ""}


def corpus(vocab: Vocabulary, n: int) -> list[dict]:
    return [document(proposal(vocab, number)) for number in range(1, n + 1)]


def edited(vocab: Vocabulary, doc: dict, rng: random.Random) -> dict:
    """The document after its author saved an edit: a new sentence in the summary, a new version."""
    extra = sentences(words(vocab, rng, 12, 0.34, vocab.ranked_content[:200], 0.0), rng)
    version, replications = doc["signature"].split(":")
    summary = f"{doc.get('summary', '')} {extra}"
    spelling = doc["spelling"].replace(doc.get("summary", ""), summary, 1)
    return {**doc, "summary": summary, "spelling": spelling, "signature": f"{int(version) + 1}:{replications}"}


def queries(vocab: Vocabulary, count: int, seed: int) -> list[str]:
    """1–3 word queries of content words: frequent ones favoured (weight ∝ frequency^0.75) among the top 8000."""
    rng = random.Random(f"{seed}:queries")
    ranked = [(rank, w) for rank, w in enumerate(vocab.ranked_content[:8000]) if len(w) >= 4 and stems(w)]
    candidates = [w for _rank, w in ranked]
    weights = [vocab.content.weight(rank) ** 0.75 for rank, _w in ranked]
    return [" ".join(rng.choices(candidates, weights=weights, k=rng.choices((1, 2, 3), weights=(45, 40, 15))[0]))
            for _ in range(count)]


# --------------------------------------------------------------------------------------------------------------
# Whoosh: the app's own SearchIndex and query path.
# --------------------------------------------------------------------------------------------------------------


def cold_stems() -> None:
    # A rebuild happens in a fresh process: the stem memo starts empty.
    analyzer.stem.cache_clear()


def build_whoosh(path: Path, docs: list[dict]) -> float:
    index = SearchIndex(path)
    index.create_empty()
    cold_stems()
    started = time.perf_counter()
    index.replace_all(docs)
    elapsed = time.perf_counter() - started
    index.close()
    return elapsed


def build_whoosh_parallel(path: Path, docs: list[dict], multisegment: bool) -> tuple[float, int] | str:
    """Whoosh's multi-process writer (2 workers): (seconds, segments), or why it failed."""
    index = SearchIndex(path)
    index.create_empty()
    cold_stems()
    started = time.perf_counter()
    try:
        writer = index.index().writer(procs=2, multisegment=multisegment, limitmb=128)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
    except Exception as exc:  # noqa: BLE001 (reported, not fatal: it is an experiment)
        return f"failed: {exc!r}"
    elapsed = time.perf_counter() - started
    index.close()
    ix = index.index()
    count, segments = ix.doc_count(), len(ix._segments())
    index.close()
    if count != len(docs):
        return f"lost documents: {count} of {len(docs)} indexed"
    return elapsed, segments


def whoosh_search(searcher, text: str) -> int:
    """The search page's query through the app's own path: published only, facets on, highlights."""
    return _search(searcher, SearchRequest(q=text, per_page=10), None).total


def time_saves(path: Path, vocab: Vocabulary, docs: list[dict], count: int) -> tuple[list[float], ...]:
    """What each commit does: apply one updated document, back to back as in a burst of saves; each followed by
    the searcher reopen the next search pays. Then as many saves spaced out: each once the background work the
    previous one started (the engine's merge thread, if it has one) has finished, as when saves are seconds apart."""
    rng = random.Random(f"{SEED}:saves")
    updates = [edited(vocab, docs[rng.randrange(len(docs))], rng) for _ in range(2 * count)]
    writer, reader = SearchIndex(path), SearchIndex(path)
    reader.searcher()
    saves, reopens, spaced = [], [], []
    for doc in updates[:count]:
        started = time.perf_counter()
        writer.apply([doc])
        saves.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        reader.searcher()
        reopens.append((time.perf_counter() - started) * 1000)
    for doc in updates[count:]:
        background_done(writer)
        started = time.perf_counter()
        writer.apply([doc])
        spaced.append((time.perf_counter() - started) * 1000)
    background_done(writer)
    writer.close()
    reader.close()
    return saves, reopens, spaced


def background_done(index: SearchIndex) -> None:
    # Absent in engine versions that merge inside apply().
    wait = getattr(index, "wait_for_merge", None)
    if wait is not None:
        wait()


def time_whoosh_again(path: Path, texts: list[str], warmup: list[str]) -> tuple[list[float], int]:
    """Search times on the index as saves leave it in use: a big segment with deletions plus small ones."""
    index = SearchIndex(path)
    searcher = index.searcher()
    for text in warmup:
        whoosh_search(searcher, text)
    times = []
    for text in texts:
        started = time.perf_counter()
        whoosh_search(searcher, text)
        times.append((time.perf_counter() - started) * 1000)
    segments = len(searcher.reader().leaf_readers())
    index.close()
    return times, segments


# --------------------------------------------------------------------------------------------------------------
# The peer: SQLite FTS5 over the same stemmed text.
# --------------------------------------------------------------------------------------------------------------

_ANALYZER = analyzer.IndonesianAnalyzer()


def stems(text: str) -> list[str]:
    return [token.text for token in _ANALYZER(text)]


def stemmed(text: str) -> str:
    return " ".join(stems(text))


def build_fts(path: Path, docs: list[dict]) -> tuple[float, sqlite3.Connection]:
    cold_stems()
    started = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE VIRTUAL TABLE docs USING fts5(title, summary, body);
        CREATE TABLE meta (id INTEGER PRIMARY KEY, stage TEXT, affair TEXT, unit TEXT, published TEXT);
    """)
    conn.executemany("INSERT INTO docs (rowid, title, summary, body) VALUES (?, ?, ?, ?)", (
        (int(d["id"]), stemmed(d.get("title", "")), stemmed(d.get("summary", "")), stemmed(d.get("body", "")))
        for d in docs
    ))
    conn.executemany("INSERT INTO meta VALUES (?, ?, ?, ?, ?)", (
        (int(d["id"]), d.get("stage"), d.get("affair"), d.get("unit"), d.get("published")) for d in docs
    ))
    conn.commit()
    return time.perf_counter() - started, conn


FTS_TOP = """
    SELECT docs.rowid, bm25(docs, 3.0, 2.0, 1.0) AS score, highlight(docs, 0, '<mark>', '</mark>'),
           snippet(docs, -1, '<mark>', '</mark>', ' … ', 24)
    FROM docs JOIN meta ON meta.id = docs.rowid
    WHERE docs MATCH ? AND meta.published = '1' ORDER BY score LIMIT 10
"""
FTS_COUNT = "SELECT count(*) FROM docs JOIN meta ON meta.id = docs.rowid WHERE docs MATCH ? AND meta.published = '1'"
FTS_FACET = """
    SELECT {name}, count(*) FROM meta
    WHERE published = '1' AND id IN (SELECT rowid FROM docs WHERE docs MATCH ?) GROUP BY {name}
"""
FTS_FACETS = ("stage", "affair", "unit")


def fts_search(conn: sqlite3.Connection, text: str) -> int:
    """What the search page needs, FTS5-style: AND of the stems (any of them when none holds all), top 10 by
    weighted bm25 with highlights, the total, and facet counts. Returns the total."""
    terms = [f'"{stem}"' for stem in stems(text)]
    match = " ".join(terms)
    total = conn.execute(FTS_COUNT, (match,)).fetchone()[0]
    if total == 0 and len(terms) > 1:
        match = " OR ".join(terms)  # the app's fallback when no document holds every word
        total = conn.execute(FTS_COUNT, (match,)).fetchone()[0]
    conn.execute(FTS_TOP, (match,)).fetchall()
    for name in FTS_FACETS:
        conn.execute(FTS_FACET.format(name=name), (match,)).fetchall()
    return total


def time_both(searcher, conn, texts: list[str], warmup: list[str]) -> tuple[list[float], ...]:
    """Each query on Whoosh then on FTS5, alternately, so that load from elsewhere on the machine hits both alike."""
    for text in warmup:
        whoosh_search(searcher, text)
        fts_search(conn, text)
    whoosh_ms, fts_ms, whoosh_totals, fts_totals, whoosh_cpu, fts_cpu = [], [], [], [], [], []
    for text in texts:
        started, cpu = time.perf_counter(), time.process_time()
        whoosh_totals.append(whoosh_search(searcher, text))
        whoosh_ms.append((time.perf_counter() - started) * 1000)
        whoosh_cpu.append((time.process_time() - cpu) * 1000)
        started, cpu = time.perf_counter(), time.process_time()
        fts_totals.append(fts_search(conn, text))
        fts_ms.append((time.perf_counter() - started) * 1000)
        fts_cpu.append((time.process_time() - cpu) * 1000)
    return whoosh_ms, fts_ms, whoosh_totals, fts_totals, whoosh_cpu, fts_cpu


# --------------------------------------------------------------------------------------------------------------
# Running and reporting
# --------------------------------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class Row:
    n: int
    build_s: float
    whoosh: list[float]
    fts: list[float]
    saves: list[float]
    reopens: list[float]
    fts_build_s: float
    parallel: dict[str, tuple[float, int] | str]
    totals: list[int]
    mismatches: int
    generate_s: float
    index_mb: float
    after_saves: list[float]  # whoosh search times on the index the saves left (several segments)
    segments: int
    whoosh_cpu: list[float]  # CPU time of this process per query: what other load on the machine does not move
    fts_cpu: list[float]
    spaced_saves: list[float]  # saves with the previous save's background work finished


def directory_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file()) / 1e6


def run_size(n: int, vocab: Vocabulary, args, workdir: Path, parallel_too: bool) -> Row:
    log(f"N={n}: generating proposals")
    started = time.perf_counter()
    docs = corpus(vocab, n)
    generate_s = time.perf_counter() - started
    texts = queries(vocab, args.queries, args.seed)
    warmup = queries(vocab, WARMUP_QUERIES, args.seed + 1)

    log(f"N={n}: building the Whoosh index (SearchIndex.replace_all)")
    path = workdir / f"whoosh-{n}"
    build_s = build_whoosh(path, docs)
    index_mb = directory_mb(path)
    parallel = {}
    if parallel_too:
        log(f"N={n}: building with Whoosh's multi-process writer (procs=2, multisegment)")
        parallel["procs=2, multisegment"] = build_whoosh_parallel(workdir / f"whoosh-mp-{n}", docs, True)
        shutil.rmtree(workdir / f"whoosh-mp-{n}", ignore_errors=True)

    log(f"N={n}: building FTS5")
    fts_build_s, conn = build_fts(workdir / f"fts-{n}.sqlite", docs)
    log(f"N={n}: {len(texts)} searches on each engine")
    index = SearchIndex(path)
    whoosh_ms, fts_ms, totals, fts_totals, whoosh_cpu, fts_cpu = time_both(index.searcher(), conn, texts, warmup)
    conn.close()
    index.close()

    log(f"N={n}: {args.saves} saves (SearchIndex.apply of one document)")
    saves, reopens, spaced = time_saves(path, vocab, docs, args.saves)
    log(f"N={n}: the Whoosh searches again, on the index as the saves left it")
    after_saves, segments = time_whoosh_again(path, texts, warmup)
    shutil.rmtree(path, ignore_errors=True)
    mismatches = sum(a != b for a, b in zip(totals, fts_totals, strict=True))
    return Row(n, build_s, whoosh_ms, fts_ms, saves, reopens, fts_build_s, parallel, totals, mismatches,
               generate_s, index_mb, after_saves, segments, whoosh_cpu, fts_cpu, spaced)


def code_fingerprint() -> str:
    """Short hashes of the search module's files: which code these figures are for, committed or not."""
    folder = Path(analyzer.__file__).parent
    return " ".join(f"{f.stem}:{hashlib.sha1(f.read_bytes()).hexdigest()[:7]}" for f in sorted(folder.glob("*.py"))
                    if f.stem in {"analyzer", "schema", "engine", "query"})


def load_average() -> str:
    # Other work on the machine moves every figure here; say how busy it was.
    return "/".join(f"{load:.1f}" for load in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


LOAD_AT_START = load_average()
CODE_AT_START = code_fingerprint()  # the files may change while a long run goes on; this is what it imported


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def print_report(rows: list[Row], args) -> None:
    print(f"\nPython {platform.python_version()} ({platform.python_implementation()}), {os.cpu_count()} CPUs, "
          f"SQLite {sqlite3.sqlite_version}, {platform.platform()}")
    print(f"innolab/search as measured (hashes when the run began): {CODE_AT_START}")
    print(f"{args.queries} queries per N after {WARMUP_QUERIES} warm-up; {args.saves} saves per N (+ as many "
          f"spaced out); seed {args.seed}; "
          f"load average at start {LOAD_AT_START}, at end {load_average()}")
    header = (f"{'N':>7} {'build doc/s':>11} {'build s':>8} {'whoosh p50':>10} {'p95':>7} {'mean':>7} "
              f"{'fts5 p50':>9} {'p95':>7} {'mean':>7} {'ratio p50':>9} {'ratio p95':>9} "
              f"{'save p50':>8} {'p95':>7}")
    print("\n" + header + "\n" + "-" * len(header))
    for r in rows:
        w50, w95, f50, f95 = (percentile(r.whoosh, 50), percentile(r.whoosh, 95),
                              percentile(r.fts, 50), percentile(r.fts, 95))
        print(f"{r.n:>7} {r.n / r.build_s:>11.0f} {r.build_s:>8.1f} {w50:>10.1f} {w95:>7.1f} "
              f"{sum(r.whoosh) / len(r.whoosh):>7.1f} {f50:>9.2f} {f95:>7.2f} {sum(r.fts) / len(r.fts):>7.2f} "
              f"{w50 / f50:>9.1f} {w95 / f95:>9.1f} {percentile(r.saves, 50):>8.1f} {percentile(r.saves, 95):>7.1f}")
    print("(times in ms unless marked; ratio = whoosh / fts5; build = SearchIndex.replace_all, one process, "
          "cold stem memo)")
    print("\nDetails")
    for r in rows:
        hits = sorted(r.totals)
        print(f"  N={r.n}: generated in {r.generate_s:.1f} s; Whoosh index {r.index_mb:.0f} MB; "
              f"FTS5 build {r.fts_build_s:.1f} s (stemming included); "
              f"searcher reopen after a save p50/p95 "
              f"{percentile(r.reopens, 50):.1f}/{percentile(r.reopens, 95):.1f} ms")
        w50, w95, f50, f95 = (percentile(r.whoosh_cpu, 50), percentile(r.whoosh_cpu, 95),
                              percentile(r.fts_cpu, 50), percentile(r.fts_cpu, 95))
        print(f"    CPU time per query (other load does not move it): whoosh p50/p95 {w50:.1f}/{w95:.1f} ms, "
              f"fts5 {f50:.2f}/{f95:.2f} ms, ratio p50 {w50 / f50:.1f}, p95 {w95 / f95:.1f}")
        print(f"    save+index spaced out (background merges done between saves): p50 "
              f"{percentile(r.spaced_saves, 50):.1f}, p95 {percentile(r.spaced_saves, 95):.1f} ms")
        print(f"    whoosh search after the saves ({r.segments} segments): p50 {percentile(r.after_saves, 50):.1f}, "
              f"p95 {percentile(r.after_saves, 95):.1f} ms")
        print(f"    results per query: median {hits[len(hits) // 2]}, p90 {percentile(hits, 90)}, max {hits[-1]}, "
              f"none {sum(t == 0 for t in hits)}; whoosh/fts5 totals differ on {r.mismatches} queries")
        for label, outcome in r.parallel.items():
            text = outcome if isinstance(outcome, str) else (
                f"{outcome[0]:.1f} s = {r.n / outcome[0]:.0f} doc/s, {outcome[1]} segment(s)")
            print(f"    multi-process build ({label}): {text}")
    print("\n" + TARGETS)
    if rows:
        verdicts(rows[-1])


def verdicts(r: Row) -> None:
    checks = [
        ("search p95 <= 3x FTS5 p95", percentile(r.whoosh, 95) / percentile(r.fts, 95), 3.0, "x"),
        ("search p50 <= 10x FTS5 p50", percentile(r.whoosh, 50) / percentile(r.fts, 50), 10.0, "x"),
        ("save+index p95 <= 100 ms", percentile(r.saves, 95), 100.0, " ms"),
        ("full rebuild <= 60 s", r.build_s, 60.0, " s"),
    ]
    for label, value, limit, unit in checks:
        print(f"  N={r.n}: {label}: {value:.1f}{unit} -> {'met' if value <= limit else 'MISSED'}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated corpus sizes")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the queries (the corpus is fixed)")
    parser.add_argument("--no-mp", action="store_true",
                        help=f"skip the multi-process build experiment (run at the largest N if >= {MP_MIN_SIZE})")
    args = parser.parse_args(argv)
    args.sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    vocab = build_vocabulary()
    log(f"vocabulary: {len(vocab.content.words)} content words, {len(vocab.stops.words)} stop words")
    workdir = Path(tempfile.mkdtemp(prefix="innolab-bench-"))
    try:
        # The multi-process experiment costs a full build: only at the largest N, and only where it can pay off.
        largest = max(args.sizes)
        rows = [run_size(n, vocab, args, workdir, not args.no_mp and n == largest >= MP_MIN_SIZE) for n in args.sizes]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print_report(rows, args)
    print(f"\ntotal run time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
