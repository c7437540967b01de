"""Review rounds of the demo innovations: two reviewers from other units score on the stage's current rubric."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from innolab.demo.innovations import Plan
from innolab.demo.people import Cast
from innolab.demo.timeline import END, Gate
from innolab.extensions import db
from innolab.models import Assignment, AssignmentStatus, Recommendation, Review, ReviewRound, Rubric, Score, User
from innolab.pipeline.stages import Stage
from innolab.pipeline.transitions import Move
from innolab.vocab import Role

R = Recommendation
OUTCOMES = {Move.ADVANCE: R.ADVANCE, Move.REQUEST_REVISION: R.REVISE, Move.HOLD: R.HOLD, Move.REJECT: R.REJECT}
# How far a reviewer's scores sit from the proposal's quality given what they recommend.
LEANING = {R.ADVANCE: 0.5, R.REVISE: -0.3, R.HOLD: -0.4, R.REJECT: -1.3}
# The other view a dissenting reviewer takes.
DISSENT = {R.ADVANCE: R.REVISE, R.REVISE: R.ADVANCE, R.HOLD: R.ADVANCE, R.REJECT: R.REVISE}
OVERALL = {
    R.ADVANCE: ["Usulan matang dan datanya meyakinkan; layak lanjut ke tahap berikutnya.",
                "Manfaat jelas dan biaya wajar. Saya rekomendasikan lanjut.",
                "Sudah siap; catatan kecil dapat diperbaiki sambil berjalan."],
    R.REVISE: ["Gagasan baik, tetapi data sebelum–sesudah belum bersumber jelas.",
               "Perlu rincian anggaran dan pembagian peran tim sebelum diputuskan.",
               "Indikator keberhasilan masih umum; mohon dibuat terukur."],
    R.HOLD: ["Sebaiknya menunggu kepastian anggaran dan dukungan OPD pengampu.",
             "Perlu koordinasi dengan inovasi serupa di unit lain sebelum dilanjutkan."],
    R.REJECT: ["Manfaat belum terlihat dan sebagian kegiatan di luar kewenangan unit.",
               "Sangat mirip inovasi yang sudah berjalan; lebih tepat mereplikasi."],
}
NOTES = {
    "low": ["Belum ada data pendukung.", "Uraian masih sangat umum.", "Perlu dilengkapi bukti dukung."],
    "mid": ["Cukup, tetapi sumber data perlu disebutkan.", "Sebagian sudah jelas; perlu rincian.",
            "Perlu diperkuat dengan contoh lapangan."],
    "high": ["Data sebelum–sesudah meyakinkan.", "Uraian jelas dan terukur.", "Sangat baik, layak dicontoh."],
}
DECLINES = ["Saya terlibat sebagai narasumber dalam penyusunan usulan ini.",
            "Sedang tugas luar kota hingga akhir bulan."]


def current_rubrics() -> dict[Stage, Rubric]:
    return {r.stage: r for r in db.session.scalars(select(Rubric).where(Rubric.is_current.is_(True)))}


def create_reviews(rng: random.Random, plans: list[Plan], cast: Cast) -> None:
    """A ReviewRound per gate each innovation went through (or waits in), with its assignments and reviews."""
    rubrics = current_rubrics()
    reviewers = cast.by_role[Role.REVIEWER]
    for plan in plans:
        quality = rng.uniform(2.8, 4.4)
        for gate in plan.history.gates:
            plan.rounds.append(_round(rng, plan, gate, quality, rubrics[gate.stage], reviewers, cast))
    db.session.flush()


def _eligible(plan: Plan, reviewers: list[User]) -> list[User]:
    """Reviewers outside the innovation's unit (and the OPD above it) who are not on its team."""
    unit = plan.innovation.unit
    team = {plan.owner.id, *(user.id for user, _ in plan.members)}
    return [r for r in reviewers if r.unit_id not in (unit.id, unit.parent_id) and r.id not in team]


def _round(rng, plan: Plan, gate: Gate, quality: float, rubric: Rubric, reviewers, cast: Cast):
    steps = plan.history.steps
    opened = steps[gate.opened].at
    closed = steps[gate.closed].at if gate.closed is not None else None
    round_ = ReviewRound(innovation=plan.innovation, stage=gate.stage, number=gate.number, blind=False,
                         opened_at=opened, closed_at=closed)
    db.session.add(round_)
    eligible = _eligible(plan, reviewers)
    demo = cast.demo[Role.REVIEWER]
    wants_demo = rng.random() < (0.2 if closed else 0.5) or (closed is None and plan.owner is cast.demo[Role.INNOVATOR])
    first = demo if wants_demo and demo in eligible else rng.choice(eligible)
    second = rng.choice([r for r in eligible if r is not first])
    due = (opened + timedelta(days=14)).date()
    assigned = opened + timedelta(hours=rng.uniform(1, 30))

    def assign(reviewer, status=AssignmentStatus.PENDING, reason=""):
        a = Assignment(round=round_, reviewer=reviewer, assigned_by_id=plan.coordinator.id, due_on=due,
                       status=status, decline_reason=reason, created_at=min(assigned, END))
        db.session.add(a)
        return a

    def review(a, recommendation, partial=False):
        when = _between(rng, opened, closed or END)
        lean = LEANING[recommendation]
        criteria = rubric.criteria[: rng.randint(2, 5)] if partial else rubric.criteria
        scores = []
        for c in criteria:
            value = max(1, min(c.scale, round(quality + lean + rng.gauss(0, 0.55))))
            band = "low" if value <= 2 else "mid" if value == 3 else "high"
            scores.append(Score(criterion=c, value=value, note=rng.choice(NOTES[band]) if rng.random() < 0.25 else ""))
        r = Review(assignment=a, rubric=rubric, recommendation=None if partial else recommendation,
                   overall_note="" if partial else rng.choice(OVERALL[recommendation]),
                   submitted_at=None if partial else when, updated_at=when, scores=scores)
        if not partial:
            a.status = AssignmentStatus.SUBMITTED
        db.session.add(r)
        return r

    pairs = []
    if closed is not None:
        verdict = OUTCOMES[gate.outcome]
        dissent = rng.random() < 0.18
        for n, reviewer in enumerate((first, second)):
            a = assign(reviewer)
            pairs.append((a, review(a, DISSENT[verdict] if dissent and n == 1 else verdict)))
        return gate, round_, pairs

    leaning = R.ADVANCE if quality >= 3.6 else R.REVISE if quality >= 3.0 else rng.choice([R.HOLD, R.REJECT])
    roll = rng.random()
    # The demo reviewer's own assignment stays open where the round has one, so the queue has work in it.
    pending, other = (first, second) if first is demo else (second, first)
    if roll < 0.35:
        for reviewer in (pending, other):
            a = assign(reviewer)
            pairs.append((a, review(a, leaning, partial=True) if rng.random() < 0.4 else None))
    elif roll < 0.88:
        a = assign(other)
        pairs.append((a, review(a, leaning)))
        a = assign(pending)
        pairs.append((a, review(a, DISSENT[leaning] if rng.random() < 0.2 else leaning) if roll >= 0.7 else None))
    else:
        a = assign(other)
        pairs.append((a, review(a, leaning)))
        pairs.append((assign(pending, AssignmentStatus.DECLINED, rng.choice(DECLINES)), None))
        spare = [r for r in eligible if r not in (first, second)]
        if spare:
            pairs.append((assign(rng.choice(spare)), None))
    return gate, round_, pairs


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment after `start` and before `end`, leaning to the first three weeks."""
    low = start + timedelta(hours=2)
    high = max(low + timedelta(minutes=30), min(end - timedelta(hours=1), start + timedelta(days=21)))
    return min(low + (high - low) * rng.random(), END)
