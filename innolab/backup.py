"""Backups an operator can restore: the database and the uploaded evidence in one archive.

The archive is a tar.gz holding `manifest.json`, the database (`database.sqlite3`, copied with SQLite's online
backup API, or `database.pgdump`, pg_dump's custom format) and `uploads/`. The search index is not in it: it is a
projection of the database and is brought back in line after a restore.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import func, select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from innolab.extensions import db
from innolab.models import Innovation

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PGDUMP_FILE = "database.pgdump"
UPLOADS = "uploads"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Manifest:
    format: int
    created_at: str
    database: str  # "sqlite" or "postgresql"
    revision: str | None
    innovations: int
    files: int


def create_backup(target_dir: Path) -> tuple[Path, Manifest]:
    """Write a new archive into `target_dir` and return its path; nothing is left behind if it fails."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    archive = target_dir / f"innolab-{stamp}.tar.gz"
    uploads = Path(current_app.config["UPLOAD_DIR"])
    with tempfile.TemporaryDirectory(prefix="innolab-backup-") as work:
        work = Path(work)
        kind = db.engine.dialect.name
        database_file = work / (SQLITE_FILE if kind == "sqlite" else PGDUMP_FILE)
        if kind == "sqlite":
            _sqlite_copy(Path(db.engine.url.database), database_file)
        else:
            _pg_tool("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={database_file}")
        files = [path for path in uploads.rglob("*") if path.is_file()] if uploads.exists() else []
        manifest = Manifest(
            format=FORMAT,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            database=kind,
            revision=_current_revision(),
            innovations=db.session.scalar(select(func.count()).select_from(Innovation)),
            files=len(files),
        )
        db.session.rollback()
        (work / MANIFEST).write_text(json.dumps(manifest.__dict__, indent=2))
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / MANIFEST, MANIFEST)
            tar.add(database_file, database_file.name)
            for path in files:
                tar.add(path, f"{UPLOADS}/{path.relative_to(uploads).as_posix()}")
        partial.replace(archive)  # only a complete archive carries the final name
    return archive, manifest


def restore_backup(archive: Path) -> Manifest:
    """Replace the database and the uploads with the archive's, then migrate to this version's schema.

    Run it with the app stopped: requests served meanwhile would see a half-restored database.
    """
    with tempfile.TemporaryDirectory(prefix="innolab-restore-") as work:
        work = Path(work)
        manifest = _unpack(archive, work)
        kind = db.engine.dialect.name
        if manifest.database != kind:
            raise BackupError(f"the backup holds a {manifest.database} database but this site uses {kind}")
        db.session.remove()
        db.engine.dispose()  # no pooled connection may hold a table the restore drops
        if kind == "sqlite":
            _sqlite_copy(work / SQLITE_FILE, Path(db.engine.url.database))
        else:
            _pg_tool("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                     "--exit-on-error", f"--dbname={db.engine.url.database}", str(work / PGDUMP_FILE))
        _swap_uploads(work / UPLOADS, Path(current_app.config["UPLOAD_DIR"]))
    db.engine.dispose()
    upgrade()  # a backup from an older version gets this version's schema
    return manifest


def _sqlite_copy(source: Path, target: Path) -> None:
    # The online backup API copies a consistent snapshot page by page, even while the app writes.
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _pg_tool(tool: str, *args: str) -> None:
    url: URL = db.engine.url
    # Credentials go through libpq's environment, never the command line where `ps` would show them.
    env = {**os.environ, "PGHOST": url.host or "", "PGPORT": str(url.port or 5432), "PGUSER": url.username or "",
           "PGPASSWORD": url.password or "", "PGDATABASE": url.database or ""}
    result = subprocess.run([_find_pg_binary(tool), *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")


def _find_pg_binary(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        # Debian keeps the versioned client tools off PATH; the newest one reads dumps of every older server.
        candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"), key=lambda p: int(p.parts[-3]))
        found = str(candidates[-1]) if candidates else None
    if found is None:
        raise BackupError(f"{tool} not found: install the PostgreSQL client (apt-get install postgresql-client)")
    return found


def _current_revision() -> str | None:
    try:
        return db.session.scalar(text("SELECT version_num FROM alembic_version"))
    except DBAPIError:  # a database never migrated has no such table
        db.session.rollback()
        return None


def _unpack(archive: Path, work: Path) -> Manifest:
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")  # "data" refuses absolute paths, links out and device files
        raw = json.loads((work / MANIFEST).read_text())
    except (tarfile.TarError, OSError, ValueError) as exc:
        raise BackupError(f"{archive} is not an InnoLab backup ({exc})") from None
    manifest = Manifest(**raw)
    if manifest.format != FORMAT:
        raise BackupError(f"backup format {manifest.format} is not supported (expected {FORMAT})")
    return manifest


def _swap_uploads(restored: Path, uploads: Path) -> None:
    """Put the restored folder in place with renames, so a failure leaves either the old or the new set."""
    restored.mkdir(exist_ok=True)
    uploads.parent.mkdir(parents=True, exist_ok=True)
    staged = uploads.with_name(uploads.name + ".restoring")
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(restored, staged)
    previous = uploads.with_name(uploads.name + ".before-restore")
    shutil.rmtree(previous, ignore_errors=True)
    if uploads.exists():
        uploads.rename(previous)
    staged.rename(uploads)
    shutil.rmtree(previous, ignore_errors=True)
