"""Evidence (bukti dukung) of the demo innovations: mostly links, and a few small real PDF files.

Evidence is tagged with the stage whose checklist it satisfies; the gate into a stage needs that stage's
required kinds (pipeline.transitions.check_gate), so every stage an innovation reached has them all.
"""
from __future__ import annotations

import random
import unicodedata
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select

from innolab.demo.innovations import Plan
from innolab.demo.timeline import END
from innolab.evidence.storage import store_bytes
from innolab.extensions import db
from innolab.models import Evidence, EvidenceRequirement
from innolab.pipeline.stages import STAGE_ORDER, Stage, Status

TITLES = {
    "sk_inovasi": "Keputusan tentang penerapan {name}",
    "sk_tim": "SK Tim Inovasi {name}",
    "anggaran": "DPA {place} yang memuat kegiatan {name}",
    "foto_tangkapan": "Dokumentasi kegiatan {name}",
    "pelatihan": "Daftar hadir dan materi bimtek {name}",
    "perencanaan": "Renja {place} yang memuat {name}",
    "kerja_sama": "Perjanjian kerja sama mitra {name}",
    "publikasi": "Liputan media tentang {name}",
    "sop": "SOP layanan {name}",
    "pengaduan": "Rekap penanganan pengaduan {name}",
    "survei_kepuasan": "Hasil survei kepuasan masyarakat layanan {name}",
    "laporan_monev": "Laporan monitoring dan evaluasi {name}",
    "video": "Video profil {name}",
}
FILE_KINDS = ("sk_tim", "sk_inovasi", "sop")
MAX_FILES = 12
# Of the next stage's checklist, how much a proposal waiting at its gate has already gathered.
PREPARED = {Status.IN_REVIEW: 0.8, Status.ON_HOLD: 0.7, Status.SUBMITTED: 0.6, Status.REVISION_REQUESTED: 0.5}


def create_evidence(rng: random.Random, plans: list[Plan]) -> int:
    """Add evidence rows; returns how many small files were written to the upload folder."""
    checklist: dict[Stage, list[EvidenceRequirement]] = defaultdict(list)
    for line in db.session.scalars(select(EvidenceRequirement).order_by(EvidenceRequirement.position)):
        checklist[line.stage].append(line)
    files = 0
    for plan in plans:
        reached = STAGE_ORDER.index(plan.stage)
        for index, stage in enumerate(STAGE_ORDER):
            if index <= reached:
                share = 0.4 if stage is Stage.IDEATION else 1.0
            elif index == reached + 1:
                share = PREPARED.get(plan.status, 0.0)
            else:
                break
            for line in checklist[stage]:
                wanted = share if line.required else share * 0.5
                if rng.random() >= wanted:
                    continue
                as_file = line.kind in FILE_KINDS and files < MAX_FILES and rng.random() < 0.1
                db.session.add(_evidence(rng, plan, stage, line.kind, as_file))
                files += as_file
    db.session.flush()
    return files


def _evidence(rng: random.Random, plan: Plan, stage: Stage, kind: str, as_file: bool) -> Evidence:
    innovation = plan.innovation
    name = plan.theme.name
    title = TITLES.get(kind, "Bukti dukung {name}").format(name=name, place=innovation.unit.name)
    uploader = rng.choice([plan.owner, *(user for user, _ in plan.members)])
    evidence = Evidence(innovation=innovation, stage=stage, kind=kind, title=title[:200],
                        uploaded_by_id=uploader.id, created_at=_uploaded_at(rng, plan, stage))
    if as_file:
        content = tiny_pdf([f"DATA DEMO InnoLab - {title}", innovation.title, innovation.unit.name,
                            "Dokumen contoh untuk uji coba aplikasi; bukan dokumen resmi."])
        stored = store_bytes(content)  # the same layout and checks as a real upload
        evidence.stored_name, evidence.sha256, evidence.size = stored.stored_name, stored.sha256, stored.size
        evidence.original_name = f"{kind}-{innovation.slug[:80]}.pdf"
        evidence.mime = stored.filetype.mime
    else:
        slug, year = innovation.slug, evidence.created_at.year
        evidence.link_url = {
            "video": f"https://video.example/watch/{slug}",
            "publikasi": f"https://berita.example/{year}/{slug}",
            "foto_tangkapan": f"https://foto.example/album/{slug}-{stage}",
        }.get(kind, f"https://dokumen.example/{kind}/{slug}-{stage}.pdf")
    return evidence


def _uploaded_at(rng: random.Random, plan: Plan, stage: Stage):
    """While the innovation worked toward the gate into `stage` (or right after its first draft)."""
    steps = plan.history.steps
    if stage is Stage.IDEATION:
        start = steps[0].at
        end = steps[1].at if len(steps) > 1 else min(END, start + timedelta(days=30))
    else:
        start = plan.entered(STAGE_ORDER[STAGE_ORDER.index(stage) - 1])
        end = plan.entered(stage) or END
    return start + (end - start) * rng.uniform(0.2, 0.95)


def tiny_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF showing `lines` in Helvetica."""
    def clean(text: str) -> str:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = ("BT /F1 12 Tf 16 TL 56 780 Td " + " ".join(f"({clean(line)}) '" for line in lines) + " ET").encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out
