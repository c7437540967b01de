"""Alembic environment for InnoLab, run through Flask-Migrate (`flask --app innolab db ...`).

The app factory configures Flask-Migrate with render_as_batch=True (SQLite needs batch mode to alter tables;
on PostgreSQL batch operations are plain ALTERs) and compare_type=True. Those options are passed on here in
both online and offline (--sql) mode, together with `render_item`, which keeps migration scripts free of
imports from the application: scripts must keep working after the models change.
"""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy import Enum

from innolab.database import sqlite_pragma
from innolab.models.types import UTCDateTime

config = context.config

if config.config_file_name is not None and not current_app.testing:
    # Logging setup from alembic.ini; leave the loggers of an app that migrates in-process alone, and leave
    # logging to the test runner under tests.
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")


def get_engine():
    return current_app.extensions["migrate"].db.engine


def get_engine_url() -> str:
    return get_engine().url.render_as_string(hide_password=False).replace("%", "%%")


config.set_main_option("sqlalchemy.url", get_engine_url())
target_db = current_app.extensions["migrate"].db


def get_metadata():
    if hasattr(target_db, "metadatas"):
        return target_db.metadatas[None]
    return target_db.metadata


def render_item(type_, obj, autogen_context):
    """Render the app's column types as plain SQLAlchemy types.

    - UTCDateTime (a TypeDecorator) stores `DateTime(timezone=True)`; its Python-side conversion does not
      belong in a migration.
    - A non-native Enum without a CHECK constraint is a VARCHAR to the database: render it as one, so that a
      migration does not pretend to know (or enforce) the Python enum's members.
    Anything else falls back to Alembic's default rendering.
    """
    if type_ == "type":
        if isinstance(obj, UTCDateTime):
            return "sa.DateTime(timezone=True)"
        if isinstance(obj, Enum) and not obj.native_enum and not obj.create_constraint:
            return f"sa.String(length={obj.length})"
    return False


def configure_args() -> dict:
    args = dict(current_app.extensions["migrate"].configure_args)
    args.setdefault("render_item", render_item)
    args.setdefault("compare_type", True)
    args.setdefault("render_as_batch", True)
    return args


def run_migrations_offline():
    """Emit SQL to stdout (`flask db upgrade --sql`) instead of running it."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=get_metadata(),
        literal_binds=True,
        **configure_args(),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    # Never write an empty revision: `flask db migrate` with no model changes says so and writes nothing.
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    args = configure_args()
    if args.get("process_revision_directives") is None:
        args["process_revision_directives"] = process_revision_directives

    with get_engine().connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds a table by copy, drop and rename; with foreign keys enforced, dropping a
            # referenced table would cascade or fail. Switch enforcement off for the migration and check the
            # result at the end instead.
            fk_enforced = sqlite_pragma(connection, "PRAGMA foreign_keys")[0][0]
            sqlite_pragma(connection, "PRAGMA foreign_keys=OFF")

        context.configure(connection=connection, target_metadata=get_metadata(), **args)
        try:
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if sqlite:
                violations = sqlite_pragma(connection, "PRAGMA foreign_key_check")
                sqlite_pragma(connection, f"PRAGMA foreign_keys={'ON' if fk_enforced else 'OFF'}")
        if sqlite and violations:
            raise RuntimeError(f"foreign key violations after migrating: {violations[:10]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
