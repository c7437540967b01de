"""Rubric versions per stage: reading the current one and its history, and saving an edit as a new version."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import Criterion, Review, Rubric, User
from innolab.pipeline.defaults import DEFAULT_RUBRIC
from innolab.pipeline.scoring import validate_weights
from innolab.pipeline.stages import STAGE_ORDER, Stage

LEVELS = 5  # every criterion is scored 1..5, one descriptor per level


@dataclass(frozen=True)
class CriterionDraft:
    """One criterion as the coordinator typed it, before it becomes a row of a new version."""

    name: str
    description: str
    weight: int | None
    levels: tuple[str, ...]


@dataclass(frozen=True)
class RubricVersion:
    rubric: Rubric
    author: User | None
    reviews: int  # how many reviews are pinned to this version


def current_rubric(stage: Stage) -> Rubric | None:
    """The rubric reviewers of `stage` score on now."""
    return db.session.scalar(
        select(Rubric).where(Rubric.stage == stage, Rubric.is_current.is_(True))
        .options(selectinload(Rubric.criteria))
        .order_by(Rubric.version.desc()).limit(1)
    )


def current_rubrics() -> dict[Stage, Rubric | None]:
    """The current rubric of every stage, in pipeline order (None where a stage has none yet)."""
    found = {r.stage: r for r in db.session.scalars(
        select(Rubric).where(Rubric.is_current.is_(True)).options(selectinload(Rubric.criteria)))}
    return {stage: found.get(stage) for stage in STAGE_ORDER}


def rubric_history(stage: Stage) -> list[RubricVersion]:
    """Every version of the stage's rubric, newest first, with who made it and how many reviews use it."""
    rubrics = db.session.scalars(
        select(Rubric).where(Rubric.stage == stage).options(selectinload(Rubric.criteria))
        .order_by(Rubric.version.desc())
    ).all()
    ids = [r.id for r in rubrics]
    counts = dict(db.session.execute(
        select(Review.rubric_id, func.count()).where(Review.rubric_id.in_(ids)).group_by(Review.rubric_id)).all())
    author_ids = {r.created_by_id for r in rubrics if r.created_by_id}
    authors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(author_ids)))}
    return [RubricVersion(r, authors.get(r.created_by_id), counts.get(r.id, 0)) for r in rubrics]


def starting_criteria(stage: Stage) -> list[CriterionDraft]:
    """What the editor opens with: the current version, or the default rubric for a stage that has none."""
    rubric = current_rubric(stage)
    if rubric is not None:
        return [CriterionDraft(c.name, c.description, c.weight, tuple(c.level_descriptors)) for c in rubric.criteria]
    return [CriterionDraft(s.name, s.description, s.weight, s.levels) for s in DEFAULT_RUBRIC]


def save_rubric_version(actor: User, stage: Stage, criteria: list[CriterionDraft], seen_version: int) -> Rubric:
    """Save an edit as the stage's next version and make it current; past reviews keep their version.

    `seen_version` is the version the coordinator edited (0 when there was none), so two coordinators editing
    at once cannot silently overwrite each other. Errors name fields as `criteria-<index>-<field>` or `weights`.
    """
    latest = db.session.scalar(select(func.max(Rubric.version)).where(Rubric.stage == stage)) or 0
    if seen_version != latest:
        raise DomainError.on(None, _(
            "Rubrik tahap ini sudah diubah koordinator lain (kini versi %(version)d) sejak Anda membukanya. "
            "Isian Anda belum disimpan: periksa versi terbaru, lalu terapkan lagi perubahan Anda.", version=latest))
    errors = _criteria_errors(criteria)
    if errors:
        raise DomainError(*errors)
    for old in db.session.scalars(select(Rubric).where(Rubric.stage == stage, Rubric.is_current.is_(True))):
        old.is_current = False
    rubric = Rubric(stage=stage, version=latest + 1, is_current=True, created_by_id=actor.id, criteria=[
        Criterion(position=position, name=c.name.strip(), description=c.description.strip(), weight=c.weight,
                  scale=LEVELS, level_descriptors=[level.strip() for level in c.levels])
        for position, c in enumerate(criteria)
    ])
    db.session.add(rubric)
    db.session.flush()
    return rubric


def _criteria_errors(criteria: list[CriterionDraft]) -> list[tuple[str, str]]:
    if not criteria:
        return [("weights", _("Rubrik memerlukan sedikitnya satu kriteria."))]
    errors, seen_names = [], set()
    for index, criterion in enumerate(criteria):
        name = criterion.name.strip()
        if not name:
            errors.append((f"criteria-{index}-name", _("Nama kriteria wajib diisi.")))
        elif name.casefold() in seen_names:
            errors.append((f"criteria-{index}-name", _("Nama kriteria tidak boleh sama dengan kriteria lain.")))
        seen_names.add(name.casefold())
        if criterion.weight is None or criterion.weight <= 0:
            errors.append((f"criteria-{index}-weight", _("Bobot harus bilangan bulat lebih dari 0.")))
        if len(criterion.levels) != LEVELS:
            errors.append((f"criteria-{index}-name", _("Setiap kriteria memerlukan lima deskriptor tingkat.")))
        for level, text in enumerate(criterion.levels, start=1):
            if not text.strip():
                errors.append((f"criteria-{index}-level_{level}",
                               _("Deskriptor untuk skor %(n)d wajib diisi.", n=level)))
    weights = [c.weight or 0 for c in criteria]
    try:
        validate_weights(weights)
    except ValueError:
        if sum(weights) != 100:  # a non-positive weight is already reported on its own row
            errors.append(("weights", _("Jumlah bobot harus tepat 100%%; sekarang %(sum)d%%.",
                                         sum=sum(weights))))
    return errors
