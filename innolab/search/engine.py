"""The Whoosh index on local disk: opening, health, safe writes from several processes, one searcher per thread.

Knows nothing of the database; `innolab.search.service` feeds it documents.
"""
from __future__ import annotations

import copy
import fcntl
import gc
import io
import json
import logging
import os
import shutil
import threading
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType

import whoosh
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import LockError
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import CLEAR

from innolab.search.analyzer import ANALYZER_VERSION
from innolab.search.schema import SCHEMA_VERSION, InnovationSchema

log = logging.getLogger(__name__)

META_FILE = "innolab-index.json"
# Present while a rebuild fills an empty index, so that every process says "being prepared" instead of "0 results".
REBUILDING_MARKER = "innolab-rebuilding"
MAINTENANCE_LOCK = ".innolab-maintenance.lock"
# Small segments pile up, one per save; once this many exist a background thread merges them. Saves that come
# during a merge wait for it, so merging rarely keeps that wait out of all but a few percent of saves.
MAX_SEGMENTS = 32
# How often a writer retries a held lock (Whoosh's default, 0.1 s, adds up to that much to a waiting save).
LOCK_RETRY_SECONDS = 0.02
# Segment files are read, not memory-mapped: a mapped file that shrinks under the reader (a truncated index, a
# damaged disk) kills the whole worker with SIGBUS, where a read fails with an error search recovers from.
USE_MMAP = False
WHOOSH_DIR = os.path.dirname(whoosh.__file__) + os.sep


def _deletions(segment) -> frozenset[int]:
    return frozenset(segment.deleted_docs()) if segment.has_deletions() else frozenset()


def _collect_abandoned_files() -> None:
    # Whoosh leaves the files of a damaged index open when it fails to read them; close them now, quietly.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


class _QuietRaw(io.FileIO):
    def __del__(self):
        with suppress(Exception):
            self.close()


class _QuietReader(io.BufferedReader):
    def __del__(self):
        with suppress(Exception):
            self.close()


class _Storage(FileStorage):
    """Index files opened for reading close themselves quietly when collected, as memory-mapped ones did.

    A searcher that is dropped without close() (its thread ended: a request thread of a threaded server) keeps
    its segment files open until it is collected; a plain file would then warn about being left unclosed.
    """

    def open_file(self, name, **kwargs):
        return StructFile(_QuietReader(_QuietRaw(self._fpath(name), "r")), name=name, **kwargs)


def _storage(path: Path) -> FileStorage:
    return _Storage(str(path), supports_mmap=USE_MMAP)


def _raised_in_whoosh(traceback: TracebackType | None) -> bool:
    """Whether the innermost Python frame of a traceback is Whoosh's: it failed reading its files, not our code."""
    last = None
    while traceback is not None:
        last, traceback = traceback, traceback.tb_next
    return last is not None and last.tb_frame.f_code.co_filename.startswith(WHOOSH_DIR)


def _with_deletions_of(old: SegmentReader, segment, generation) -> SegmentReader:
    """The old segment reader, seeing the segment's new deletions.

    Opening a SegmentReader reads the segment's terms and postings into memory (~100 ms for the big segment at 50k
    documents), and every save deletes a document from it; deletions live in the per-document reader alone, so a
    shallow copy with a fresh per-document reader is enough (bench/search_saves.py checks the results agree).
    """
    clone = copy.copy(old)
    clone._segment = segment
    clone._gen = generation
    clone._perdoc = old._codec.per_document_reader(old._storage, segment)
    clone.__dict__.pop("deleted_docs_set", None)  # a cached_property: it would keep the old deletions
    return clone


class _TrackingStorage(_Storage):
    """A FileStorage that can close every file it opened, whatever state the reader gave up in."""

    def __init__(self, path: str):
        super().__init__(path, supports_mmap=USE_MMAP)
        self.opened = []

    def open_file(self, name, **kwargs):
        handle = super().open_file(name, **kwargs)
        self.opened.append(handle)
        return handle

    def close_all(self) -> None:
        for handle in self.opened:
            if not handle.is_closed:
                handle.close()


class IndexUnavailable(Exception):
    """The index is missing, damaged or being rebuilt; search answers again once it is repaired."""


class IndexBusy(Exception):
    """Another process held the index's write lock for longer than we may wait."""


def expected_meta() -> dict:
    return {"analyzer_version": ANALYZER_VERSION, "schema_version": SCHEMA_VERSION}


class SearchIndex:
    def __init__(self, path: str | os.PathLike, lock_timeout: float = 5.0):
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._ix = None
        self._opened = threading.Lock()
        self._local = threading.local()
        self._merging: threading.Thread | None = None
        # The generation a search or save found unreadable although health() passed (damage inside a segment
        # that health's quick look did not touch); repair rebuilds it unless someone rewrote the index since.
        self._damaged_generation: int | None = None

    # -- health -------------------------------------------------------------------------------------------------

    def health(self) -> str:
        """'ok', 'missing', 'outdated' (built by another analyzer or schema) or 'corrupt'."""
        if not self.path.is_dir() or self.latest_generation() < 0:
            return "missing"  # (whoosh's exists_in() would raise on an unreadable TOC and stop the app starting)
        try:
            meta = json.loads((self.path / META_FILE).read_text())
        except (OSError, ValueError):
            return "outdated"
        if meta != expected_meta():
            return "outdated"
        if not self.is_complete():
            return "incomplete"  # a rebuild from empty did not finish
        storage = _TrackingStorage(str(self.path))
        try:
            with storage.open_index().searcher() as searcher:
                searcher.doc_count_all()
                for fields in searcher.all_stored_fields():
                    fields.get("id")
                    break
        except Exception as exc:  # noqa: BLE001 (any failure to read means the files are damaged)
            log.warning("search index at %s unreadable: %s", self.path, exc)
            return "corrupt"
        finally:
            storage.close_all()  # Whoosh leaves a damaged index's files open when it fails to read them
        return "ok"

    def is_complete(self) -> bool:
        return not (self.path / REBUILDING_MARKER).exists()

    def latest_generation(self) -> int:
        """The newest generation on disk (from the TOC files' names alone; -1 when there is none)."""
        try:
            return whoosh_index.TOC._latest_generation(_storage(self.path), whoosh_index._DEF_INDEX_NAME)
        except OSError:
            return -1

    def note_damage(self) -> None:
        self._damaged_generation = self.latest_generation()

    def damage_unrepaired(self) -> bool:
        """A read failed on the generation that is still the newest: the files need rebuilding, not syncing."""
        return self._damaged_generation is not None and self._damaged_generation == self.latest_generation()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Around any use of a searcher: Whoosh failing to read its files becomes IndexUnavailable.

        Damage health() did not see (garbage in the middle of a segment) shows only when a search reads that part;
        it is noted for the repair, and this thread's searcher is dropped. Errors of our own code pass unchanged.
        """
        try:
            yield
        except IndexUnavailable:
            raise
        except Exception as exc:
            if not _raised_in_whoosh(exc.__traceback__):
                raise
            log.warning("search index at %s unreadable: %r", self.path, exc)
            self.note_damage()
            self.close()
            _collect_abandoned_files()
            raise IndexUnavailable(str(exc)) from exc

    def create_empty(self, filling: bool = False) -> None:
        """Start a fresh, empty index (replacing whatever is there); `filling`: marked incomplete until replace_all."""
        self.wait_for_merge()
        self.close()
        if self.path.exists() and not self.path.is_dir():
            self.path.unlink()
        self.path.mkdir(parents=True, exist_ok=True)
        for stale in self.path.iterdir():
            if stale.name not in (MAINTENANCE_LOCK, REBUILDING_MARKER) and stale.is_file():
                stale.unlink()
        marker = self.path / REBUILDING_MARKER
        marker.touch() if filling else marker.unlink(missing_ok=True)
        _storage(self.path).create_index(InnovationSchema())
        self._write_meta()
        self._damaged_generation = None

    def _write_meta(self) -> None:
        temporary = self.path / f".{META_FILE}.{os.getpid()}"
        temporary.write_text(json.dumps(expected_meta()))
        os.replace(temporary, self.path / META_FILE)

    def destroy(self) -> None:
        self.wait_for_merge()
        self.close()
        shutil.rmtree(self.path, ignore_errors=True)

    @contextmanager
    def maintenance(self, wait: bool = False) -> Iterator[bool]:
        """A cross-process lock for rebuilds, so that two workers finding a broken index repair it once.

        Yields False at once (nothing held) when another process is already repairing and `wait` is False.
        """
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / MAINTENANCE_LOCK, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- opening ------------------------------------------------------------------------------------------------

    def index(self):
        with self._opened:
            if self._ix is None:
                try:
                    self._ix = _storage(self.path).open_index()
                except Exception as exc:  # noqa: BLE001
                    raise IndexUnavailable(str(exc)) from exc
            return self._ix

    def close(self) -> None:
        self.release_searcher()
        with self._opened:
            self._ix = None

    def release_searcher(self) -> None:
        """Close this thread's searcher (a thread that ends must: the segment files it reads stay open otherwise)."""
        searcher = getattr(self._local, "searcher", None)
        self._local.searcher = None
        if searcher is not None:
            try:
                searcher.close()
            except Exception:  # noqa: BLE001 (its files may be gone already)
                _collect_abandoned_files()

    def searcher(self):
        """This thread's searcher, refreshed when another writer committed (reopening one costs ~50 ms)."""
        searcher = getattr(self._local, "searcher", None)
        try:
            ix = self.index()
            if searcher is None or ix.latest_generation() != searcher.reader().generation():
                searcher = Searcher(self._fresh_reader(ix, searcher), fromindex=ix)
        except IndexUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 (files vanished or were damaged under us)
            problem = str(exc)
        else:
            self._local.searcher = searcher
            return searcher
        self.close()
        _collect_abandoned_files()
        raise IndexUnavailable(problem)

    @staticmethod
    def _fresh_reader(ix, previous):
        """A reader of the latest generation that reuses the previous one's unchanged segment readers.

        Whoosh's own Searcher.refresh() is unsafe here: it keeps segments a merge removed (duplicate hits) and
        reuses a segment reader whose deletions changed (deleted documents come back).
        """
        toc = ix._read_toc()
        reusable = {}
        if previous is not None:
            for reader, _offset in previous.reader().leaf_readers():
                segment = reader.segment()
                if segment is not None:
                    reusable[segment.segment_id()] = (_deletions(segment), reader)
        readers = []
        for segment in toc.segments:
            deletions, old_reader = reusable.pop(segment.segment_id(), (None, None))
            if old_reader is None:
                readers.append(SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation))
            elif deletions == _deletions(segment):
                readers.append(old_reader)
            else:
                readers.append(_with_deletions_of(old_reader, segment, toc.generation))
        for _deletions_unused, stale_reader in reusable.values():
            stale_reader.close()  # its segment was merged away
        if not readers:
            return EmptyReader(toc.schema)
        if len(readers) == 1:
            readers[0]._gen = toc.generation  # a reused reader now stands for the new generation too
            return readers[0]
        return MultiReader(readers, generation=toc.generation)

    # -- writing ------------------------------------------------------------------------------------------------

    @contextmanager
    def _writer(self, timeout: float | None = None, **options):
        try:
            writer = self.index().writer(timeout=self.lock_timeout if timeout is None else timeout,
                                         delay=LOCK_RETRY_SECONDS, **options)
        except LockError as exc:
            raise IndexBusy(str(self.path)) from exc
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise

    def apply(self, documents: Iterable[dict], deleted_ids: Iterable[str] = (), timeout: float | None = None) -> None:
        """Replace or add `documents` and remove `deleted_ids` in one commit (waits for the lock up to `timeout`).

        Never merges: merging the small segments a save leaves behind happens in the background (merge_soon).
        """
        try:
            with self._writer(timeout) as writer:
                searcher = self.searcher()
                # Holding the lock, our refreshed searcher sees exactly the writer's segments: it finds the old copies
                # without writer.update_document() opening a new reader of every segment on every save.
                current = searcher.reader().generation() == writer.generation - 1
                for doc in documents:
                    self._delete(writer, searcher if current else writer.searcher(), doc["id"])
                    writer.add_document(**doc)
                for doc_id in deleted_ids:
                    self._delete(writer, searcher if current else writer.searcher(), doc_id)
                crowded = len(writer.segments) + 1 >= MAX_SEGMENTS
                writer.commit(merge=False)
        except (IndexBusy, IndexUnavailable):
            raise
        except Exception as exc:  # noqa: BLE001 (the files under the writer are damaged)
            self.note_damage()
            self.close()
            raise IndexUnavailable(str(exc)) from exc
        if crowded:
            self.merge_soon()

    @staticmethod
    def _delete(writer, searcher, doc_id: str) -> None:
        for docnum in list(searcher.document_numbers(id=doc_id)):
            writer.delete_document(docnum)

    def merge_soon(self) -> None:
        """Merge the small segments in a background thread, unless one is at it already."""
        with self._opened:
            if self._merging is not None and self._merging.is_alive():
                return
            self._merging = threading.Thread(target=self._merge_small, name="search-merge", daemon=True)
            self._merging.start()

    def wait_for_merge(self, timeout: float = 60) -> None:
        merging = self._merging
        if merging is not None and merging is not threading.current_thread():
            merging.join(timeout)

    def _merge_small(self) -> None:
        try:
            with self._writer(timeout=0) as writer:  # another writer busy: the next crowded save tries again
                writer.commit(merge=True)
        except (IndexBusy, IndexUnavailable):
            return
        except Exception:  # noqa: BLE001
            log.exception("merging the search index's small segments failed")

    def replace_all(self, documents: Iterable[dict]) -> int:
        """Write every document into one new segment set and swap it in atomically; searchers see old or new."""
        count = 0
        with self._writer(timeout=max(self.lock_timeout, 60.0), limitmb=256) as writer:
            for doc in documents:
                writer.add_document(**doc)
                count += 1
            writer.commit(mergetype=CLEAR)
        self._write_meta()
        (self.path / REBUILDING_MARKER).unlink(missing_ok=True)
        return count

    def stored_signatures(self) -> dict[str, str]:
        """(id → signature) of every document in the index."""
        with self.reading():
            searcher = self.searcher()
            return {fields["id"]: fields.get("signature", "") for fields in searcher.all_stored_fields()}
