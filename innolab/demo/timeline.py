"""Stage histories that follow the pipeline's rule book, stamped onto 2023–2026.

Every step is made through pipeline.transitions.target_of, so the demo history is one the application itself
could have written.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from innolab.pipeline.stages import Stage, Status
from innolab.pipeline.transitions import GATE_DECISIONS, INNOVATOR_MOVES, Move, allowed_moves, target_of

START = datetime(2023, 1, 9, tzinfo=UTC)
END = datetime(2026, 10, 30, tzinfo=UTC)

STAGE_NAMES = {Stage.IDEATION: "Ide", Stage.PROTOTYPING: "Rancang Bangun", Stage.PILOTING: "Uji Coba",
               Stage.SCALING: "Penerapan & Replikasi"}
# Where an innovation still waits for someone; these are stamped close to the end of the demo period.
WAITING = frozenset({Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.IN_PROGRESS,
                     Status.REVISION_REQUESTED})

REASONS = {
    Move.RETURN: ["Berkas belum lengkap: SK tim belum diunggah.",
                  "Ringkasan belum menyebut penerima manfaat dan melebihi 200 kata.",
                  "Usulan belum dilampiri persetujuan kepala perangkat daerah."],
    Move.START_REVIEW: ["Lolos seleksi administrasi; dua penilai ditugaskan.",
                        "Berkas lengkap; diteruskan ke tim penilai."],
    Move.ADVANCE: ["Dinilai layak oleh tim penilai; lanjut ke tahap {next}.",
                   "Memenuhi ambang nilai; ditetapkan masuk tahap {next}.",
                   "Rapat tim penilai menyetujui; lanjut ke tahap {next}."],
    Move.REQUEST_REVISION: ["Data kondisi sebelum inovasi belum bersumber; mohon dilengkapi.",
                            "Rincian anggaran per kegiatan belum ada.",
                            "Indikator keberhasilan perlu dibuat terukur.",
                            "Strategi keberlanjutan belum menyebut dasar hukum dan anggaran rutin.",
                            "Perlu penjelasan perbedaan dengan inovasi serupa yang sudah berjalan."],
    Move.HOLD: ["Ditunda menunggu kepastian anggaran tahun berjalan.",
                "Ditunda sampai koordinasi dengan OPD pengampu urusan selesai.",
                "Ditunda menunggu integrasi dengan sistem nasional."],
    Move.RESUME: ["Anggaran sudah dipastikan; penilaian dilanjutkan.", "Koordinasi selesai; penilaian dibuka kembali."],
    Move.REJECT: ["Tumpang tindih dengan inovasi yang sudah berjalan; disarankan mereplikasi inovasi tersebut.",
                  "Sebagian besar kegiatan di luar kewenangan pemerintah kota.",
                  "Manfaat bagi masyarakat belum dapat ditunjukkan.",
                  "Nilai rata-rata di bawah ambang kelulusan."],
    Move.WITHDRAW: ["Ditarik karena ketua tim pindah tugas.", "Ditarik untuk digabung dengan inovasi unit lain.",
                    "Ditarik; usulan akan disusun ulang tahun depan."],
    Move.MARK_STOPPED: ["Dihentikan karena layanan digantikan aplikasi nasional.",
                        "Dihentikan karena anggaran tidak lagi tersedia.",
                        "Dihentikan; layanan digabung ke Mal Pelayanan Publik."],
}


@dataclass
class Step:
    move: Move | None  # None: the draft was created
    from_stage: Stage | None
    from_status: Status | None
    stage: Stage
    status: Status
    by_owner: bool
    reason: str
    days: float  # since the previous step
    at: datetime | None = None


@dataclass
class Gate:
    """One review round: opened by a step, closed by a later decision (or still open)."""

    stage: Stage
    number: int
    opened: int  # index of the opening step
    closed: int | None = None
    outcome: Move | None = None


@dataclass
class History:
    rng: random.Random
    steps: list[Step] = field(default_factory=list)
    gates: list[Gate] = field(default_factory=list)

    def __post_init__(self):
        self.steps.append(Step(None, None, None, Stage.IDEATION, Status.DRAFT, True, "Draf dibuat.", 0))

    @property
    def here(self) -> tuple[Stage, Status]:
        return self.steps[-1].stage, self.steps[-1].status

    def do(self, *moves: Move) -> None:
        for move in moves:
            stage, status = self.here
            target = target_of(stage, status, move)
            self.steps.append(Step(move, stage, status, target.stage, target.status, move in INNOVATOR_MOVES,
                                   self._reason(move, stage, status), self._days(move, stage, status)))
            index = len(self.steps) - 1
            if move in (Move.START_REVIEW, Move.RESUME):
                number = sum(1 for g in self.gates if g.stage is stage) + 1
                self.gates.append(Gate(stage, number, index))
            elif move in GATE_DECISIONS and status is Status.IN_REVIEW:
                self.gates[-1].closed, self.gates[-1].outcome = index, move

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def _reason(self, move: Move, stage: Stage, status: Status) -> str:
        if move is Move.SUBMIT:
            if status is Status.REVISION_REQUESTED:
                return self.rng.choice(["Perbaikan sesuai catatan penilai sudah diunggah.",
                                        "Data sebelum–sesudah dan rincian anggaran sudah dilengkapi.",
                                        "Revisi diajukan kembali."])
            if stage is Stage.IDEATION:
                return self.rng.choice(["Usulan ide diajukan.", "Ide inovasi diajukan untuk seleksi administrasi."])
            return f"Usulan tahap {STAGE_NAMES[stage]} diajukan beserta bukti dukung."
        if move is Move.MARK_ACTIVE:
            if status is Status.STOPPED:
                return "Dijalankan kembali setelah anggaran tersedia."
            return self.rng.choice(["Ditetapkan berlanjut; inovasi masuk katalog replikasi.",
                                    "Penerapan berjalan penuh dan dianggarkan rutin."])
        reason = self.rng.choice(REASONS[move])
        return reason.format(next=STAGE_NAMES[stage.next]) if stage.next else reason

    def _days(self, move: Move, stage: Stage, status: Status) -> float:
        low, high = 2, 10
        if move is Move.SUBMIT:
            low, high = {Status.DRAFT: (10, 60), Status.REVISION_REQUESTED: (10, 35)}.get(
                status, (90, 200) if stage is Stage.PILOTING else (60, 150))
        elif move in GATE_DECISIONS:
            low, high = (14, 40) if status is Status.IN_REVIEW else (30, 90)
        elif move is Move.RESUME:
            low, high = 30, 90
        elif move is Move.WITHDRAW:
            low, high = 7, 60
        elif move is Move.MARK_ACTIVE:
            low, high = (30, 120) if status is Status.IN_PROGRESS else (60, 200)
        elif move is Move.MARK_STOPPED:
            low, high = 120, 400
        return self.rng.uniform(low, high)


def _pass_gate(h: History) -> None:
    h.do(Move.SUBMIT)
    if h.chance(0.1):
        h.do(Move.RETURN, Move.SUBMIT)
    h.do(Move.START_REVIEW)
    if h.chance(0.22):
        h.do(Move.REQUEST_REVISION, Move.SUBMIT, Move.START_REVIEW)
    if h.chance(0.06):
        h.do(Move.HOLD, Move.RESUME)
    h.do(Move.ADVANCE)


def _finish(h: History, status: Status) -> None:
    S = Move
    if status is Status.SUBMITTED:
        h.do(*((S.SUBMIT, S.START_REVIEW, S.REQUEST_REVISION, S.SUBMIT) if h.chance(0.2) else (S.SUBMIT,)))
    elif status is Status.IN_REVIEW:
        h.do(S.SUBMIT)
        if h.chance(0.15):
            h.do(S.RETURN, S.SUBMIT)
        h.do(S.START_REVIEW)
        if h.chance(0.2):
            h.do(S.REQUEST_REVISION, S.SUBMIT, S.START_REVIEW)
    elif status is Status.REVISION_REQUESTED:
        h.do(*((S.SUBMIT, S.RETURN) if h.chance(0.25) else (S.SUBMIT, S.START_REVIEW, S.REQUEST_REVISION)))
    elif status is Status.ON_HOLD:
        h.do(S.SUBMIT, S.START_REVIEW, S.HOLD)
    elif status is Status.REJECTED:
        h.do(S.SUBMIT, S.START_REVIEW, *((S.HOLD, S.REJECT) if h.chance(0.2) else (S.REJECT,)))
    elif status is Status.WITHDRAWN:
        roll = h.rng.random()
        if roll >= 0.4:
            h.do(S.SUBMIT)
        if roll >= 0.7:
            h.do(S.START_REVIEW, S.REQUEST_REVISION)
        h.do(S.WITHDRAW)
    elif status is Status.ACTIVE:
        h.do(S.MARK_ACTIVE, *((S.MARK_STOPPED, S.MARK_ACTIVE) if h.chance(0.08) else ()))
    elif status is Status.STOPPED:
        h.do(*((S.MARK_ACTIVE, S.MARK_STOPPED) if h.chance(0.7) else (S.MARK_STOPPED,)))


def build_history(rng: random.Random, stage: Stage, status: Status) -> History:
    """A plausible history from the first draft to (stage, status), stamped within START..END."""
    h = History(rng)
    while h.here[0] is not stage:
        _pass_gate(h)
    _finish(h, status)
    if h.here != (stage, status):
        raise ValueError(f"no demo path to {stage}/{status}")
    _stamp(rng, h.steps, waiting=status in WAITING)
    return h


def _stamp(rng: random.Random, steps: list[Step], waiting: bool) -> None:
    span = (END - START).total_seconds() / 86400 - 5
    total = sum(step.days for step in steps)
    scale = min(1.0, span * 0.9 / total) if total else 1.0
    slack = span - total * scale
    offset = slack - rng.uniform(0, min(slack, 180)) if waiting else rng.uniform(0, slack)
    elapsed = offset
    for step in steps:
        elapsed += step.days * scale
        day = int(elapsed)
        # Office hours in Malang (08.00–17.00 WIB) are 01.00–10.00 UTC; the order of steps is kept.
        step.at = START + timedelta(days=day, hours=1 + 9 * (elapsed - day))


def reachable_statuses() -> dict[Stage, set[Status]]:
    """Every status an innovation can hold at each stage, as the rule book allows from a new draft."""
    seen = {(Stage.IDEATION, Status.DRAFT)}
    queue = list(seen)
    while queue:
        stage, status = queue.pop()
        for move in allowed_moves(stage, status):
            target = target_of(stage, status, move)
            if (target.stage, target.status) not in seen:
                seen.add((target.stage, target.status))
                queue.append((target.stage, target.status))
    result: dict[Stage, set[Status]] = {stage: set() for stage in Stage}
    for stage, status in seen:
        result[stage].add(status)
    return result
