"""The Alembic migrations build exactly the schema the models describe, both ways, on SQLite and PostgreSQL.

Each test migrates a scratch database of its own, so the suite's shared database (created by the `app` fixture
with create_all) is never touched: a temporary file on SQLite; on PostgreSQL (INNOLAB_TEST_DATABASE_URL) a
database `innolab_migrations_<random>` created on the same server and dropped afterwards.
"""
from __future__ import annotations

import os
import secrets
import shutil
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, create_engine, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from innolab import MIGRATIONS_DIR, create_app
from innolab.config import normalise_database_url
from innolab.extensions import db
from innolab.models import Unit, User
from innolab.vocab import UnitKind

MODEL_TABLES = frozenset(db.metadata.tables)


@pytest.fixture
def scratch_url(tmp_path):
    server_url = os.environ.get("INNOLAB_TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return

    url = make_url(normalise_database_url(server_url))
    if url.get_backend_name() != "postgresql":
        pytest.fail(f"migration tests support SQLite and PostgreSQL, not {url.get_backend_name()}")
    name = f"innolab_migrations_{secrets.token_hex(4)}"
    server = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with server.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield url.set(database=name).render_as_string(hide_password=False)
        with server.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        server.dispose()


@pytest.fixture
def migration_app(scratch_url, tmp_path):
    """An app bound to the scratch database, its app context pushed."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": scratch_url,
            "INDEX_DIR": str(tmp_path / "index"),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "MAIL_SERVER": None,
        }
    )
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def schema_diff() -> list:
    """What `flask db migrate` would generate against the current database: nothing, when all is well."""
    options = dict(current_app.extensions["migrate"].configure_args)
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={**options, "target_metadata": db.metadata})
        return compare_metadata(context, db.metadata)


def test_one_head_and_one_base(migration_app):
    scripts = script_directory()
    assert len(scripts.get_heads()) == 1, "parallel revisions: merge them (flask db merge heads)"
    assert len(scripts.get_bases()) == 1


def test_upgrade_downgrade_upgrade(migration_app):
    upgrade()
    assert table_names() == MODEL_TABLES | {"alembic_version"}

    downgrade(revision="base")
    assert table_names() == {"alembic_version"}
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            leftovers = conn.execute(
                text("SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                     "WHERE n.nspname = current_schema() AND t.typtype = 'e'")
            ).scalars().all()
        assert leftovers == []

    upgrade()
    assert table_names() == MODEL_TABLES | {"alembic_version"}


def test_models_match_migrations(migration_app):
    upgrade()
    assert schema_diff() == []


def test_constraint_names_follow_the_naming_convention(migration_app):
    """Names in the database are the models' names, so later migrations can drop and alter them anywhere."""
    upgrade()
    inspector = inspect(db.engine)
    for table in db.metadata.sorted_tables:
        expected = {
            "pk": {table.primary_key.name},
            "fk": {fk.name for fk in table.foreign_key_constraints},
            "uq": {c.name for c in table.constraints if c.__class__.__name__ == "UniqueConstraint"},
            "ix": {ix.name for ix in table.indexes},
        }
        actual = {
            "pk": {inspector.get_pk_constraint(table.name)["name"]},
            "fk": {fk["name"] for fk in inspector.get_foreign_keys(table.name)},
            "uq": {uq["name"] for uq in inspector.get_unique_constraints(table.name)},
            "ix": {ix["name"] for ix in inspector.get_indexes(table.name) if not ix.get("duplicates_constraint")},
        }
        assert actual == expected, table.name
        # Enums are non-native and unchecked: no CHECK constraint anywhere unless a model declares one.
        declared_checks = {c.name for c in table.constraints if c.__class__.__name__ == "CheckConstraint"}
        assert {ck["name"] for ck in inspector.get_check_constraints(table.name)} == declared_checks, table.name


def test_rows_survive_upgrades(migration_app):
    """Rows written at the first revision are still there, intact, after upgrading to head and back."""
    first = script_directory().get_bases()[0]
    upgrade(revision=first)

    # Write through the tables as they are at that revision, not through today's models.
    tables = MetaData()
    tables.reflect(db.engine, only=["unit", "user"])
    unit, user = tables.tables["unit"], tables.tables["user"]
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    with db.engine.begin() as conn:
        conn.execute(unit.insert(), {"id": 1, "name": "Pemerintah Kota Uji", "kind": UnitKind.PEMDA.value,
                                     "code": "99.01", "parent_id": None})
        conn.execute(user.insert(), {"id": 1, "email": "migrasi@innolab.test", "name": "Pengguna Migrasi",
                                     "nip": None, "unit_id": 1, "password_hash": "x", "is_active": True,
                                     "notify_digest": True, "created_at": now, "version_id": 1})

    def assert_rows_intact():
        db.session.remove()
        found = db.session.scalars(select(User)).all()
        assert [(u.email, u.unit.code, u.unit.kind, u.created_at) for u in found] == [
            ("migrasi@innolab.test", "99.01", UnitKind.PEMDA, now)
        ]
        assert db.session.scalar(select(Unit).where(Unit.code == "99.01")).name == "Pemerintah Kota Uji"
        db.session.remove()

    upgrade()
    assert_rows_intact()
    downgrade(revision=first)
    with db.engine.connect() as conn:
        assert conn.execute(select(user.c.email)).scalars().all() == ["migrasi@innolab.test"]
    upgrade()
    assert_rows_intact()


def test_offline_sql(migration_app, capsys):
    """`flask db upgrade --sql` renders the whole schema without a database round-trip."""
    upgrade(sql=True)
    sql = capsys.readouterr().out
    for name in MODEL_TABLES:
        assert f"CREATE TABLE {db.engine.dialect.identifier_preparer.quote(name)} (" in sql


PROBE_REVISION = '''"""probe: rebuild the unit table, as a batch migration on SQLite does"""
from alembic import op
import sqlalchemy as sa

revision = "probe"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("unit", recreate="always") as batch_op:
        batch_op.alter_column("name", existing_type=sa.String(200), type_=sa.String(250))


def downgrade():
    with op.batch_alter_table("unit", recreate="always") as batch_op:
        batch_op.alter_column("name", existing_type=sa.String(250), type_=sa.String(200))
'''


@pytest.fixture
def sqlite_migration_app(tmp_path):
    """An app on a fresh SQLite file, whatever backend the suite runs on: batch rebuilds are SQLite's own."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "MAIL_SERVER": None,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'rebuild.sqlite3'}",
                      "INDEX_DIR": str(tmp_path / "index"), "UPLOAD_DIR": str(tmp_path / "uploads")})
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def test_sqlite_table_rebuild_keeps_referencing_rows(sqlite_migration_app, tmp_path):
    """The app enforces foreign keys on SQLite; env.py lifts that while a batch migration drops and re-creates a
    referenced table, and checks the keys afterwards."""
    directory = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, directory, ignore=shutil.ignore_patterns("__pycache__"))
    head = script_directory().get_current_head()
    (directory / "versions" / "probe_rebuild_unit.py").write_text(PROBE_REVISION.format(head=head))

    upgrade(directory=str(directory), revision=head)
    with db.engine.begin() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        conn.execute(text("INSERT INTO unit (id, name, kind, code) VALUES (1, 'Kota', 'pemda', '99.01'), "
                          "(2, 'Dinas', 'opd', 'U-1')"))
        conn.execute(text("UPDATE unit SET parent_id = 1 WHERE id = 2"))

    upgrade(directory=str(directory))
    downgrade(directory=str(directory), revision=head)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT id, parent_id FROM unit ORDER BY id")).all() == [(1, None), (2, 1)]
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
