"""`flask backup` and `flask restore`, run as an operator runs them, on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from innolab.config import normalise_database_url
from tests.servers import AppProcess, private_postgres


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory) -> Iterator[AppProcess]:
    """A migrated, demo-seeded installation driven only through its command line (shared: seeding takes seconds)."""
    tmp_path = tmp_path_factory.mktemp(request.param)
    if request.param == "sqlite":
        yield _seeded(tmp_path, f"sqlite:///{tmp_path / 'innolab.sqlite3'}")
        return
    with private_postgres() as postgres:
        yield _seeded(tmp_path, postgres.create_database("innolab"))


def _seeded(workdir: Path, database_url: str) -> AppProcess:
    site = AppProcess(workdir, {"INNOLAB_DATABASE_URL": database_url})
    site.flask("db", "upgrade")
    site.flask("seed-demo")
    return site


def _sql(site: AppProcess, statement: str):
    engine = create_engine(normalise_database_url(site.env["INNOLAB_DATABASE_URL"]), poolclass=NullPool)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement))
            return result.all() if result.returns_rows else None
    finally:
        engine.dispose()


def _files(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.rglob("*") if path.is_file()}


def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(site, tmp_path):
    rows_before = _sql(site, "SELECT id, title FROM innovation ORDER BY id")
    junk = tmp_path / "not-a-backup.tar.gz"
    junk.write_bytes(b"definitely not a tar file")
    with pytest.raises(subprocess.CalledProcessError) as failure:
        site.flask("restore", str(junk), "--yes")
    assert "is not an InnoLab backup" in failure.value.stderr
    assert _sql(site, "SELECT id, title FROM innovation ORDER BY id") == rows_before


def test_restore_brings_back_every_row_file_and_search_hit(site, tmp_path):
    uploads = Path(site.env["INNOLAB_UPLOAD_DIR"])
    rows_before = _sql(site, "SELECT id, title, version_id FROM innovation ORDER BY id")
    files_before = _files(uploads)
    assert rows_before and files_before, "the demo seed should give rows and uploaded files to protect"

    out = site.flask("backup", "--output", str(tmp_path / "backups")).stdout
    archives = list((tmp_path / "backups").glob("innolab-*.tar.gz"))
    assert len(archives) == 1 and str(archives[0]) in out
    assert f"{len(rows_before)} innovations, {len(files_before)} files" in out

    # What a bad day looks like: a title overwritten, an innovation deleted, evidence files gone.
    first_id, first_title, _ = rows_before[0]
    _sql(site, f"UPDATE innovation SET title = 'Judul yang salah', version_id = version_id + 1 WHERE id = {first_id}")
    _sql(site, "DELETE FROM innovation WHERE id = (SELECT max(id) FROM innovation "
               "WHERE id NOT IN (SELECT innovation_id FROM evidence) "
               "AND id NOT IN (SELECT source_innovation_id FROM replication))")
    site.flask("search", "sync")
    for path in list(uploads.rglob("*"))[:3]:
        if path.is_file():
            path.unlink()

    out = site.flask("restore", str(archives[0]), "--yes").stdout
    assert "Restored the backup" in out

    assert _sql(site, "SELECT id, title, version_id FROM innovation ORDER BY id") == rows_before
    assert _files(uploads) == files_before
    assert site.flask("search", "verify").returncode == 0  # raises on drift (exit 1)
    assert _sql(site, "SELECT count(*) FROM alembic_version")[0][0] == 1
