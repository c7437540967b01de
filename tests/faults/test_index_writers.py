"""Fault 3: three processes writing the index at once lose no update.

Three InnoLab processes on one database and one index folder save drafts through the ORM as fast as they can, all
starting at the same instant: new drafts, second edits of earlier ones, and edits of one innovation all three
change. Indexing happens only in each process's after-commit hook (no catch-up, no search runs meanwhile), so
whatever one of them failed to write would stay missing. Pass criteria, absolute: every process exits cleanly with
nothing left pending, the index holds exactly the database's (id, version) for every innovation, read straight from
both without any repair running, and a search for each final title finds it.
"""
from __future__ import annotations

import json
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from innolab.config import normalise_database_url
from innolab.models import Innovation
from innolab.search.documents import database_signatures
from innolab.search.engine import SearchIndex
from tests.servers import PYTHON, ROOT, AppProcess, private_postgres, wait_until

WRITER = Path(__file__).with_name("index_writer.py")
WRITERS = 3
SAVES_EACH = 18


@contextmanager
def database(backend: str, workdir: Path):
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'innolab.sqlite3'}"
        return
    with private_postgres() as server:
        yield server.create_database("innolab")


def run(env: dict, *args: str) -> dict:
    done = subprocess.run([str(PYTHON), str(WRITER), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_three_processes_saving_at_once_lose_no_index_update(tmp_path, backend):
    with database(backend, tmp_path) as url:
        migrator = AppProcess(tmp_path, {"INNOLAB_DATABASE_URL": url})
        migrator.flask("db", "upgrade")
        env = migrator.env
        shared_id = run(env, "setup", str(WRITERS))["shared"]

        signals = tmp_path / "signals"
        signals.mkdir()
        writers = [subprocess.Popen([str(PYTHON), str(WRITER), "write", str(n), str(SAVES_EACH), str(signals)],
                                    cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for n in range(1, WRITERS + 1)]
        try:
            wait_until(lambda: len(list(signals.glob("ready-*"))) == WRITERS or _exited(writers), 60,
                       "the writers to start")
            began = time.monotonic()
            (signals / "go").touch()
            results = [writer.communicate(timeout=120) for writer in writers]
            elapsed = time.monotonic() - began
        finally:
            for writer in writers:
                if writer.poll() is None:
                    writer.kill()
                    writer.communicate()
        for writer, (_out, err) in zip(writers, results, strict=True):
            assert writer.returncode == 0, err
        reports = [json.loads(out.strip().splitlines()[-1]) for out, _err in results]
        busy = sum(err.count("search index busy") for _out, err in results)

        # Nothing a writer failed to index may hide in its memory: it is gone with the process.
        assert [report["pending"] for report in reports] == [[]] * WRITERS
        expected = {id_: title for report in reports for id_, title in report["saved"].items()}
        assert len(expected) == WRITERS * SAVES_EACH

        # The database and the index, read as they are: no sync, no catch-up, no start-up check in between.
        engine = create_engine(normalise_database_url(url), poolclass=NullPool)
        try:
            with Session(engine) as session:
                in_database = database_signatures(session)
                titles = dict(session.execute(select(Innovation.id, Innovation.title)).all())
        finally:
            engine.dispose()
        index = SearchIndex(env["INNOLAB_INDEX_DIR"])
        try:
            in_index = index.stored_signatures()
            stored_titles = {int(f["id"]): f["title"] for f in index.searcher().all_stored_fields()}
        finally:
            index.close()
        assert in_index == in_database
        assert stored_titles == titles
        assert {str(i): titles[i] for i in map(int, expected)} == expected
        shared_version = in_database[str(shared_id)].split(":")[0]
        assert int(shared_version) >= 1 + WRITERS * SAVES_EACH  # every writer's every edit of it landed

        missing = run(env, "check", _write_json(tmp_path / "expected.json", expected))["missing"]
        assert missing == {}
        print(f"\n{backend}: {WRITERS} processes, {len(expected)} drafts and {WRITERS * SAVES_EACH} shared edits "
              f"in {elapsed:.1f} s; lock waits that gave up: {busy}; index == database for {len(in_database)} rows")


def _exited(writers) -> bool:
    for writer in writers:
        if writer.poll() is not None:
            raise AssertionError(f"a writer exited early: {writer.stderr.read()}")
    return False


def _write_json(path: Path, data) -> str:
    path.write_text(json.dumps(data))
    return str(path)
