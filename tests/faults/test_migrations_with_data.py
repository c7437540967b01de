"""Fault 7: migrations up → down → up on SQLite and PostgreSQL with data in every table.

tests/test_migrations.py checks the schema both ways on empty databases (and one user row across the first
upgrade). Here the demo city plus a row for each table the demo leaves empty fills every table; then:
  head → each revision down to the first, one step at a time: every row of every table that still exists is
    intact (the columns that table still has, value for value);
  first → head again, with that data present: the old rows are intact, the app reads and writes through them;
  head → base with data present: only alembic_version is left;
  base → head: every table is back, and the app can write again.
PostgreSQL comes from a private throwaway server, so this also runs in the SQLite-only CI run.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, func, select

from innolab import create_app
from innolab.auth.services import create_user
from innolab.demo.seed import seed_demo
from innolab.extensions import db
from innolab.models import (
    AuditLog,
    Evidence,
    Innovation,
    LoginSession,
    Replication,
    ReplicationUpdate,
    Unit,
    User,
)
from innolab.models.readiness import Answer, Assessment, Indicator, IndicatorSet
from innolab.proposals import services
from innolab.vocab import Role, UnitKind
from tests.servers import private_postgres

MODEL_TABLES = frozenset(db.metadata.tables)


@contextmanager
def database(backend: str, workdir: Path):
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'migrations.sqlite3'}"
        return
    with private_postgres() as server:
        yield server.create_database("innolab_migrations")


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch_app(request, tmp_path):
    with database(request.param, tmp_path) as url:
        app = create_app({"TESTING": True, "SECRET_KEY": "x", "MAIL_SERVER": None, "SQLALCHEMY_DATABASE_URI": url,
                          "INDEX_DIR": str(tmp_path / "index"), "UPLOAD_DIR": str(tmp_path / "uploads"),
                          "SEARCH_CHECK_ON_START": False, "SEARCH_REPAIR_IN_BACKGROUND": False})
        with app.app_context():
            try:
                yield app
            finally:
                db.session.remove()
                db.engine.dispose()


def revisions_down() -> list[str]:
    """Every revision from head to the first, newest first."""
    config = current_app.extensions["migrate"].migrate.get_config()
    return [script.revision for script in ScriptDirectory.from_config(config).walk_revisions()]


def fill_every_table() -> None:
    seed_demo()
    db.session.commit()
    user = db.session.scalars(select(User).order_by(User.id)).first()
    innovation = db.session.scalars(select(Innovation).order_by(Innovation.id)).first()
    replication = db.session.scalars(select(Replication).order_by(Replication.id)).first()
    evidence = db.session.scalars(select(Evidence).where(Evidence.innovation_id == innovation.id)).first() \
        or db.session.scalars(select(Evidence).order_by(Evidence.id)).first()
    indicator_set = db.session.scalars(select(IndicatorSet)).first()
    indicator = db.session.scalars(select(Indicator).where(Indicator.set_id == indicator_set.id)).first()
    db.session.add_all([
        LoginSession(token_hash="a" * 64, user_id=user.id, user_agent="pytest migrasi", ip_address="127.0.0.1"),
        AuditLog(actor_id=user.id, action="migration.probe", target_type="innovation", target_id=innovation.id,
                 details={"before": [1, 2], "after": {"published": True}}, ip_address="10.0.0.1"),
        ReplicationUpdate(replication=replication, actor_id=user.id, from_status=None,
                          to_status=replication.status, note="Catatan uji migrasi"),
    ])
    assessment = Assessment(innovation=innovation, indicator_set=indicator_set, updated_by=user)
    assessment.answers.append(Answer(indicator=indicator, level=2, evidence=[evidence]))
    db.session.add(assessment)
    # Columns the demo leaves empty get a value too, so that dropping them is dropping data.
    for row, value in ((innovation, "migrasi-kunci-1"), (evidence, "migrasi-kunci-2")):
        if hasattr(row, "idempotency_key"):
            row.idempotency_key = value
    db.session.commit()
    with db.engine.connect() as conn:
        empty = [table.name for table in db.metadata.sorted_tables
                 if not conn.execute(select(func.count()).select_from(table)).scalar()]
    assert empty == [], f"no row in {empty}"


def snapshot() -> dict[str, tuple[list[str], list[dict]]]:
    """Every row of every table, read through the tables as the database has them now (not through the models)."""
    db.session.remove()
    tables = MetaData()
    tables.reflect(db.engine)
    rows = {}
    with db.engine.connect() as conn:
        for name, table in tables.tables.items():
            if name != "alembic_version":
                rows[name] = ([c.name for c in table.columns],
                              [dict(row) for row in conn.execute(select(table)).mappings()])
    return rows


def projected(rows: list[dict], columns: list[str]) -> list[dict]:
    return sorted(({c: row[c] for c in columns} for row in rows), key=repr)


def assert_rows_survive(before: dict, now: dict, through: dict | None = None) -> int:
    """Every table that exists now holds the rows it held before, column for column (only the columns `through`
    has, when given: what a downgrade dropped comes back empty). Returns how many rows were compared."""
    compared = 0
    for name, (columns, rows) in now.items():
        assert name in before, f"{name} appeared on the way down"
        kept = [c for c in columns if c in before[name][0] and (through is None or c in through[name][0])]
        now_rows, old_rows = projected(rows, kept), projected(before[name][1], kept)
        differing = sorted({c for new, old in zip(now_rows, old_rows, strict=False) for c in kept if new[c] != old[c]})
        assert now_rows == old_rows, (name, len(now_rows), len(old_rows), differing,
                                      next(((n, o) for n, o in zip(now_rows, old_rows, strict=False) if n != o), None))
        compared += len(rows)
    return compared


def test_migrations_down_and_up_keep_every_row_that_can_stay(scratch_app):
    upgrade()
    fill_every_table()
    full = snapshot()
    assert set(full) == MODEL_TABLES
    total = sum(len(rows) for _columns, rows in full.values())

    revisions = revisions_down()
    for older in revisions[1:]:
        downgrade(revision=older)
        now = snapshot()
        assert_rows_survive(full, now)
    first = snapshot()
    assert set(first) < MODEL_TABLES  # the later revisions' tables are gone, with their rows

    upgrade()  # back to head, over the first revision's data
    again = snapshot()
    assert set(again) == MODEL_TABLES
    assert assert_rows_survive(full, {name: again[name] for name in first}, through=first) == sum(
        len(rows) for _columns, rows in first.values())
    for name in set(again) - set(first):
        assert again[name][1] == [], name  # re-created tables start empty
    # The app works on the migrated rows: it reads them and writes next to them.
    owner = db.session.scalars(select(User).where(User.email == "inovator@demo.innolab.id")).one()
    draft = services.create_draft(owner, {"title": "Draf sesudah migrasi naik turun"})
    db.session.commit()
    assert db.session.get(Innovation, draft.id).unit.name == owner.unit.name
    db.session.remove()  # no transaction of ours may hold a lock the migration waits for

    downgrade(revision="base")  # every table dropped with its rows, foreign keys and all
    assert set(snapshot()) == set()

    upgrade()
    assert set(snapshot()) == MODEL_TABLES
    unit = Unit(name="Pemerintah Kota Uji", kind=UnitKind.PEMDA, code="99.01")
    db.session.add(unit)
    db.session.flush()
    fresh = create_user(email="baru@kota-uji.go.id", name="Pengguna Baru", unit=unit, password="Inovasi-Uji-2026!",
                        roles=(Role.INNOVATOR,))
    services.create_draft(fresh, {"title": "Draf pertama di skema baru"})
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Innovation)) == 1
    print(f"\n{db.engine.dialect.name}: {total} rows in {len(full)} tables, revisions {revisions[::-1]}")
