"""Default reference data: the scoring rubric of every stage and the per-stage evidence checklists.

The rubric follows the weights of the national public-service innovation competition's 2023 proposal guide
(DESIGN.md §4); coordinators may later edit it per stage, which creates a new rubric version.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Criterion, EvidenceRequirement, Rubric
from innolab.pipeline.stages import STAGE_ORDER, Stage
from innolab.readiness.defaults import ensure_indicator_set


@dataclass(frozen=True)
class CriterionSpec:
    name: str
    weight: int  # percent of the weighted total
    description: str
    levels: tuple[str, str, str, str, str]  # descriptor of score 1 … 5


DEFAULT_RUBRIC: tuple[CriterionSpec, ...] = (
    CriterionSpec(
        "Latar belakang & tujuan", 10,
        "Kejelasan masalah yang hendak diatasi, didukung data awal, dan tujuan inovasi yang terukur.",
        (
            "Masalah tidak dijelaskan atau tidak berkaitan dengan tugas unit; tujuan tidak dirumuskan.",
            "Masalah disebut secara umum tanpa data; tujuan masih kabur dan tidak terukur.",
            "Masalah dijelaskan dengan sebagian data awal; tujuan jelas tetapi belum memiliki target terukur.",
            "Masalah didukung data awal yang relevan; tujuan jelas dengan target yang terukur.",
            "Masalah dirumuskan tajam dengan data awal yang kuat dan bersumber jelas; tujuan terukur, realistis, "
            "dan bertenggat.",
        ),
    ),
    CriterionSpec(
        "Kebaruan / nilai tambah", 15,
        "Sejauh mana inovasi membawa cara baru atau nilai tambah dibanding praktik sebelumnya di daerah ini.",
        (
            "Tidak ada pembaruan; sama dengan praktik yang sudah berjalan.",
            "Perubahan kecil pada prosedur lama tanpa perbedaan berarti bagi pengguna layanan.",
            "Modifikasi praktik yang ada dengan nilai tambah yang cukup jelas.",
            "Cara baru di lingkup daerah ini dengan nilai tambah nyata bagi pengguna layanan.",
            "Terobosan yang belum pernah diterapkan di daerah ini maupun daerah sekitar, dengan nilai tambah "
            "besar dan jelas.",
        ),
    ),
    CriterionSpec(
        "Implementasi", 5,
        "Kejelasan dan kelayakan tahapan pelaksanaan, pembagian peran, jadwal, serta kesiapan pelaksana.",
        (
            "Tidak ada rencana atau uraian pelaksanaan.",
            "Tahapan disebut garis besarnya saja, tanpa jadwal dan penanggung jawab.",
            "Tahapan dan jadwal cukup jelas, tetapi peran tim dan mitra belum rinci.",
            "Tahapan, jadwal, dan peran jelas; sebagian kegiatan sudah berjalan sesuai rencana.",
            "Pelaksanaan terdokumentasi lengkap (SK tim, jadwal, laporan kemajuan) dan berjalan sesuai atau "
            "melampaui rencana.",
        ),
    ),
    CriterionSpec(
        "Signifikansi", 30,
        "Besarnya manfaat bagi masyarakat atau tata kelola, dibuktikan dengan perbandingan kondisi sebelum dan "
        "sesudah inovasi.",
        (
            "Manfaat tidak dapat ditunjukkan.",
            "Manfaat dinyatakan secara umum tanpa data pendukung.",
            "Ada data sebelum–sesudah untuk sebagian indikator, dengan perbaikan yang masih kecil.",
            "Data sebelum–sesudah menunjukkan perbaikan jelas pada indikator utama dan dirasakan kelompok sasaran.",
            "Perbaikan besar dan terukur pada beberapa indikator, menjangkau banyak penerima manfaat, dan "
            "dikonfirmasi survei atau data independen.",
        ),
    ),
    CriterionSpec(
        "Adaptabilitas (replikasi)", 20,
        "Kemudahan inovasi ditiru atau diterapkan oleh unit kerja maupun daerah lain.",
        (
            "Sangat bergantung pada kondisi khusus unit asal; tidak dapat ditiru.",
            "Hanya dapat ditiru dengan penyesuaian besar dan biaya tinggi.",
            "Dapat ditiru unit lain dengan penyesuaian sedang; panduan belum tersedia.",
            "Mudah ditiru; tersedia SOP atau panduan, dan ada unit lain yang menyatakan minat.",
            "Sudah direplikasi unit atau daerah lain dengan hasil baik, didukung panduan dan pendampingan.",
        ),
    ),
    CriterionSpec(
        "Sumber daya", 5,
        "Kecukupan dan efisiensi anggaran, SDM, sarana, serta dukungan mitra yang digunakan.",
        (
            "Sumber daya tidak diuraikan.",
            "Sumber daya diuraikan, tetapi tidak memadai atau boros.",
            "Sumber daya cukup untuk pelaksanaan; rincian anggaran belum lengkap.",
            "Sumber daya memadai dan efisien, dengan rincian anggaran dan SDM yang jelas.",
            "Sumber daya efisien dan beragam (APBD, mitra, swadaya), dengan biaya per penerima manfaat yang rendah.",
        ),
    ),
    CriterionSpec(
        "Strategi keberlanjutan", 15,
        "Jaminan inovasi tetap berjalan: dasar hukum, kelembagaan, anggaran rutin, dan komitmen pimpinan.",
        (
            "Tidak ada strategi keberlanjutan.",
            "Keberlanjutan bergantung pada satu orang atau kegiatan yang bersifat sementara.",
            "Ada rencana keberlanjutan, tetapi belum didukung dasar hukum atau anggaran rutin.",
            "Didukung SK kepala perangkat daerah atau SOP, serta anggaran rutin.",
            "Ditetapkan dalam Perwal/Perda, masuk dokumen perencanaan, dan dikelola lembaga yang jelas dengan "
            "anggaran berkelanjutan.",
        ),
    ),
)

# Evidence kinds (keys of vocab.EVIDENCE_KINDS) asked for at each stage's gate, as (kind, required).
DEFAULT_CHECKLISTS: dict[Stage, tuple[tuple[str, bool], ...]] = {
    Stage.IDEATION: (
        ("foto_tangkapan", False),  # a photo of the problem helps, but an idea needs no paperwork
    ),
    Stage.PROTOTYPING: (
        ("sk_tim", True),
        ("perencanaan", True),
        ("foto_tangkapan", False),
        ("kerja_sama", False),
    ),
    Stage.PILOTING: (
        ("sk_inovasi", True),
        ("foto_tangkapan", True),
        ("sop", True),
        ("laporan_monev", True),
        ("pelatihan", False),
        ("publikasi", False),
        ("pengaduan", False),
    ),
    Stage.SCALING: (
        ("sk_inovasi", True),
        ("anggaran", True),
        ("survei_kepuasan", True),
        ("video", True),
        ("laporan_monev", True),
        ("publikasi", False),
        ("kerja_sama", False),
        ("pengaduan", False),
    ),
}


def ensure_reference_data() -> dict[str, int]:
    """Create the default rubric and checklist of every stage that has none yet; flushes, never commits.

    A stage that already has a rubric or a checklist keeps it untouched, so coordinators' edits survive.
    Returns how many rubrics and checklist lines were created.
    """
    rubric_stages = set(db.session.scalars(select(Rubric.stage).distinct()))
    checklist_stages = set(db.session.scalars(select(EvidenceRequirement.stage).distinct()))
    created = {"rubrics": 0, "evidence_requirements": 0}
    for stage in STAGE_ORDER:
        if stage not in rubric_stages:
            db.session.add(_default_rubric(stage))
            created["rubrics"] += 1
        if stage not in checklist_stages:
            for position, (kind, required) in enumerate(DEFAULT_CHECKLISTS[stage]):
                db.session.add(EvidenceRequirement(stage=stage, kind=kind, required=required, position=position))
                created["evidence_requirements"] += 1
    ensure_indicator_set()  # the readiness (IID) indicator table: innolab.readiness
    db.session.flush()
    return created


def _default_rubric(stage: Stage) -> Rubric:
    return Rubric(
        stage=stage,
        version=1,
        is_current=True,
        criteria=[
            Criterion(
                position=position,
                name=spec.name,
                description=spec.description,
                weight=spec.weight,
                scale=len(spec.levels),
                level_descriptors=list(spec.levels),
            )
            for position, spec in enumerate(DEFAULT_RUBRIC)
        ],
    )
