"""Engine settings per backend."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine


def configure_engine(engine: Engine) -> None:
    """SQLite: WAL so readers never block the writer, a busy timeout instead of 'database is locked', FKs on."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        # pysqlite's own transaction handling would commit early when a SAVEPOINT is released; we emit BEGIN
        # ourselves instead (SQLAlchemy's documented recipe), so savepoints nest inside the request's transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection):
        # IMMEDIATE takes the write lock at the start, waiting for it up to the busy timeout. A deferred BEGIN would
        # read first and fail with "database is locked" at its first write whenever another connection committed
        # in between, which the busy timeout cannot help: two people saving at once would get an error page.
        # Read-only work (the search index's own reads, see read_only) begins deferred so it never waits for a writer.
        deferred = connection.get_execution_options().get(READ_ONLY)
        connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


READ_ONLY = "innolab_read_only"


def read_only(engine: Engine) -> Engine:
    """The engine for sessions that only read: on SQLite they neither take nor wait for the write lock."""
    return engine.execution_options(**{READ_ONLY: True})


def sqlite_pragma(connection, statement: str):
    """Run a PRAGMA outside any transaction (inside one, `foreign_keys` is silently ignored); returns its rows.

    `connection` is a SQLAlchemy Connection with no transaction open.
    """
    if connection.in_transaction():
        connection.commit()
    cursor = connection.connection.driver_connection.cursor()
    try:
        return cursor.execute(statement).fetchall()
    finally:
        cursor.close()
