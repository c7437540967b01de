"""Keeping the index a projection of the database: apply after commit, catch up, verify, sync, rebuild, repair.

The database is the source of truth. Every path here re-reads the rows it indexes, so applying the same change
twice, late or out of order still converges on what the database holds.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask
from sqlalchemy import inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from innolab.database import read_only
from innolab.extensions import db
from innolab.models import Innovation, Replication
from innolab.models.types import utcnow
from innolab.search.documents import database_signatures, load_documents, replication_counts, signature
from innolab.search.engine import IndexBusy, IndexUnavailable, SearchIndex

log = logging.getLogger(__name__)

# A row's updated_at is set before its transaction commits; look back this far so a slow commit is not missed.
CATCH_UP_MARGIN = timedelta(seconds=60)


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)  # in the database, not in the index
    stale: list[str] = field(default_factory=list)  # in both, with another version
    extra: list[str] = field(default_factory=list)  # in the index only

    @property
    def total(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.extra)


class SearchService:
    def __init__(self, app: Flask):
        self.app = app
        self.index = SearchIndex(app.config["INDEX_DIR"], lock_timeout=app.config["SEARCH_LOCK_TIMEOUT"])
        self.catch_up_every = app.config["SEARCH_CATCH_UP_SECONDS"]
        self.pending: set[int] = set()  # ids whose indexing failed here; retried at the next catch-up
        self.repairing = threading.Event()
        self._repair_thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._last_catch_up = 0.0

    def _session(self) -> Session:
        # Its own connection (after_commit may not use the request's session), reading without the write lock.
        return Session(read_only(db.engine))

    # -- applying changes ---------------------------------------------------------------------------------------

    def after_commit(self, ids: set[int], unit_ids: set[int]) -> None:
        """Index what a commit changed. The save has committed: trouble here must not turn it into an error page."""
        try:
            if unit_ids:
                with self._session() as session:
                    ids = ids | set(session.scalars(select(Innovation.id).where(Innovation.unit_id.in_(unit_ids))))
            self.index_ids(ids)
        except Exception:
            log.exception("indexing after commit failed; %d innovation(s) left for the next catch-up", len(ids))
            self.defer(ids)

    def index_ids(self, ids: Iterable[int], timeout: float | None = None) -> bool:
        """Bring these innovations up to date in the index. False (and retried later) when that was not possible."""
        wanted = set(ids)
        with self._lock:
            wanted |= self.pending
            self.pending.clear()
        if not wanted:
            return True
        with self._session() as session:
            documents = list(load_documents(session, wanted))
        gone = wanted - {int(doc["id"]) for doc in documents}
        try:
            self.index.apply(documents, [str(i) for i in gone], timeout=timeout)
        except IndexBusy:
            log.warning("search index busy; %d innovation(s) will be indexed at the next catch-up", len(wanted))
        except IndexUnavailable as exc:
            log.warning("search index unavailable (%s); repairing it", exc)
            self.repair_in_background()
        else:
            return True
        self.defer(wanted)
        return False

    def defer(self, ids: Iterable[int]) -> None:
        """Leave these for the next catch-up (a failed attempt must not lose them)."""
        with self._lock:
            self.pending |= set(ids)

    def catch_up(self, force: bool = False) -> None:
        """Index what other processes (or hosts) changed recently, and what failed here; throttled per process."""
        now = time.monotonic()
        with self._lock:
            if not force and now - self._last_catch_up < self.catch_up_every:
                return
            self._last_catch_up = now
        if self.repairing.is_set():
            return
        since = utcnow() - CATCH_UP_MARGIN - timedelta(seconds=self.catch_up_every)
        with self._session() as session:
            recent = dict(session.execute(
                select(Innovation.id, Innovation.version_id).where(Innovation.updated_at >= since)
            ).all())
            replicated = set(session.scalars(
                select(Replication.source_innovation_id).where(Replication.updated_at >= since)
            ))
            versions = recent | dict(session.execute(
                select(Innovation.id, Innovation.version_id).where(Innovation.id.in_(replicated - recent.keys()))
            ).all())
            counts = replication_counts(session, versions)
        try:
            with self.index.reading():
                searcher = self.index.searcher()
                changed = {
                    id_ for id_, version in versions.items()
                    if (searcher.document(id=str(id_)) or {}).get("signature") != signature(version, counts.get(id_, 0))
                }
        except IndexUnavailable:
            self.repair_in_background()
            return
        if changed or self.pending:
            self.index_ids(changed, timeout=0.5)  # never hold a search up behind a long rebuild

    # -- reconciling --------------------------------------------------------------------------------------------

    def verify(self) -> Drift:
        with self._session() as session:
            expected = database_signatures(session)
        actual = self.index.stored_signatures()
        return Drift(
            missing=sorted(set(expected) - set(actual), key=int),
            stale=sorted((i for i in expected.keys() & actual.keys() if expected[i] != actual[i]), key=int),
            extra=sorted(set(actual) - set(expected), key=int),
        )

    def sync(self) -> Drift:
        """Repair whatever verify finds; returns what it repaired."""
        drift = self.verify()
        if drift.total:
            ids = [int(i) for i in drift.missing + drift.stale + drift.extra]
            if not self.index_ids(ids):
                raise IndexBusy("index busy; run sync again")
        return drift

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Rebuild every document from the database; searchers keep the old index until the new one is complete."""
        with self.index.maintenance(wait=True):
            return self._rebuild_now(progress)

    def _rebuild_now(self, progress: Callable[[int], None] | None = None) -> int:
        started = utcnow()
        if self.index.damage_unrepaired() or self.index.health() != "ok":
            self.index.create_empty(filling=True)
        with self._session() as session:
            count = self.index.replace_all(_counting(load_documents(session), progress))
        self.index.close()
        self._index_changed_since(started)
        return count

    def _index_changed_since(self, started) -> None:
        # Saves that committed while the rebuild read older rows.
        since = started - CATCH_UP_MARGIN
        with self._session() as session:
            ids = set(session.scalars(select(Innovation.id).where(Innovation.updated_at >= since)))
            ids |= set(session.scalars(select(Replication.source_innovation_id).where(Replication.updated_at >= since)))
        self.index_ids(ids)

    # -- start-up and repair ------------------------------------------------------------------------------------

    def ensure_ready(self, background: bool = True) -> None:
        """On start: a missing, damaged or outdated index is rebuilt, a healthy one synced with the database.

        In the background the app serves meanwhile (the search page says the index is being prepared).
        """
        try:
            with self.app.app_context():
                if not inspect(db.engine).has_table(Innovation.__tablename__):
                    return  # a database not migrated yet: nothing to index
        except SQLAlchemyError as exc:  # the database is down: search repairs itself once it answers
            log.warning("search index not checked at start, database unavailable: %s", exc)
            return
        state = self.index.health()
        if state != "ok":
            log.warning("search index at %s is %s; rebuilding it from the database", self.index.path, state)
        # A healthy index is still compared with the database: a host that was down missed other hosts' saves.
        if background:
            self.repair_in_background()
        else:
            self.wait_for_repair()
            self._repair(wait=True)

    def repair_in_background(self) -> None:
        with self._lock:
            if self._repair_thread is not None and self._repair_thread.is_alive():
                return
            self.repairing.set()
            # Not a daemon: a command (seed-demo, import) that started a repair finishes it before exiting.
            self._repair_thread = threading.Thread(target=self._repair, name="search-repair")
            self._repair_thread.start()

    def wait_for_repair(self, timeout: float | None = None) -> None:
        thread = self._repair_thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _repair(self, wait: bool = False) -> None:
        self.repairing.set()
        try:
            with self.app.app_context(), self.index.maintenance(wait=wait) as mine:
                if not mine:
                    return  # another process is repairing the same folder
                if not self.index.damage_unrepaired() and self.index.health() == "ok":
                    try:
                        drift = self.sync()
                    except IndexUnavailable as exc:  # damage health's quick look missed: noted, rebuilt below
                        log.warning("search index unreadable while checking it (%s); rebuilding it", exc)
                    else:
                        log.log(logging.WARNING if drift.total else logging.INFO,
                                "search index checked against the database: %d difference(s) repaired", drift.total)
                        return
                log.warning("search index rebuilt: %d innovations", self._rebuild_now())
        except Exception:
            log.exception("search index repair failed")
        finally:
            if threading.current_thread() is self._repair_thread:
                self.index.release_searcher()
            self.repairing.clear()


def _counting(documents, progress):
    for number, doc in enumerate(documents, start=1):
        if progress:
            progress(number)
        yield doc
