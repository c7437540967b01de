"""Conversation and uptake around the demo innovations: comments, replications and notifications."""
from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta

from innolab.demo.city import City
from innolab.demo.innovations import Plan
from innolab.demo.people import Cast
from innolab.demo.timeline import END, STAGE_NAMES
from innolab.extensions import db
from innolab.models import Comment, CommentVisibility, Notification, Replication
from innolab.pipeline.stages import Stage, Status
from innolab.pipeline.transitions import Move
from innolab.vocab import ReplicationStatus, Role, UnitKind

RS = ReplicationStatus
COORDINATOR_SAYS = ["Terima kasih, usulan sudah kami terima. Mohon pastikan data kondisi sebelum inovasi disertai "
                    "sumbernya.",
                    "Mohon unggah SK tim terbaru karena ada pergantian anggota.",
                    "Verifikasi lapangan kami jadwalkan minggu depan; mohon siapkan lokasi percontohan.",
                    "Mohon lampirkan foto sebelum dan sesudah inovasi berjalan.",
                    "Rincian anggaran per kegiatan belum terbaca; mohon unggah ulang dalam format PDF."]
OWNER_SAYS = ["Baik, data sudah kami lengkapi di bagian latar belakang beserta sumbernya.",
              "SK tim terbaru sudah kami unggah di bukti dukung.",
              "Siap, tim kami akan mendampingi saat verifikasi lapangan.",
              "Foto kegiatan di lokasi percontohan sudah kami tambahkan.",
              "Terima kasih atas masukannya; bagian keberlanjutan sudah kami perbarui."]
REVIEWER_INTERNAL = ["Angka sebelum–sesudah cukup meyakinkan, tetapi jumlah responden survei masih kecil.",
                     "Mirip dengan inovasi di unit lain; perlu dicek apakah lebih tepat direplikasi.",
                     "Biaya per penerima manfaat tergolong rendah; layak didorong.",
                     "Dasar hukum keberlanjutan belum ada, jadi saya beri nilai sedang."]
REVIEWER_TO_TEAM = ["Mohon jelaskan siapa yang mengelola layanan ini bila tim inti dirotasi.",
                    "Tambahkan foto kegiatan di lokasi percontohan.",
                    "Sebutkan sumber data kondisi sebelum inovasi.",
                    "Jelaskan bagaimana warga tanpa ponsel tetap terlayani.",
                    "Mohon uraikan biaya per penerima manfaat agar mudah dibandingkan."]
PLANS = ["Menerapkan {name} di {place} mulai dari dua RW percontohan, dengan pendampingan tim asal.",
         "Mengadopsi SOP dan formulir {name}; aplikasi memakai server Diskominfo yang sama.",
         "Menyesuaikan jadwal layanan {name} dengan kondisi wilayah dan melatih kader setempat."]
NOTES = {RS.INTERESTED: "Sudah berkoordinasi awal dengan tim {source}.",
         RS.PLANNING: "Menunggu SK penugasan tim dan alokasi anggaran perubahan.",
         RS.IMPLEMENTING: "Uji coba berjalan; kendala utama ada pada pendataan awal.",
         RS.EVALUATED: "Evaluasi triwulan menunjukkan hasil yang sebanding dengan unit asal.",
         RS.STOPPED: "Dihentikan karena prioritas anggaran bergeser."}
NOTIFY_LIMIT = 25


def _at(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return min(start + (max(end, start) - start) * rng.uniform(0.05, 0.95), END)


def create_comments(rng: random.Random, plans: list[Plan]) -> list[Comment]:
    comments = []
    for plan in plans:
        if not plan.rounds or rng.random() > 0.55:
            continue
        gate, round_, pairs = plan.rounds[-1]
        start, end = round_.opened_at, round_.closed_at or END
        reviewers = [a.reviewer for a, _ in pairs]
        said = sorted(_at(rng, start, end) for _ in range(4))
        comments += [
            Comment(innovation_id=plan.innovation.id, author=plan.coordinator, body=rng.choice(COORDINATOR_SAYS),
                    visibility=CommentVisibility.PARTICIPANTS, released=True, created_at=said[0]),
            Comment(innovation_id=plan.innovation.id, author=plan.owner, body=rng.choice(OWNER_SAYS),
                    visibility=CommentVisibility.PARTICIPANTS, released=True, created_at=said[1]),
            Comment(innovation_id=plan.innovation.id, author=rng.choice(reviewers), body=rng.choice(REVIEWER_INTERNAL),
                    visibility=CommentVisibility.INTERNAL, released=False, created_at=said[2]),
        ]
        if rng.random() < 0.6:
            # A reviewer's remark reaches the team once the coordinator releases it; open rounds may still hold some.
            released = round_.closed_at is not None or rng.random() < 0.4
            comments.append(Comment(innovation_id=plan.innovation.id, author=rng.choice(reviewers),
                                    body=rng.choice(REVIEWER_TO_TEAM), visibility=CommentVisibility.PARTICIPANTS,
                                    released=released, created_at=said[3]))
    db.session.add_all(comments)
    return comments


def _status_for(plan: Plan) -> RS:
    if plan.status in (Status.REJECTED, Status.WITHDRAWN, Status.STOPPED):
        return RS.STOPPED
    return {Stage.IDEATION: RS.PLANNING, Stage.PROTOTYPING: RS.PLANNING, Stage.PILOTING: RS.IMPLEMENTING}.get(
        plan.stage, RS.EVALUATED)


def create_replications(rng: random.Random, plans: list[Plan], city: City, cast: Cast) -> list[Replication]:
    sources = [p for p in plans if p.innovation.published and p.innovation.replicable]
    by_theme = defaultdict(list)
    for plan in plans:
        by_theme[plan.theme.name].append(plan)
    done: set[tuple[int, int]] = set()
    replications = []

    def add(source: Plan, unit, status: RS, when: datetime, registered_by, derived: Plan | None = None):
        done.add((id(source), unit.id))
        started = None if status is RS.INTERESTED else min((when + timedelta(days=rng.randint(10, 60))).date(),
                                                          END.date())
        contact = f"{registered_by.name} ({registered_by.email})" if registered_by else f"Sekretariat {unit.name}"
        replications.append(Replication(
            source=source.innovation, adopting_unit=unit, registered_by=registered_by, contact=contact,
            plan=rng.choice(PLANS).format(name=source.theme.name, place=unit.name), status=status,
            started_on=started, notes=NOTES[status].format(source=source.innovation.unit.name),
            derived=derived.innovation if derived else None, created_at=when,
            updated_at=min(when + timedelta(days=rng.randint(0, 120)), END),
        ))

    # Many later takes of a theme in other units replicate its first published, replicable innovation.
    first_source: dict[str, Plan] = {}
    for plan in sorted(sources, key=lambda p: p.entered(Stage.PILOTING)):
        first_source.setdefault(plan.theme.name, plan)
    for name, source in first_source.items():
        published_at = source.entered(Stage.PILOTING)
        for other in by_theme[name]:
            unit = other.innovation.unit
            when = other.history.steps[0].at
            if (unit is not source.innovation.unit and when > published_at and (id(source), unit.id) not in done
                    and rng.random() < 0.7):
                add(source, unit, _status_for(other), when, other.owner, derived=other)
    # Heads of units register interest in what they found in the catalogue, through every status.
    lurah = cast.demo[Role.VIEWER]
    statuses = list(RS)
    adopters = city.keys(UnitKind.KELURAHAN, UnitKind.KECAMATAN, UnitKind.PUSKESMAS, UnitKind.OPD)
    for n in range(60):
        source = rng.choice(sources)
        unit = lurah.unit if n < 4 else city[rng.choice(adopters)]
        if unit is source.innovation.unit or (id(source), unit.id) in done:
            continue
        heads = cast.in_unit(unit, Role.VIEWER) or cast.in_unit(unit, Role.INNOVATOR)
        registered_by = lurah if n < 4 else (rng.choice(heads) if heads else None)
        start = source.entered(Stage.PILOTING) + timedelta(days=20)
        add(source, unit, statuses[n % len(statuses)], _at(rng, start, END), registered_by)
    db.session.add_all(replications)
    return replications


DECISIONS = {Move.ADVANCE: "lanjut ke tahap {next}", Move.REQUEST_REVISION: "perlu revisi", Move.HOLD: "ditunda",
             Move.REJECT: "ditolak", Move.MARK_ACTIVE: "berlanjut", Move.MARK_STOPPED: "berhenti"}


def create_notifications(rng: random.Random, plans: list[Plan], cast: Cast, comments: list[Comment]) -> None:
    """Recent notifications for the demo logins, in the kinds of innolab.notifications; older ones are read."""
    inbox: dict[int, list[tuple[datetime, str, Plan, dict]]] = defaultdict(list)
    innovator, coordinator, reviewer = (cast.demo[role] for role in (Role.INNOVATOR, Role.COORDINATOR, Role.REVIEWER))
    for plan in plans:
        title = plan.innovation.title
        team = {plan.owner.id, *(u.id for u, _ in plan.members)}
        for step in plan.history.steps[1:]:
            if innovator.id in team and step.move in DECISIONS:
                decision = DECISIONS[step.move].format(next=STAGE_NAMES[step.stage])
                inbox[innovator.id].append((step.at, "decision.made", plan, {"title": title, "decision": decision}))
            elif innovator.id in team and step.move is Move.RETURN:
                inbox[innovator.id].append((step.at, "proposal.returned", plan, {"title": title}))
            if plan.coordinator is coordinator and step.move is Move.SUBMIT:
                inbox[coordinator.id].append((step.at, "proposal.submitted", plan, {"title": title}))
        for _gate, _round, pairs in plan.rounds:
            for assignment, review in pairs:
                if assignment.reviewer is reviewer:
                    inbox[reviewer.id].append((assignment.created_at, "review.assigned", plan,
                                               {"title": title, "due": assignment.due_on.isoformat()}))
                if plan.coordinator is coordinator and review is not None and review.submitted_at:
                    inbox[coordinator.id].append((review.submitted_at, "review.submitted", plan, {"title": title}))
                if plan.coordinator is coordinator and assignment.decline_reason:
                    inbox[coordinator.id].append((assignment.created_at + timedelta(days=2), "review.declined", plan,
                                                  {"title": title}))
    by_id = {p.innovation.id: p for p in plans}
    for comment in comments:
        plan = by_id[comment.innovation_id]
        if (innovator.id in {plan.owner.id, *(u.id for u, _ in plan.members)} and comment.author is not innovator
                and comment.released and comment.visibility is CommentVisibility.PARTICIPANTS):
            by_reviewer = comment.author not in (plan.coordinator, plan.owner)
            kind = "comment.released" if by_reviewer else "comment.posted"
            inbox[innovator.id].append((comment.created_at, kind, plan, {"title": plan.innovation.title}))
    for user_id, items in inbox.items():
        latest = sorted(items, key=lambda item: item[0])[-NOTIFY_LIMIT:]
        for n, (when, kind, plan, payload) in enumerate(latest):
            # The newest few wait unread, so every demo login opens on something new.
            read = n < len(latest) - 3 and (when < END - timedelta(days=21) or rng.random() < 0.5)
            db.session.add(Notification(
                user_id=user_id, kind=kind, innovation_id=plan.innovation.id, payload=payload,
                read_at=min(when + timedelta(hours=rng.uniform(1, 72)), END) if read else None,
                created_at=min(when, END),
            ))
