"""seed_demo(): the whole demo city in one transaction, reproducible from a fixed random seed."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from sqlalchemy import func, select

from innolab.demo.activity import create_comments, create_notifications, create_replications
from innolab.demo.city import PEMDA_CODE, PEMDA_NAME, ensure_units
from innolab.demo.evidence import create_evidence
from innolab.demo.innovations import create_innovations, plan_innovations
from innolab.demo.people import DEMO_DOMAIN, ensure_users
from innolab.demo.reviews import create_reviews
from innolab.extensions import db
from innolab.models import (
    Assignment,
    Comment,
    Criterion,
    Evidence,
    EvidenceRequirement,
    Innovation,
    Notification,
    Replication,
    Review,
    ReviewRound,
    Rubric,
    Score,
    StageEvent,
    Unit,
    User,
    UserRole,
)
from innolab.pipeline.defaults import ensure_reference_data
from innolab.pipeline.stages import Stage
from innolab.vocab import Role, UnitKind

SEED = 2026


@dataclass
class SeedReport:
    created_units: int = 0
    created_users: int = 0
    created_innovations: int = 0
    files_written: int = 0
    reference: dict = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created_units or self.created_users or self.created_innovations
                    or any(self.reference.values()))


def demo_innovations_exist() -> bool:
    query = (select(Innovation.id).join(User, Innovation.owner_id == User.id)
             .where(User.email.like(f"%@{DEMO_DOMAIN}")).limit(1))
    return db.session.scalar(query) is not None


def seed_demo() -> SeedReport:
    """Create whatever of the demo city is missing; flushes, the caller commits once.

    Units are matched by code and users by e-mail; innovations and everything around them are generated only
    when no demo user owns an innovation yet, so a second run changes nothing.
    """
    rng = random.Random(SEED)
    report = SeedReport(reference=ensure_reference_data())
    city, report.created_units = ensure_units()
    cast, report.created_users = ensure_users(city, rng)
    if demo_innovations_exist():
        return report
    plans = plan_innovations(rng, city, cast)
    create_innovations(rng, plans, city)
    create_reviews(rng, plans, cast)
    report.files_written = create_evidence(rng, plans)
    comments = create_comments(rng, plans)
    create_replications(rng, plans, city, cast)
    db.session.flush()
    create_notifications(rng, plans, cast, comments)
    db.session.flush()
    report.created_innovations = len(plans)
    return report


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def demo_counts() -> dict[str, object]:
    """What the database now holds, for the closing summary."""
    pemda = db.session.scalar(select(Unit).where(Unit.code == PEMDA_CODE))
    return {
        "region": f"{pemda.name if pemda else PEMDA_NAME} ({PEMDA_CODE})",
        "units": {kind: _count(Unit, Unit.kind == kind) for kind in UnitKind},
        "users": _count(User),
        "roles": {role: _count(UserRole, UserRole.role == role) for role in Role},
        "innovations": {stage: _count(Innovation, Innovation.stage == stage) for stage in Stage},
        "published": _count(Innovation, Innovation.published.is_(True)),
        "stage_events": _count(StageEvent),
        "review_rounds": _count(ReviewRound),
        "assignments": _count(Assignment),
        "reviews": _count(Review),
        "scores": _count(Score),
        "comments": _count(Comment),
        "evidence_links": _count(Evidence, Evidence.link_url.is_not(None)),
        "evidence_files": _count(Evidence, Evidence.stored_name.is_not(None)),
        "replications": _count(Replication),
        "notifications": _count(Notification),
        "rubrics": _count(Rubric),
        "criteria": _count(Criterion),
        "evidence_requirements": _count(EvidenceRequirement),
    }
