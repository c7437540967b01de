"""Fault 2: the search index folder deleted, truncated or corrupted, while the server runs and before it starts.

A real gunicorn (2 workers) serves a stream of catalogue, search, similar-innovation and draft-save requests while
the test damages its INNOLAB_INDEX_DIR in several ways. Pass criteria, absolute: no request ever gets a 5xx (or no
answer at all), and after each damage a search finds a known seeded innovation again within RECOVERY_SECONDS,
without anyone running a command; at the end `flask search verify` finds no drift (the drafts saved while the index
was broken are in it too).
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from innolab.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from innolab.extensions import db
from innolab.policy import search_scope
from innolab.proposals import services
from innolab.search import current_service
from innolab.search.query import SearchRequest, search
from innolab.vocab import Role
from tests.faults.traffic import Traffic, failures, summary
from tests.servers import AppProcess, Browser, app_process, wait_until

RECOVERY_SECONDS = 30
PREPARING = "Indeks pencarian sedang disiapkan ulang"
VERSION_INPUT = re.compile(r'name="version_id" type="hidden" value="(\d+)"')
INNOVATOR = next(email for role, email, _name in DEMO_ACCOUNTS if role is Role.INNOVATOR)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> dict:
    """A migrated SQLite database holding the demo city, and one published innovation to look for."""
    workdir = tmp_path_factory.mktemp("seeded")
    database = workdir / "innolab.sqlite3"
    seeder = AppProcess(workdir, {"INNOLAB_DATABASE_URL": f"sqlite:///{database}"})
    seeder.flask("db", "upgrade")
    seeder.flask("seed-demo")
    with sqlite3.connect(database) as connection:
        innovation_id, title = connection.execute(
            "SELECT id, title FROM innovation WHERE published ORDER BY id LIMIT 1").fetchone()
    return {"url": f"sqlite:///{database}", "id": innovation_id, "title": title}


def env_for(seeded: dict) -> dict[str, str]:
    # Logins per client are few, but each test signs in more often than a person would.
    return {"INNOLAB_DATABASE_URL": seeded["url"], "INNOLAB_RATELIMIT_LOGIN": "1000 per minute"}


def finds_known(server: AppProcess, seeded: dict) -> bool:
    page = Browser(server.base_url).get("/catalogue", params={"q": seeded["title"]})
    assert page.status_code == 200, page.status_code
    return f'href="/catalogue/{seeded["id"]}"' in page.text


def segment_files(index_dir: Path) -> list[Path]:
    return sorted(index_dir.glob("*.seg"))


# -- the damages ------------------------------------------------------------------------------------------------

def delete_folder(index_dir: Path) -> None:
    shutil.rmtree(index_dir)


def delete_segments(index_dir: Path) -> None:
    for path in segment_files(index_dir):
        path.unlink()


def truncate_segments(index_dir: Path) -> None:
    for path in segment_files(index_dir):
        os.truncate(path, min(40, path.stat().st_size))  # in place: readers that mapped the file see it shrink


def scribble_over_segments(index_dir: Path) -> None:
    for path in segment_files(index_dir):
        size = path.stat().st_size
        with open(path, "r+b") as handle:  # same size, garbage from the start to the end
            for offset in range(0, size, 512):
                handle.seek(offset)
                handle.write(os.urandom(min(256, size - offset)))


def scribble_over_toc(index_dir: Path) -> None:
    for path in index_dir.glob("_MAIN_*.toc"):
        path.write_bytes(os.urandom(path.stat().st_size))


def empty_every_file(index_dir: Path) -> None:
    for path in index_dir.iterdir():
        if path.is_file() and not path.name.startswith("."):
            os.truncate(path, 0)


DAMAGES = [delete_folder, delete_segments, truncate_segments, scribble_over_segments, scribble_over_toc,
           empty_every_file]


# -- while running ----------------------------------------------------------------------------------------------

def test_index_damaged_while_serving_recovers_by_itself_without_a_server_error(tmp_path, seeded):
    with app_process(tmp_path, env_for(seeded), workers=2) as server:
        index_dir = Path(server.env["INNOLAB_INDEX_DIR"])
        wait_until(lambda: finds_known(server, seeded), RECOVERY_SECONDS, "the index built at start")
        title = seeded["title"]
        draft = {}

        def setup(browser: Browser, number: int) -> None:
            if number == 1:  # the innovator's client saves a draft over and over: writes to a broken index
                browser.sign_in(INNOVATOR, DEMO_PASSWORD)
                created = browser.submit("/proposals/new", {"title": "Draf uji indeks rusak", "action": "save"})
                assert created.status_code == 302, created.status_code
                draft["id"] = int(created.headers["Location"].rstrip("/").split("/")[-2])
                browser.saves_drafts = True

        def scenario(browser: Browser, hit) -> None:
            if not getattr(browser, "saves_drafts", False):
                hit("catalogue-search", "GET", "/catalogue", params={"q": title})
                hit("catalogue", "GET", "/catalogue", params={"sort": "newest"})
                hit("profile", "GET", f"/catalogue/{seeded['id']}")
                return
            hit("search", "GET", "/search", params={"q": title})
            hit("similar", "GET", "/search/similar", params={"title": title})
            form = hit("edit-form", "GET", f"/proposals/{draft['id']}/edit")
            if form is not None and form.status_code == 200:
                version = VERSION_INPUT.search(form.text).group(1)
                hit("draft-save", "POST", f"/proposals/{draft['id']}/edit", data={
                    "csrf_token": browser.csrf_token(f"/proposals/{draft['id']}/edit"), "version_id": version,
                    "title": f"Draf uji indeks rusak {time.monotonic():.3f}", "action": "save"})

        recoveries = {}
        with Traffic(server.base_url, scenario, clients=2, setup=setup) as traffic:
            traffic.wait_for_requests(20)
            for damage in DAMAGES:
                damage(index_dir)
                began = time.monotonic()
                traffic.wait_for_requests(6)  # the damage meets real requests before we look
                wait_until(lambda: finds_known(server, seeded), RECOVERY_SECONDS,
                           f"search to recover after {damage.__name__} (log: {server.log_path})", interval=0.2)
                recoveries[damage.__name__] = round(time.monotonic() - began, 2)
            traffic.wait_for_requests(10)
        outcomes = traffic.snapshot()

        print(f"\n{len(outcomes)} requests: {summary(outcomes)}; seconds to recover: {recoveries}")
        assert failures(outcomes) == [], summary(failures(outcomes))
        assert {o.label for o in outcomes} >= {"catalogue-search", "search", "similar", "draft-save", "profile"}
        saves = [o for o in outcomes if o.label == "draft-save"]
        assert saves and all(o.status == 302 for o in saves)
        # What was saved while the index was broken got in too, on both workers' and the rebuild's account.
        wait_until(lambda: _verify(server), RECOVERY_SECONDS, "`flask search verify` to report no drift",
                   interval=0.5)


def _verify(server: AppProcess) -> bool:
    try:
        server.flask("search", "verify")
    except Exception:  # noqa: BLE001 (exit status 1: drift, still being repaired)
        return False
    return True


# -- at start ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("damage", [truncate_segments, scribble_over_segments, scribble_over_toc],
                         ids=lambda d: d.__name__)
def test_server_started_on_a_damaged_index_serves_at_once_and_repairs_it(tmp_path, seeded, damage):
    index_dir = tmp_path / "index"
    server = AppProcess(tmp_path, env_for(seeded), workers=2)
    server.flask("search", "rebuild")  # a good index first, then the damage while nobody runs
    damage(index_dir)

    began = time.monotonic()
    with _started(server):
        answers = []

        def repaired() -> bool:
            page = Browser(server.base_url).get("/catalogue", params={"q": seeded["title"]})
            answers.append(page.status_code)
            assert page.status_code == 200, page.status_code
            found = f'href="/catalogue/{seeded["id"]}"' in page.text
            # Never a wrong "no results": either the hit or the notice that the index is being prepared.
            assert found or PREPARING in page.text, page.text[:2000]
            return found

        wait_until(repaired, RECOVERY_SECONDS, f"the index repaired at start (log: {server.log_path})", interval=0.1)
        print(f"\n{damage.__name__}: serving and repaired {time.monotonic() - began:.1f} s after start "
              f"({len(answers)} catalogue pages, all 200)")
        assert _verify(server)


class _started:
    def __init__(self, server: AppProcess):
        self.server = server

    def __enter__(self) -> AppProcess:
        return self.server.start()

    def __exit__(self, *exc_info) -> None:
        self.server.stop()


# -- the same damages in-process: quick and deterministic ---------------------------------------------------------

@pytest.mark.parametrize("damage", [scribble_over_segments, truncate_segments, scribble_over_toc, empty_every_file],
                         ids=lambda d: d.__name__)
def test_a_search_on_damaged_files_says_the_index_is_being_prepared_and_repairs_it(make_user, damage):
    owner = make_user(Role.INNOVATOR)
    innovation = services.create_draft(owner, {"title": "Pelayanan Kartu Keluarga Keliling"})
    db.session.commit()
    service = current_service()
    scope = search_scope(owner)
    assert [hit.id for hit in search(SearchRequest(q="kartu keluarga"), scope).hits] == [innovation.id]

    damage(service.index.path)  # under this thread's open searcher
    assert service.index.health() in {"ok", "corrupt", "missing", "outdated"}  # never an exception
    result = search(SearchRequest(q="kartu keluarga"), scope)
    assert result.unavailable or [hit.id for hit in result.hits] == [innovation.id]
    service.wait_for_repair()
    service.catch_up(force=True)
    assert [hit.id for hit in search(SearchRequest(q="kartu keluarga"), scope).hits] == [innovation.id]
    assert service.verify().total == 0
