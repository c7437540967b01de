"""Review fixtures: a proposal in review, rounds and assignments built directly (not through the lab's services)."""
from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from innolab.extensions import db
from innolab.models import (
    Assignment,
    AssignmentStatus,
    InnovationMember,
    Recommendation,
    Review,
    ReviewRound,
    Score,
)
from innolab.models.types import utcnow
from innolab.pipeline.defaults import ensure_reference_data
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.review.rubrics import current_rubric
from innolab.vocab import Role

SECTIONS = {
    "title": "Posyandu Digital Kelurahan Sumbersari",
    "summary": "Kader mencatat penimbangan balita di aplikasi.",
    "background": "Pencatatan manual sering hilang.",
    "goals": "Data gizi balita lengkap tiap bulan.",
    "novelty": "Grafik pertumbuhan otomatis untuk orang tua.",
    "beneficiaries": "Balita dan kader posyandu",
}


@pytest.fixture
def rubrics():
    """The default rubric of every stage, as the seed creates it."""
    ensure_reference_data()
    db.session.commit()
    return {stage: current_rubric(stage) for stage in Stage}


@pytest.fixture
def make_proposal(make_user, make_unit):
    """A proposal in review, with an owner, a team member and a unit whose names must stay hidden in blind rounds."""

    def factory(**values):
        unit = make_unit(name="Dinas Kesehatan Rahasia")
        owner = make_user(Role.INNOVATOR, unit=unit, name="Siti Pemilik Usulan")
        member = make_user(Role.INNOVATOR, unit=unit, name="Budi Anggota Tim")
        innovation = services.create_draft(owner, SECTIONS | values)
        innovation.members.append(InnovationMember(user_id=member.id, role_in_team="Analis data"))
        innovation.status = Status.IN_REVIEW
        db.session.commit()
        return innovation

    return factory


@pytest.fixture
def make_assignment(make_user):
    """An assignment of `reviewer` (a new reviewer by default) in the first round of `innovation`."""

    def factory(innovation, reviewer=None, *, blind=False, round_=None, due_on=None):
        if round_ is None:  # the innovation's first round, opened by its first assignment
            round_ = db.session.scalar(select(ReviewRound).where(ReviewRound.innovation_id == innovation.id)) \
                or ReviewRound(innovation=innovation, stage=innovation.stage, number=1, blind=blind)
        assignment = Assignment(round=round_, reviewer=reviewer or make_user(Role.REVIEWER, commit=False),
                                due_on=due_on or date.today() + timedelta(days=14))
        db.session.add(assignment)
        db.session.commit()
        return assignment

    return factory



@pytest.fixture
def setup(rubrics, make_proposal, make_assignment, make_user, login):
    """A signed-in reviewer with a pending assignment on a proposal in review, and an active coordinator."""
    innovation = make_proposal()
    coordinator = make_user(Role.COORDINATOR, name="Koordinator Lab")
    assignment = make_assignment(innovation)
    reviewer = login(assignment.reviewer)
    return SimpleNamespace(innovation=innovation, assignment=assignment, reviewer=reviewer, coordinator=coordinator,
                           rubric=rubrics[innovation.stage])


def submitted_review(assignment, rubric, values, recommendation="advance", note=""):
    """A submitted review with `values` (one per criterion, in rubric order), written directly."""
    review = Review(assignment=assignment, rubric=rubric, recommendation=Recommendation(recommendation),
                    overall_note=note,
                    submitted_at=utcnow(),
                    scores=[Score(criterion_id=c.id, value=v) for c, v in zip(rubric.criteria, values, strict=True)])
    assignment.status = AssignmentStatus.SUBMITTED
    db.session.add(review)
    db.session.commit()
    return review


def card(rubric, values=(), notes=(), *, recommendation="", overall_note="", version="", action="save") -> dict:
    """The scorecard form as a browser posts it; `values` and `notes` follow the rubric's order, None = unscored."""
    data = {"rubric_id": str(rubric.id), "version_id": str(version), "recommendation": recommendation,
            "overall_note": overall_note, "action": action}
    for n, criterion in enumerate(rubric.criteria):
        value = values[n] if n < len(values) else None
        if value is not None:
            data[f"score_{criterion.id}"] = str(value)
        data[f"note_{criterion.id}"] = notes[n] if n < len(notes) else ""
    return data
