"""flask create-admin."""
from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import EvidenceRequirement, Rubric, Unit, User
from innolab.pipeline.stages import Stage
from innolab.vocab import Role, UnitKind


def test_create_admin_on_fresh_install_creates_the_region_unit(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "Admin@Malangkota.go.id", "--name", "Admin Kota",
              "--password", "Sangat-Aman-2026"],
        input="Pemerintah Kota Malang\n35.73\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.email == "admin@malangkota.go.id"
    assert user.roles == {Role.ADMIN}
    assert user.unit.kind is UnitKind.PEMDA and user.unit.code == "35.73"
    # The lab can work at once: every stage has its default rubric and evidence checklist.
    rubrics = db.session.scalars(select(Rubric).where(Rubric.is_current)).all()
    assert sorted(r.stage.value for r in rubrics) == sorted(s.value for s in Stage)
    assert db.session.scalar(select(func.count()).select_from(EvidenceRequirement)) > 0


def test_create_admin_refuses_weak_password_and_saves_nothing(app, make_unit):
    make_unit(kind=UnitKind.OPD)
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "a@malangkota.go.id", "--name", "A", "--password", "password123"]
    )
    assert result.exit_code != 0
    assert "terlalu umum" in result.output
    assert db.session.scalar(select(User)) is None


def test_create_admin_with_unknown_unit_code_fails(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "a@malangkota.go.id", "--name", "A", "--password", "Sangat-Aman-2026",
              "--unit-code", "00.00"]
    )
    assert result.exit_code != 0 and "No unit with code 00.00" in result.output
    assert db.session.scalar(select(Unit)) is None
