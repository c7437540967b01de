"""The four stages of the lab and the statuses an innovation can hold within one."""
from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Stage(StrEnum):
    IDEATION = "ideation"
    PROTOTYPING = "prototyping"
    PILOTING = "piloting"
    SCALING = "scaling"

    @property
    def label(self):
        return STAGE_LABELS[self]

    @property
    def next(self) -> Stage | None:
        index = STAGE_ORDER.index(self)
        return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)

STAGE_LABELS = {
    Stage.IDEATION: _l("Ide"),
    Stage.PROTOTYPING: _l("Rancang Bangun"),
    Stage.PILOTING: _l("Uji Coba"),
    Stage.SCALING: _l("Penerapan & Replikasi"),
}

# What the national innovation index (IID) calls each stage.
NATIONAL_INDEX_STAGE = {
    Stage.IDEATION: "Inisiatif",
    Stage.PROTOTYPING: "Inisiatif",
    Stage.PILOTING: "Uji coba",
    Stage.SCALING: "Penerapan",
}


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    IN_PROGRESS = "in_progress"
    REVISION_REQUESTED = "revision_requested"
    ON_HOLD = "on_hold"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    ACTIVE = "active"
    STOPPED = "stopped"

    @property
    def label(self):
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.DRAFT: _l("Draf"),
    Status.SUBMITTED: _l("Diajukan"),
    Status.IN_REVIEW: _l("Dalam penilaian"),
    Status.IN_PROGRESS: _l("Sedang berjalan"),
    Status.REVISION_REQUESTED: _l("Perlu revisi"),
    Status.ON_HOLD: _l("Ditunda"),
    Status.REJECTED: _l("Ditolak"),
    Status.WITHDRAWN: _l("Ditarik"),
    Status.ACTIVE: _l("Berlanjut"),
    Status.STOPPED: _l("Berhenti"),
}


# Statuses in which the innovator's team may still change the text, the team and the evidence.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.IN_PROGRESS, Status.REVISION_REQUESTED})

# What the innovator's team is expected to do next, by status.
NEXT_STEP_FOR_TEAM = {
    Status.DRAFT: _l("Lengkapi isian lalu ajukan."),
    Status.SUBMITTED: _l("Menunggu seleksi administrasi oleh koordinator."),
    Status.IN_REVIEW: _l("Sedang dinilai tim penilai."),
    Status.IN_PROGRESS: _l("Jalankan tahap ini, lengkapi bukti dukung, lalu ajukan ke gerbang berikutnya."),
    Status.REVISION_REQUESTED: _l("Perbaiki sesuai catatan, lalu ajukan kembali."),
    Status.ON_HOLD: _l("Ditunda oleh koordinator; tunggu kabar selanjutnya."),
    Status.REJECTED: _l("Tidak ada langkah lanjutan."),
    Status.WITHDRAWN: _l("Tidak ada langkah lanjutan."),
    Status.ACTIVE: _l("Laporkan perkembangan dan dukung replikasi."),
    Status.STOPPED: _l("Tidak ada langkah lanjutan."),
}
