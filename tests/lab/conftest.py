"""Lab desk fixtures: a signed-in coordinator, submitted proposals, reviewers, rounds and submitted reviews."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from innolab.extensions import db
from innolab.lab import services as lab
from innolab.models import (
    Assignment,
    AssignmentStatus,
    Criterion,
    Evidence,
    EvidenceRequirement,
    InnovationMember,
    Notification,
    Recommendation,
    Review,
    Rubric,
    Score,
    StageEvent,
)
from innolab.models.types import utcnow
from innolab.pipeline.stages import Stage
from innolab.proposals import services
from innolab.vocab import Role

COMPLETE = {
    "title": "Antrean Daring Puskesmas", "summary": "Pasien mengambil nomor antrean dari rumah.",
    "background": "Antrean pagi mengular.", "goals": "Waktu tunggu turun.", "novelty": "Notifikasi WhatsApp.",
    "beneficiaries": "Pasien rawat jalan", "innovation_type": "digital", "form": "pelayanan_publik",
    "affair": "kesehatan", "initiator": "asn",
}


@pytest.fixture
def coordinator(login_as, make_unit):
    """A signed-in coordinator of the lab secretariat."""
    return login_as(Role.COORDINATOR, unit=make_unit("Bapperida"), name="Koordinator Lab")


@pytest.fixture
def lab_actor(make_user, make_unit):
    """A coordinator who is not signed in, for building state through the services."""
    return make_user(Role.COORDINATOR, unit=make_unit("Bagian Organisasi"), name="Koordinator Lain")


@pytest.fixture
def make_submitted(make_user, make_unit):
    """A proposal submitted at ideation by a new innovator (with one team member) of `unit`."""

    def factory(title: str = "Antrean Daring Puskesmas", unit=None, **values):
        unit = unit or make_unit("Puskesmas Kendalsari")
        owner = make_user(Role.INNOVATOR, unit=unit, name=f"Pengusul {title}")
        member = make_user(Role.INNOVATOR, unit=unit, name=f"Anggota {title}")
        innovation = services.create_draft(owner, COMPLETE | {"title": title} | values)
        innovation.members.append(InnovationMember(user_id=member.id))
        db.session.flush()
        services.submit_proposal(innovation, owner)
        db.session.commit()
        return innovation

    return factory


@pytest.fixture
def make_reviewer(make_user, make_unit):
    """An active reviewer, by default from a unit of their own."""

    def factory(unit=None, name=None, **kwargs):
        return make_user(Role.REVIEWER, unit=unit or make_unit(), name=name, **kwargs)

    return factory


@pytest.fixture
def make_in_review(make_submitted, lab_actor):
    """A proposal that passed screening: in review with an open round 1. Returns (innovation, round)."""

    def factory(*args, **kwargs):
        innovation = make_submitted(*args, **kwargs)
        round_ = lab.pass_screening(innovation, lab_actor, seen_version=innovation.version_id)
        db.session.commit()
        return innovation, round_

    return factory


@pytest.fixture
def rubric():
    """A one-criterion rubric for every stage the tests review at."""
    rubrics = {stage: Rubric(stage=stage, version=1, criteria=[Criterion(name="Signifikansi", weight=100)])
               for stage in Stage}
    db.session.add_all(rubrics.values())
    db.session.commit()
    return rubrics


@pytest.fixture
def assign(make_reviewer, lab_actor):
    """An assignment in `round_` for a new reviewer, due in `days` days."""

    def factory(round_, days: int = 14, reviewer=None):
        assignment = Assignment(round=round_, reviewer=reviewer or make_reviewer(), assigned_by_id=lab_actor.id,
                                due_on=date.today() + timedelta(days=days))
        db.session.add(assignment)
        db.session.commit()
        return assignment

    return factory


@pytest.fixture
def submit_review(rubric):
    """Mark an assignment's review as submitted, with a score of `value` on the single criterion."""

    def factory(assignment, value: int = 4):
        criterion = rubric[assignment.round.stage].criteria[0]
        db.session.add(Review(assignment=assignment, rubric=rubric[assignment.round.stage],
                              recommendation=Recommendation.ADVANCE, submitted_at=utcnow(),
                              scores=[Score(criterion_id=criterion.id, value=value)]))
        assignment.status = AssignmentStatus.SUBMITTED
        db.session.commit()

    return factory


@pytest.fixture
def reviewed(make_in_review, assign, submit_review):
    """A proposal in review whose round has two submitted reviews. Returns (innovation, round)."""

    def factory(*args, **kwargs):
        innovation, round_ = make_in_review(*args, **kwargs)
        for _ in range(2):
            submit_review(assign(round_))
        return innovation, round_

    return factory


@pytest.fixture
def checklist():
    """Make `kinds` the required evidence of `stage`; `have(innovation, kind)` attaches a link of that kind."""

    def require(stage, *kinds):
        db.session.add_all(EvidenceRequirement(stage=stage, kind=kind, position=n) for n, kind in enumerate(kinds))
        db.session.commit()

    return require


def attach(innovation, kind: str) -> None:
    db.session.add(Evidence(innovation_id=innovation.id, stage=innovation.stage, kind=kind,
                            link_url="https://video.example/inovasi"))
    db.session.commit()


def events(innovation) -> list[StageEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(StageEvent).where(StageEvent.innovation_id == innovation.id)
                                   .order_by(StageEvent.id)))


def notices(kind: str) -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(select(Notification).where(Notification.kind == kind).order_by(Notification.id)))


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))
