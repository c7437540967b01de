"""SQL queries per page do not grow with the rows a list shows (no N+1), on every list page.

Each page is requested with a few rows of what it lists and again with many more; the number of SQL statements
the request runs must not grow, and stays under an absolute cap. Every GET route must be classified below: a list
page is measured, anything else is named in NOT_LISTS with the reason, so a new list cannot slip past.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask import url_for
from sqlalchemy import event, select

from innolab.audit import record
from innolab.auth.passwords import hash_password
from innolab.extensions import db
from innolab.models import (
    Answer,
    Assessment,
    Assignment,
    AssignmentStatus,
    Comment,
    CommentVisibility,
    Criterion,
    Evidence,
    EvidenceRequirement,
    Indicator,
    IndicatorSet,
    InnovationMember,
    Notification,
    Recommendation,
    Replication,
    Review,
    ReviewRound,
    Rubric,
    Score,
    StageEvent,
    User,
)
from innolab.models.types import utcnow
from innolab.pipeline.defaults import ensure_reference_data
from innolab.pipeline.stages import Stage, Status
from innolab.policy import can, replicable_ids
from innolab.proposals import services as proposals
from innolab.review.rubrics import current_rubric
from innolab.vocab import EVIDENCE_KINDS, ReplicationStatus, Role, UnitKind
from tests.conftest import TEST_PASSWORD

SMALL, LARGE = 3, 25

COMPLETE = {
    "summary": "Warga mengurus layanan dari rumah tanpa antre.", "background": "Antrean pagi mengular.",
    "goals": "Waktu tunggu turun.", "novelty": "Notifikasi WhatsApp.", "beneficiaries": "Warga kota",
    "innovation_type": "digital", "form": "pelayanan_publik", "affair": "kesehatan", "initiator": "asn",
    "implementation": "Aplikasi dan pelatihan petugas.", "resources": "APBD", "started_on": date(2025, 1, 6),
    "significance": "Menjangkau semua kelurahan.", "adaptability": "Dapat dipakai OPD lain.",
    "trial_on": date(2025, 3, 3),
}
_HASH = ""
AFFAIRS = ("kesehatan", "pendidikan", "perhubungan", "sosial", "kependudukan")


class Fixtures:
    """The conftest factories, and helpers that build what the lists show."""

    def __init__(self, make_user, make_unit):
        self.make_user = make_user
        self.make_unit = make_unit
        self.n = 0

    def person(self, *roles: Role, unit=None, name=None) -> User:
        """An account that never signs in here: built directly, sharing one real password hash (argon2 is slow)."""
        global _HASH
        _HASH = _HASH or hash_password(TEST_PASSWORD)
        self.n += 1
        user = User(email=f"pegawai{self.n}@kota-uji.go.id", name=name or f"Pegawai Uji {self.n}",
                    unit=unit or self.make_unit(), password_hash=_HASH, roles=roles)
        db.session.add(user)
        db.session.flush()
        return user

    def label(self, word: str) -> str:
        self.n += 1
        return f"{word} Hitung {self.n:03d}"

    def innovation(self, owner=None, *, stage=Stage.PILOTING, status=Status.IN_PROGRESS, published=False,
                   replicable=False, members: int = 1, unit=None, title=None):
        """A proposal of a new innovator (with team members) in a unit of its own, at `stage`/`status`."""
        title = title or self.label("Inovasi")
        if owner is None:
            kecamatan = self.make_unit(self.label("Kecamatan"), kind=UnitKind.KECAMATAN)
            unit = unit or self.make_unit(self.label("Kelurahan"), kind=UnitKind.KELURAHAN, parent=kecamatan)
            owner = self.person(Role.INNOVATOR, unit=unit, name=self.label("Pengusul"))
        innovation = proposals.create_draft(owner, COMPLETE | {"title": title,
                                                               "affair": AFFAIRS[self.n % len(AFFAIRS)]})
        for _ in range(members):
            member = self.person(Role.INNOVATOR, unit=owner.unit, name=self.label("Anggota"))
            innovation.members.append(InnovationMember(user_id=member.id, role_in_team="Anggota"))
        innovation.stage, innovation.status = stage, status
        innovation.published, innovation.replicable = published, replicable
        if status is not Status.DRAFT:
            db.session.add(StageEvent(innovation_id=innovation.id, actor_id=owner.id, from_stage=stage,
                                      from_status=Status.DRAFT, to_stage=stage, to_status=Status.SUBMITTED))
        db.session.flush()
        return innovation

    def reviewer(self, name=None):
        return self.person(Role.REVIEWER, name=name or self.label("Penilai"))

    def assignment(self, innovation, reviewer=None, *, review: str | None = None, blind=False, days=14):
        """An assignment in the innovation's open round; `review` None, "draft" or "submitted"."""
        round_ = db.session.scalar(select(ReviewRound).where(ReviewRound.innovation_id == innovation.id,
                                                             ReviewRound.closed_at.is_(None)))
        if round_ is None:
            round_ = ReviewRound(innovation=innovation, stage=innovation.stage, number=1, blind=blind)
        assignment = Assignment(round=round_, reviewer=reviewer or self.reviewer(),
                                due_on=date.today() + timedelta(days=days))
        db.session.add(assignment)
        if review is not None:
            rubric = current_rubric(innovation.stage)
            submitted = review == "submitted"
            db.session.add(Review(
                assignment=assignment, rubric=rubric, recommendation=Recommendation.ADVANCE,
                overall_note="Layak dilanjutkan.", submitted_at=utcnow() if submitted else None,
                scores=[Score(criterion_id=criterion.id, value=3 + n % 3, note="Cukup")
                        for n, criterion in enumerate(rubric.criteria)]))
            if submitted:
                assignment.status = AssignmentStatus.SUBMITTED
        db.session.flush()
        return assignment

    def replication(self, source, adopting_unit=None, status=ReplicationStatus.PLANNING):
        replication = Replication(source=source, adopting_unit=adopting_unit or self.make_unit(self.label("Unit")),
                                  contact="Lurah Uji", plan="Rencana replikasi", status=status)
        db.session.add(replication)
        db.session.flush()
        return replication

    def evidence(self, innovation, uploader=None):
        title = self.label("Bukti")
        db.session.add(Evidence(innovation_id=innovation.id, stage=innovation.stage, kind="video", title=title,
                                link_url="https://video.example/inovasi",
                                uploaded_by=uploader or self.person(Role.INNOVATOR)))
        return title


@dataclass
class World:
    """What one page lists: `grow(k)` adds k rows and returns their labels; `url()` is the page's address."""

    viewer: object  # the signed-in user, or None for a visitor
    grow: Callable[[int], list[str]]
    url: Callable[[], str]
    # How many rows the body shows, where the labels `grow` returns cannot tell (None: count the labels found).
    shown: Callable[[str], int] | None = None


@dataclass(frozen=True)
class ListPage:
    endpoint: str
    build: Callable[[Fixtures], World]
    cap: int  # absolute limit of statements per request
    # False for pages that show only figures about the rows (dashboards, checklists): nothing per row to look for.
    shows_rows: bool = True
    id: str = ""


# ---------------------------------------------------------------------------------------------------------------
# Worlds


def _coordinator(f: Fixtures):
    return f.make_user(Role.COORDINATOR, name="Koordinator Lab")


def _world(endpoint: str, viewer, grow, shown=None, **args) -> World:
    return World(viewer, grow, lambda: url_for(endpoint, **{k: v() if callable(v) else v for k, v in args.items()}),
                 shown)


def published(endpoint: str, *roles, **args):
    """Published, replicable innovations in units of their own, each replicated once and reviewed once."""

    def build(f: Fixtures) -> World:
        ensure_reference_data()
        viewer = f.make_user(*roles, name="Pembaca Katalog") if roles else None

        def grow(k):
            titles = []
            for _ in range(k):
                innovation = f.innovation(published=True, replicable=True)
                f.replication(innovation)
                f.assignment(innovation, review="submitted")
                titles.append(innovation.title)
            return titles

        return _world(endpoint, viewer, grow, **args)

    return build


def lab_desk(endpoint: str, **args):
    """Proposals waiting on the lab: submitted ones and ones in review with reviewers, some overdue."""

    def build(f: Fixtures) -> World:
        ensure_reference_data()
        viewer = _coordinator(f)

        def grow(k):
            titles = []
            for i in range(k):
                innovation = f.innovation(stage=Stage.IDEATION, status=(Status.SUBMITTED, Status.IN_REVIEW)[i % 2])
                if innovation.status is Status.IN_REVIEW:
                    f.assignment(innovation, review="submitted")
                    f.assignment(innovation, days=-3)
                titles.append(innovation.title)
            return titles

        return _world(endpoint, viewer, grow, **args)

    return build


def own_proposals(endpoint: str):
    def build(f: Fixtures) -> World:
        viewer = f.make_user(Role.INNOVATOR, name="Inovator Pemilik")

        def grow(k):
            statuses = (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.REVISION_REQUESTED)
            return [f.innovation(viewer, stage=Stage.IDEATION, status=statuses[i % 4]).title for i in range(k)]

        return _world(endpoint, viewer, grow)

    return build


def my_assignments(f: Fixtures) -> World:
    ensure_reference_data()
    viewer = f.make_user(Role.REVIEWER, name="Penilai Saya")

    def grow(k):
        titles = []
        for i in range(k):
            innovation = f.innovation(stage=Stage.IDEATION, status=Status.IN_REVIEW)
            f.assignment(innovation, viewer, review=(None, "draft", "submitted")[i % 3])
            titles.append(innovation.title)
        return titles

    return _world("review.mine", viewer, grow)


def one_innovation(endpoint: str, grow_on, *, viewer="coordinator", status=Status.IN_REVIEW,
                   stage=Stage.PILOTING, published=False, **args):
    """Many rows hanging off one innovation (its reviews, comments, evidence, team, history)."""

    def build(f: Fixtures) -> World:
        ensure_reference_data()
        coordinator = _coordinator(f)
        innovation = f.innovation(stage=stage, status=status, published=published, replicable=published)
        users = {"coordinator": coordinator, "owner": innovation.owner, "visitor": None}
        db.session.commit()
        return _world(endpoint, users[viewer], lambda k: grow_on(f, innovation, k),
                      innovation_id=innovation.id, **args)

    return build


def _reviews(f, innovation, k):
    names = []
    for _ in range(k):
        assignment = f.assignment(innovation, review="submitted")
        names.append(assignment.reviewer.name)
    return names


def _comments(f, innovation, k):
    bodies = []
    for i in range(k):
        body = f.label("Komentar")
        author = f.reviewer() if i % 2 else f.person(Role.COORDINATOR, name=f.label("Koordinator"))
        db.session.add(Comment(innovation_id=innovation.id, author=author, body=body,
                               visibility=(CommentVisibility.PARTICIPANTS, CommentVisibility.INTERNAL)[i % 2]))
        bodies.append(body)
    return bodies


def _evidence(f, innovation, k):
    return [f.evidence(innovation) for _ in range(k)]


def _members(f, innovation, k):
    names = []
    for _ in range(k):
        member = f.person(Role.INNOVATOR, unit=innovation.unit, name=f.label("Anggota"))
        innovation.members.append(InnovationMember(user_id=member.id, role_in_team="Pengelola data"))
        names.append(member.name)
    return names


def _history(f, innovation, k):
    """Team members, evidence, comments and stage events: everything the proposal page lists."""
    reasons = []
    for _ in range(k):
        reason = f.label("Alasan")
        actor = f.person(Role.COORDINATOR, name=f.label("Koordinator"))
        db.session.add(StageEvent(innovation_id=innovation.id, actor_id=actor.id, from_stage=innovation.stage,
                                  from_status=Status.SUBMITTED, to_stage=innovation.stage,
                                  to_status=Status.IN_REVIEW, reason=reason))
        reasons.append(reason)
    _members(f, innovation, k)
    _evidence(f, innovation, k)
    _comments(f, innovation, k)
    return reasons


def _candidates(f, innovation, k):
    names = []
    for i in range(k):
        reviewer = f.reviewer()
        names.append(reviewer.name)
        if i % 3 == 0:
            f.assignment(innovation, reviewer)
    return names


def _replications(f, innovation, k):
    return [f.replication(innovation).adopting_unit.name for _ in range(k)]


def notifications(f: Fixtures) -> World:
    viewer = f.make_user(Role.INNOVATOR, name="Penerima Notifikasi")

    def grow(k):
        titles = []
        for i in range(k):
            innovation = f.innovation(stage=Stage.IDEATION, status=Status.SUBMITTED)
            db.session.add(Notification(user_id=viewer.id, kind="comment.posted", innovation_id=innovation.id,
                                        payload={"title": innovation.title}, url="/",
                                        read_at=utcnow() if i % 2 else None))
            titles.append(innovation.title)
        return titles

    return _world("notifications.index", viewer, grow)


def users_list(f: Fixtures) -> World:
    viewer = f.make_user(Role.ADMIN, name="Admin Utama")

    def grow(k):
        return [f.person(Role.INNOVATOR, Role.REVIEWER, name=f.label("Pegawai")).name
                for _ in range(k)]

    return _world("admin.users", viewer, grow)


def units_list(f: Fixtures) -> World:
    viewer = f.make_user(Role.ADMIN, name="Admin Utama")
    kecamatan = f.make_unit(f.label("Kecamatan"), kind=UnitKind.KECAMATAN)

    def grow(k):
        names = []
        for _ in range(k):
            unit = f.make_unit(f.label("Kelurahan"), kind=UnitKind.KELURAHAN, parent=kecamatan)
            f.person(Role.INNOVATOR, unit=unit)
            names.append(unit.name)
        return names

    return _world("admin.units", viewer, grow)


def audit_log(f: Fixtures) -> World:
    viewer = f.make_user(Role.ADMIN, name="Admin Utama")

    def grow(k):
        names = []
        for _ in range(k):
            actor = f.person(Role.ADMIN, name=f.label("Admin"))
            target = f.make_unit(f.label("Unit"))
            record(actor, "unit.created", target, name=target.name)
            names.append(actor.name)
        return names

    return _world("admin.audit_log", viewer, grow)


def replications_lab(f: Fixtures) -> World:
    viewer = _coordinator(f)

    def grow(k):
        return [f.replication(f.innovation(published=True, replicable=True)).adopting_unit.name for _ in range(k)]

    return _world("replication.index", viewer, grow)


def unit_head(endpoint: str):
    """A camat: the kelurahan below run replications, and innovations of the kecamatan are replicated elsewhere."""

    def build(f: Fixtures) -> World:
        kecamatan = f.make_unit(f.label("Kecamatan"), kind=UnitKind.KECAMATAN)
        viewer = f.make_user(Role.VIEWER, unit=kecamatan, name="Camat Uji")
        own = f.innovation(published=True, replicable=True, unit=kecamatan,
                           owner=f.person(Role.INNOVATOR, unit=kecamatan))

        def grow(k):
            names = []
            for _ in range(k):
                kelurahan = f.make_unit(f.label("Kelurahan"), kind=UnitKind.KELURAHAN, parent=kecamatan)
                f.replication(f.innovation(published=True, replicable=True), adopting_unit=kelurahan)
                names.append(kelurahan.name)
                names.append(f.replication(own).adopting_unit.name)
            return names

        return _world(endpoint, viewer, grow)

    return build


def lab_figures(endpoint: str, **args):
    """Innovations in every stage across units and kecamatan, reviewed, overdue and replicated: the figures."""

    def build(f: Fixtures) -> World:
        ensure_reference_data()
        viewer = _coordinator(f)
        stages = (Stage.SCALING, Stage.PILOTING, Stage.PROTOTYPING, Stage.IDEATION)
        statuses = (Status.SUBMITTED, Status.IN_REVIEW, Status.IN_PROGRESS, Status.ACTIVE, Status.STOPPED)

        def grow(k):
            names = []
            for i in range(k):
                innovation = f.innovation(stage=stages[i % 4], status=statuses[i % 5], published=i % 2 == 0,
                                          replicable=True)
                f.assignment(innovation, review="submitted")
                f.assignment(innovation, days=-2)
                f.replication(innovation)
                names += [innovation.unit.name, innovation.title]
            return names

        return _world(endpoint, viewer, grow, **args)

    return build


def readiness_world(endpoint: str, **args):
    """Innovations in a trial with a self-assessment (answers linked to evidence), and some without."""

    def build(f: Fixtures) -> World:
        ensure_reference_data()
        viewer = _coordinator(f)
        indicator_set = db.session.scalar(select(IndicatorSet))

        def grow(k):
            titles = []
            for i in range(k):
                innovation = f.innovation(stage=Stage.PILOTING, status=Status.IN_PROGRESS)
                titles.append(innovation.title)
                if i % 4 == 1:
                    continue  # not assessed yet: listed as such
                f.evidence(innovation)
                db.session.flush()
                evidence = db.session.scalars(select(Evidence).where(Evidence.innovation_id == innovation.id)).all()
                db.session.add(Assessment(innovation=innovation, indicator_set=indicator_set, answers=[
                    Answer(indicator_id=indicator.id, level=1 + (i + n) % 3, evidence=evidence[:1])
                    for n, indicator in enumerate(indicator_set.indicators)]))
                f.replication(innovation)
            return titles

        return _world(endpoint, viewer, grow, **args)

    return build


def indicators(f: Fixtures) -> World:
    ensure_reference_data()
    viewer = _coordinator(f)
    indicator_set = db.session.scalar(select(IndicatorSet))

    def grow(k):
        names = []
        for _ in range(k):
            name = f.label("Indikator")
            indicator_set.indicators.append(Indicator(
                position=len(indicator_set.indicators), name=name, weight=1, levels=["a", "b", "c"],
                evidence_kinds=[["video"], ["sop"], ["video", "sop"]]))
            names.append(name)
        return names

    return _world("readiness.indicators", viewer, grow)


def checklists(f: Fixtures) -> World:
    viewer = _coordinator(f)
    free = [(stage, kind) for stage in Stage for kind in EVIDENCE_KINDS]

    def grow(k):
        for _ in range(k):
            stage, kind = free.pop(0)
            db.session.add(EvidenceRequirement(stage=stage, kind=kind, position=len(free)))
        return None

    # The checklist shows each line's kind label (labels repeat across stages): count the lines instead.
    return _world("evidence.checklists", viewer, grow, shown=lambda body: body.count('name="required"'))


def rubrics(endpoint: str, **args):
    """Rubric versions with many criteria; every stage gets a new version each time."""

    def build(f: Fixtures) -> World:
        viewer = _coordinator(f)
        versions = {stage: 0 for stage in Stage}

        def grow(k):
            names = []
            for stage in Stage:
                db.session.execute(Rubric.__table__.update().where(Rubric.stage == stage).values(is_current=False))
                versions[stage] += 1
                criteria = [Criterion(position=n, name=f.label("Kriteria"), weight=100 // k + (n < 100 % k),
                                      scale=5, level_descriptors=list("abcde")) for n in range(k)]
                db.session.add(Rubric(stage=stage, version=versions[stage], is_current=True, criteria=criteria,
                                      created_by_id=viewer.id))
                names += [criterion.name for criterion in criteria]
            return names

        return _world(endpoint, viewer, grow, **args)

    return build


def similar(role: Role):
    """Innovations like the text being typed; a unit head (VIEWER) also gets a link to replicate each one."""
    return lambda f: _similar(f, role)


def _similar(f: Fixtures, role: Role) -> World:
    viewer = f.make_user(role, name="Penulis Usulan")

    def grow(k):
        return [f.innovation(published=True, replicable=True,
                             title=f.label("Antrean Daring Puskesmas")).title for _ in range(k)]

    return World(viewer, grow, lambda: url_for("catalogue.similar", title="Antrean daring puskesmas",
                                               summary="layanan warga dari rumah tanpa antre"))


# ---------------------------------------------------------------------------------------------------------------
# The pages. Caps hold the page's fixed queries with some room; growth is what the test is about.

LIST_PAGES = [
    ListPage("catalogue.index", published("catalogue.index"), cap=10, id="catalogue-visitor"),
    ListPage("catalogue.index", published("catalogue.index", Role.VIEWER), cap=16),
    ListPage("catalogue.search", published("catalogue.search", Role.COORDINATOR), cap=16),
    ListPage("catalogue.search", published("catalogue.search", Role.COORDINATOR, q="antre rumah"), cap=16,
             id="search-query"),
    ListPage("catalogue.similar", similar(Role.INNOVATOR), cap=12),
    ListPage("catalogue.similar", similar(Role.VIEWER), cap=12, id="similar-unit-head"),
    ListPage("api.innovations", published("api.innovations"), cap=10),
    ListPage("api.innovations", published("api.innovations", Role.COORDINATOR, per_page=50), cap=14,
             id="api-signed-in"),
    ListPage("transfer.export_catalogue", published("transfer.export_catalogue", Role.COORDINATOR), cap=18),
    ListPage("transfer.export_search", published("transfer.export_search", Role.COORDINATOR, kind="reviews"),
             cap=18, id="export-reviews"),
    ListPage("transfer.export_search", published("transfer.export_search", Role.COORDINATOR, kind="replications"),
             cap=14, id="export-replications"),
    ListPage("lab.queue", lab_desk("lab.queue"), cap=20),
    ListPage("transfer.export_lab", lab_desk("transfer.export_lab"), cap=14),
    ListPage("transfer.export_lab", lab_desk("transfer.export_lab", kind="reviews"), cap=14, id="export-lab-reviews"),
    ListPage("main.dashboard", lab_desk("main.dashboard"), cap=8, shows_rows=False,
             id="dashboard-coordinator"),
    ListPage("proposals.mine", own_proposals("proposals.mine"), cap=8),
    ListPage("main.dashboard", own_proposals("main.dashboard"), cap=8, shows_rows=False,
             id="dashboard-innovator"),
    ListPage("review.mine", my_assignments, cap=8),
    ListPage("review.scores", one_innovation("review.scores", _reviews), cap=14),
    ListPage("lab.decide", one_innovation("lab.decide", _reviews), cap=26),
    ListPage("lab.screen", one_innovation("lab.screen", _evidence, status=Status.SUBMITTED), cap=20,
             shows_rows=False),
    ListPage("lab.reviewers", one_innovation("lab.reviewers", _candidates), cap=20),
    ListPage("comments.index", one_innovation("comments.index", _comments), cap=12),
    ListPage("evidence.manage", one_innovation("evidence.manage", _evidence, viewer="owner",
                                               status=Status.DRAFT), cap=16),
    ListPage("proposals.detail", one_innovation("proposals.detail", _history, viewer="owner"), cap=32),
    ListPage("proposals.detail", one_innovation("proposals.detail", _history), cap=33, id="detail-coordinator"),
    ListPage("proposals.team_members", one_innovation("proposals.team_members", _members, viewer="owner",
                                                      status=Status.DRAFT), cap=10),
    ListPage("catalogue.detail", one_innovation("catalogue.detail", _replications, viewer="visitor",
                                                published=True, status=Status.IN_PROGRESS), cap=14),
    ListPage("readiness.assess", one_innovation("readiness.assess", _evidence, viewer="owner",
                                                status=Status.IN_PROGRESS), cap=18),
    ListPage("notifications.index", notifications, cap=8),
    ListPage("admin.users", users_list, cap=11),
    ListPage("admin.units", units_list, cap=8),
    ListPage("admin.audit_log", audit_log, cap=10),
    ListPage("replication.index", replications_lab, cap=11),
    ListPage("replication.index", unit_head("replication.index"), cap=15, id="replication-unit"),
    ListPage("dashboard.unit", unit_head("dashboard.unit"), cap=16),
    ListPage("dashboard.lab", lab_figures("dashboard.lab"), cap=25),
    ListPage("dashboard.report", lab_figures("dashboard.report", year=COMPLETE["started_on"].year), cap=18),
    ListPage("readiness.region", readiness_world("readiness.region"), cap=18),
    ListPage("readiness.export_assessments", readiness_world("readiness.export_assessments"), cap=13),
    ListPage("readiness.indicators", indicators, cap=9),
    ListPage("evidence.checklists", checklists, cap=10),
    ListPage("review.rubrics", rubrics("review.rubrics"), cap=8),
    ListPage("review.rubric_history", rubrics("review.rubric_history", stage="piloting"), cap=11),
]

# GET routes that list nothing that grows, each with the reason.
NOT_LISTS = {
    "main.index": "landing page (signed-in users are sent to the dashboard)",
    "main.healthz": "one SELECT 1",
    "main.account": "the user's own account and preferences",
    "auth.login": "form",
    "auth.forgot_password": "form",
    "auth.reset_password": "form",
    "auth.change_password": "form",
    "proposals.create": "form",
    "proposals.edit": "form of one proposal",
    "proposals.withdraw": "confirmation form",
    "admin.user_new": "form",
    "admin.user_edit": "form of one account",
    "admin.user_import": "upload form",
    "admin.unit_new": "form",
    "admin.unit_edit": "form of one unit",
    "admin.unit_import": "upload form",
    "review.scorecard": "one assignment's scorecard (criteria of one rubric)",
    "review.rubric_edit": "form of one rubric",
    "notifications.unread": "a count",
    "evidence.download": "a file",
    "api.innovation": "one innovation",
    "api.openapi": "a static document",
    "replication.register": "form",
    "replication.detail": "one replication and its few updates",
    "transfer.import_innovations": "upload form",
    "readiness.indicator_form": "form of one indicator",
}
UNCLASSIFIED_OK = {"static", "bootstrap.static"}


def _get_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods} - UNCLASSIFIED_OK


def test_every_get_route_is_a_measured_list_or_named_as_not_one(app):
    listed = {page.endpoint for page in LIST_PAGES}
    endpoints = _get_endpoints(app)
    unclassified = sorted(endpoints - listed - NOT_LISTS.keys())
    assert not unclassified, (
        f"GET routes neither measured in LIST_PAGES nor named in NOT_LISTS: {unclassified}. A page that lists rows "
        "gets a ListPage (a world that grows its rows); anything else goes into NOT_LISTS with the reason.")
    assert not sorted(listed & NOT_LISTS.keys()), "a route is both a measured list and 'not a list'"
    stale = sorted((listed | NOT_LISTS.keys()) - endpoints)
    assert not stale, f"entries for routes that no longer exist: {stale}"


class StatementCounter:
    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith("BEGIN"):  # SQLite's explicit BEGIN (innolab.database); PostgreSQL sends none
            self.statements.append(statement)

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self)


def _measure(client, url: str) -> tuple[int, str, list[str]]:
    """Statements of one request (after a warm-up request, so per-process and per-session caches are filled)."""
    client.get(url).close()
    with StatementCounter() as counter:
        response = client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code == 200, (url, response.status_code, body[:500])
    return len(counter.statements), body, counter.statements


def _shown(world: World, body: str, labels: list[str]) -> int:
    if world.shown is not None:
        return world.shown(body)
    return sum(label in body for label in labels)


@pytest.mark.parametrize("page", LIST_PAGES, ids=lambda page: page.id or page.endpoint)
def test_queries_do_not_grow_with_rows(app, client, make_user, make_unit, login, page):
    fixtures = Fixtures(make_user, make_unit)
    world = page.build(fixtures)
    labels = world.grow(SMALL) or []
    db.session.commit()
    if world.viewer is not None:
        login(world.viewer)
    with app.test_request_context():
        url = world.url()
    small, small_body, small_statements = _measure(client, url)
    labels += world.grow(LARGE - SMALL) or []
    db.session.commit()
    large, large_body, large_statements = _measure(client, url)

    shown_small, shown_large = _shown(world, small_body, labels), _shown(world, large_body, labels)
    if page.shows_rows:
        assert shown_small >= 1, "the page does not show the rows"
        assert shown_large > shown_small, f"the page does not show more rows: {shown_small} → {shown_large}"
    assert large <= small, (
        f"{url}: {small} statements with {SMALL} rows but {large} with {LARGE}: an N+1 query? Statements that "
        f"ran more often with more rows:\n{_grown(small_statements, large_statements)}")
    assert large <= page.cap, f"{url}: {large} statements, over the cap of {page.cap}:\n" + "\n".join(large_statements)


_IN_LIST = re.compile(r"\((?:\?|%\(\w+\)s|\$\d+)(?:, (?:\?|%\(\w+\)s|\$\d+))*\)")


def _grown(before: list[str], after: list[str]) -> str:
    """The statements (IN lists folded) that ran more often in `after`, with how many more times."""
    def tally(statements):
        return Counter(_IN_LIST.sub("(…)", " ".join(statement.split())) for statement in statements)

    more = tally(after) - tally(before)
    return "\n".join(f"+{n}× {statement[:400]}" for statement, n in more.most_common()) or "(none)"


def test_batched_replication_rule_agrees_with_can(make_user, make_unit):
    """replicable_ids (the similar list's two-query shortcut) decides as can() does, row by row."""
    f = Fixtures(make_user, make_unit)
    kecamatan = make_unit("Kecamatan Sukun", kind=UnitKind.KECAMATAN)
    kelurahan = make_unit("Kelurahan Bandulan", kind=UnitKind.KELURAHAN, parent=kecamatan)
    camat = make_user(Role.VIEWER, unit=kecamatan)
    lurah = make_user(Role.VIEWER, unit=kelurahan)
    free = f.innovation(published=True, replicable=True)
    ours = f.innovation(f.person(Role.INNOVATOR, unit=kecamatan), published=True, replicable=True)
    taken_below = f.innovation(published=True, replicable=True)
    f.replication(taken_below, adopting_unit=kelurahan)
    stopped = f.innovation(published=True, replicable=True)
    f.replication(stopped, adopting_unit=kelurahan, status=ReplicationStatus.STOPPED)
    not_replicable = f.innovation(published=True, replicable=False)
    unpublished = f.innovation(replicable=True)
    innovations = [free, ours, taken_below, stopped, not_replicable, unpublished]
    db.session.commit()
    for user in (camat, lurah, f.person(Role.INNOVATOR), f.person(Role.COORDINATOR)):
        expected = {i.id for i in innovations if can(user, "replication.register", i)}
        assert replicable_ids(user, innovations) == expected, user.name
    assert replicable_ids(lurah, innovations) == {free.id, ours.id, stopped.id}
    # The camat also speaks for the kelurahan below: free where the kecamatan or the kelurahan is.
    assert replicable_ids(camat, innovations) == {free.id, ours.id, taken_below.id, stopped.id}
