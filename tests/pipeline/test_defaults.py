"""The default rubric and evidence checklists, and their idempotent creation."""
from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import Criterion, EvidenceRequirement, Rubric
from innolab.pipeline.defaults import DEFAULT_CHECKLISTS, DEFAULT_RUBRIC, ensure_reference_data
from innolab.pipeline.stages import STAGE_ORDER, Stage
from innolab.vocab import EVIDENCE_KINDS


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_default_rubric_follows_the_national_weights():
    assert sum(c.weight for c in DEFAULT_RUBRIC) == 100
    assert [(c.name, c.weight) for c in DEFAULT_RUBRIC] == [
        ("Latar belakang & tujuan", 10),
        ("Kebaruan / nilai tambah", 15),
        ("Implementasi", 5),
        ("Signifikansi", 30),
        ("Adaptabilitas (replikasi)", 20),
        ("Sumber daya", 5),
        ("Strategi keberlanjutan", 15),
    ]
    for criterion in DEFAULT_RUBRIC:
        assert criterion.description
        assert len(criterion.levels) == 5 and len(set(criterion.levels)) == 5 and all(criterion.levels)


def test_default_checklists_use_known_kinds_for_every_stage():
    assert set(DEFAULT_CHECKLISTS) == set(Stage)
    for stage, items in DEFAULT_CHECKLISTS.items():
        kinds = [kind for kind, _ in items]
        assert len(kinds) == len(set(kinds)), stage
        assert set(kinds) <= set(EVIDENCE_KINDS)
    assert not any(required for _, required in DEFAULT_CHECKLISTS[Stage.IDEATION])
    assert {"sk_inovasi", "survei_kepuasan", "video"} <= {k for k, r in DEFAULT_CHECKLISTS[Stage.SCALING] if r}


def test_ensure_reference_data_creates_a_current_rubric_per_stage():
    created = ensure_reference_data()
    db.session.commit()
    assert created == {
        "rubrics": 4,
        "evidence_requirements": sum(len(items) for items in DEFAULT_CHECKLISTS.values()),
    }
    for stage in STAGE_ORDER:
        rubric = db.session.scalars(select(Rubric).where(Rubric.stage == stage)).one()
        assert rubric.version == 1 and rubric.is_current
        assert sum(c.weight for c in rubric.criteria) == 100
        assert [c.position for c in rubric.criteria] == list(range(len(DEFAULT_RUBRIC)))
        assert all(c.scale == 5 and len(c.level_descriptors) == 5 for c in rubric.criteria)
        lines = db.session.scalars(
            select(EvidenceRequirement).where(EvidenceRequirement.stage == stage).order_by(EvidenceRequirement.position)
        ).all()
        assert [(line.kind, line.required) for line in lines] == list(DEFAULT_CHECKLISTS[stage])


def test_ensure_reference_data_is_idempotent_and_keeps_edits():
    ensure_reference_data()
    db.session.commit()
    line = db.session.scalars(select(EvidenceRequirement).where(EvidenceRequirement.kind == "video")).one()
    line.required = False
    db.session.commit()
    before = (_count(Rubric), _count(Criterion), _count(EvidenceRequirement))

    assert ensure_reference_data() == {"rubrics": 0, "evidence_requirements": 0}
    db.session.commit()
    assert (_count(Rubric), _count(Criterion), _count(EvidenceRequirement)) == before
    assert db.session.get(EvidenceRequirement, line.id).required is False
