"""Readiness fixtures: the seeded indicator table, innovations with a team, evidence, and posting the form."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Evidence, IndicatorSet, InnovationMember, Replication
from innolab.pipeline.defaults import ensure_reference_data
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.readiness import services as readiness_services
from innolab.readiness.defaults import current_year
from innolab.readiness.queries import assessment_of
from innolab.readiness.scoring import is_auto
from innolab.vocab import ReplicationStatus, Role


@pytest.fixture
def indicator_set():
    """This year's indicator table, as create-admin and seed-demo create it."""
    ensure_reference_data()
    db.session.commit()
    return db.session.scalar(select(IndicatorSet).where(IndicatorSet.year == current_year()))


def by_name(indicator_set, name):
    return next(indicator for indicator in indicator_set.indicators if indicator.name == name)


@pytest.fixture
def make_innovation(make_user, make_unit):
    """An innovation in use, with an owner and a team member of its unit."""

    def factory(title="Posyandu Digital", status=Status.ACTIVE, stage=Stage.SCALING, published=True):
        unit = make_unit(name=f"Dinas {title}")
        owner = make_user(Role.INNOVATOR, unit=unit)
        member = make_user(Role.INNOVATOR, unit=unit)
        innovation = services.create_draft(owner, {"title": title, "summary": "Ringkasan"})
        innovation.members.append(InnovationMember(user_id=member.id, role_in_team="Anggota"))
        innovation.stage, innovation.status, innovation.published = stage, status, published
        db.session.commit()
        innovation.test_owner, innovation.test_member = owner, member
        return innovation

    return factory


@pytest.fixture
def innovation(make_innovation):
    return make_innovation()


def add_evidence(innovation, kind, title=None):
    evidence = Evidence(innovation=innovation, stage=innovation.stage, kind=kind, title=title or f"Bukti {kind}",
                        link_url=f"https://bukti.kota-uji.go.id/{kind}")
    db.session.add(evidence)
    db.session.commit()
    return evidence


def replicate(innovation, make_unit, status=ReplicationStatus.PLANNING):
    replication = Replication(source=innovation, adopting_unit=make_unit(), contact="Lurah Uji", status=status)
    db.session.add(replication)
    db.session.commit()
    return replication


def form_data(indicator_set, levels=None, evidence=None, version_id=None):
    """What the assessment form posts: {indicator name: level} and {indicator name: [evidence ids]}."""
    levels, evidence = levels or {}, evidence or {}
    data = {"set_id": str(indicator_set.id), "version_id": "" if version_id is None else str(version_id),
            "indicator_ids": ",".join(str(i.id) for i in indicator_set.active_indicators)}
    for indicator in indicator_set.active_indicators:
        if not is_auto(indicator):
            data[f"level_{indicator.id}"] = str(levels.get(indicator.name, 0))
        data[f"evidence_{indicator.id}"] = [str(e) for e in evidence.get(indicator.name, [])]
    return data


def assess(innovation, indicator_set, user, levels=None, evidence=None):
    """Save an assessment through the service, as the form would."""
    entry = readiness_services.AssessmentEntry(
        set_id=indicator_set.id, version_id=None,
        answers={i.id: (levels.get(i.name, 0) if levels else 0,
                        [e.id for e in (evidence or {}).get(i.name, [])]) for i in indicator_set.active_indicators})
    existing = assessment_of(innovation, indicator_set)
    if existing is not None:
        entry = readiness_services.AssessmentEntry(entry.set_id, existing.version_id, entry.answers)
    assessment = readiness_services.save_assessment(innovation, user, indicator_set, entry)
    db.session.commit()
    return assessment
