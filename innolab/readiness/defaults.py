"""The default indicator table of the innovation index (IID), in the order of the national form.

Weights follow the national guideline; level texts are written in its style. Coordinators edit them per year
(readiness.services), because the official weights change every year.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Indicator, IndicatorSet
from innolab.readiness.scoring import SOURCE_REPLICATION

REGION_TIMEZONE = ZoneInfo("Asia/Jakarta")


def current_year() -> int:
    """The reporting year as the region counts it (Jakarta time)."""
    return datetime.now(REGION_TIMEZONE).year


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    weight: int
    description: str
    levels: tuple[str, str, str]
    kinds: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # evidence kinds proving level 1, 2, 3
    source: str | None = None


def _same(*kinds: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    return kinds, kinds, kinds


DEFAULT_INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "Regulasi inovasi", 3, "Dasar hukum penerapan inovasi daerah.",
        ("SK kepala perangkat daerah", "Peraturan kepala daerah", "Peraturan daerah"),
        _same("sk_inovasi")),
    IndicatorSpec(
        "Ketersediaan SDM", 2, "Jumlah SDM yang mengelola inovasi daerah.",
        ("1–10 orang SDM pengelola inovasi", "11–30 orang SDM pengelola inovasi",
         "Lebih dari 30 orang SDM pengelola inovasi"),
        _same("sk_tim")),
    IndicatorSpec(
        "Dukungan anggaran", 2, "Anggaran inovasi daerah dalam APBD.",
        ("Dianggarkan dalam APBD 1 tahun terakhir", "Dianggarkan dalam APBD 2 tahun berturut-turut",
         "Dianggarkan dalam APBD 3 tahun berturut-turut"),
        _same("anggaran")),
    IndicatorSpec(
        "Alat kerja", 2, "Sarana yang dipakai untuk menjalankan inovasi.",
        ("Masih manual", "Menggunakan perangkat elektronik (TIK)", "Menggunakan sistem informasi daring"),
        _same("foto_tangkapan")),
    IndicatorSpec(
        "Bimtek inovasi", 1, "Peningkatan kapasitas dan kompetensi pelaksana inovasi dalam 3 tahun terakhir.",
        ("1 kali bimtek dalam 3 tahun terakhir", "2 kali bimtek dalam 3 tahun terakhir",
         "3 kali atau lebih bimtek dalam 3 tahun terakhir"),
        _same("pelatihan")),
    IndicatorSpec(
        "Integrasi dalam RKPD", 2, "Program inovasi tercantum dalam dokumen perencanaan daerah.",
        ("Tercantum dalam Renja/RKA perangkat daerah", "Tercantum dalam RKPD", "Tercantum dalam RPJMD"),
        (("perencanaan", "anggaran"), ("perencanaan",), ("perencanaan",))),
    IndicatorSpec(
        "Keterlibatan aktor", 1,
        "Aktor yang terlibat: pemerintah, pelaku usaha, akademisi, masyarakat, media.",
        ("Melibatkan 3 aktor", "Melibatkan 4 aktor", "Melibatkan 5 aktor atau lebih"),
        _same("sk_tim", "kerja_sama")),
    IndicatorSpec(
        "Pelaksana inovasi", 1, "Penetapan tim pelaksana inovasi daerah.",
        ("Ada pelaksana, tetapi belum ditetapkan dengan SK",
         "Pelaksana ditetapkan dengan SK kepala perangkat daerah",
         "Pelaksana ditetapkan dengan SK kepala daerah"),
        _same("sk_tim")),
    IndicatorSpec(
        "Jejaring inovasi", 1, "Perangkat daerah yang terlibat dalam penerapan inovasi.",
        ("Melibatkan 2 perangkat daerah", "Melibatkan 3–4 perangkat daerah",
         "Melibatkan 5 perangkat daerah atau lebih"),
        _same("kerja_sama", "sk_tim")),
    IndicatorSpec(
        "Sosialisasi", 1, "Penyebarluasan informasi inovasi daerah.",
        ("Melalui media sosial perangkat daerah", "Melalui media berita daerah",
         "Melalui media berita nasional"),
        _same("publikasi")),
    IndicatorSpec(
        "Pedoman teknis", 1, "Ketersediaan pedoman teknis (SOP, panduan penggunaan) inovasi.",
        ("Pedoman teknis tercetak", "Pedoman teknis elektronik yang dapat diunduh",
         "Pedoman teknis daring yang dapat diakses langsung"),
        _same("sop")),
    IndicatorSpec(
        "Kemudahan informasi layanan", 1, "Cara masyarakat memperoleh informasi tentang layanan inovasi.",
        ("Melalui layanan telepon atau tatap muka", "Melalui surel atau media sosial",
         "Melalui aplikasi atau laman daring yang selalu diperbarui"),
        _same("foto_tangkapan", "publikasi")),
    IndicatorSpec(
        "Kemudahan proses", 2, "Waktu yang diperlukan untuk memperoleh layanan inovasi.",
        ("Layanan selesai dalam 6 hari atau lebih", "Layanan selesai dalam 2–5 hari",
         "Layanan selesai dalam 1 hari"),
        _same("sop", "foto_tangkapan")),
    IndicatorSpec(
        "Penyelesaian pengaduan", 1, "Rasio pengaduan masyarakat yang terselesaikan dalam satu tahun.",
        ("50% atau kurang pengaduan terselesaikan", "51–90% pengaduan terselesaikan",
         "91% atau lebih pengaduan terselesaikan"),
        _same("pengaduan")),
    IndicatorSpec(
        "Layanan terintegrasi", 2, "Keterpaduan layanan inovasi dengan layanan lain.",
        ("Terintegrasi dengan layanan lain di perangkat daerah yang sama",
         "Terintegrasi dengan layanan perangkat daerah lain",
         "Terintegrasi dengan layanan lintas daerah atau pemerintah pusat"),
        _same("foto_tangkapan", "kerja_sama")),
    IndicatorSpec(
        "Replikasi", 3, "Inovasi telah direplikasi oleh unit atau daerah lain (terisi otomatis dari data replikasi).",
        ("Direplikasi 1 kali", "Direplikasi 2 kali", "Direplikasi 3 kali atau lebih"),
        _same("surat_replikasi"), source=SOURCE_REPLICATION),
    IndicatorSpec(
        "Kecepatan penciptaan", 2, "Waktu dari ide sampai inovasi diterapkan.",
        ("Tercipta dalam 9 bulan atau lebih", "Tercipta dalam 5–8 bulan", "Tercipta dalam 1–4 bulan"),
        _same("sk_inovasi", "laporan_monev")),
    IndicatorSpec(
        "Kemanfaatan", 3, "Jumlah penerima manfaat inovasi.",
        ("1–200 penerima manfaat", "201–500 penerima manfaat", "501 penerima manfaat atau lebih"),
        _same("laporan_monev", "survei_kepuasan")),
    IndicatorSpec(
        "Monitoring dan evaluasi", 2, "Bentuk monitoring dan evaluasi atas inovasi.",
        ("Monitoring dan evaluasi internal perangkat daerah", "Survei kepuasan masyarakat (SKM/IKM)",
         "Kajian atau evaluasi oleh pihak eksternal (perguruan tinggi, lembaga penelitian)"),
        (("laporan_monev",), ("survei_kepuasan",), ("laporan_monev",))),
    IndicatorSpec(
        "Video inovasi", 4, "Video penerapan inovasi berdurasi 3–5 menit.",
        ("Video tersedia, tetapi belum memuat latar belakang, penerapan, dan manfaat",
         "Video memuat latar belakang, penerapan, dan manfaat inovasi",
         "Video 3–5 menit memuat semua unsur dan tayang di kanal resmi pemerintah daerah"),
        _same("video")),
)


def default_indicators() -> list[Indicator]:
    return [
        Indicator(position=position, name=spec.name, description=spec.description, weight=spec.weight,
                  levels=list(spec.levels), evidence_kinds=[list(kinds) for kinds in spec.kinds], active=True,
                  source=spec.source)
        for position, spec in enumerate(DEFAULT_INDICATORS)
    ]


def ensure_indicator_set() -> int:
    """Create this year's indicator set from the defaults when there is no set at all; flushes, never commits.

    Once any set exists it is left alone (coordinators' edits survive, and new years are copied from the last
    one). Returns how many indicators were created.
    """
    if db.session.scalar(select(IndicatorSet.id).limit(1)) is not None:
        return 0
    indicators = default_indicators()
    db.session.add(IndicatorSet(year=current_year(), indicators=indicators))
    db.session.flush()
    return len(indicators)
