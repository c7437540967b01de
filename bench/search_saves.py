"""What a save costs: SearchIndex.apply (with its merges) and the searcher reopen that follows, with prototypes.

Run by hand from the repo root (same corpus as bench/search.py):

    python bench/search_saves.py [--size 10000] [--saves 100] [--index DIR]

--index reuses an index built by bench/search_profile.py (it is copied first: saves change it).
"""
from __future__ import annotations

import argparse
import copy
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search as bench  # noqa: E402 (bench/search.py)
from whoosh.reading import EmptyReader, MultiReader, SegmentReader  # noqa: E402

from innolab.search import query as app  # noqa: E402
from innolab.search.engine import SearchIndex, _deletions  # noqa: E402


def merge_all_small(writer, segments):
    """A merge policy: every segment but the largest into one (what a background merge would do)."""
    largest = max(segments, key=lambda segment: segment.doc_count_all())
    for segment in segments:
        if segment is not largest:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return [largest]


class CloningSearchIndex(SearchIndex):
    """SearchIndex whose refresh keeps a segment's term and postings readers when only its deletions changed.

    Opening a SegmentReader copies the segment's terms and postings files out of the compound file into memory
    (whoosh BufferFile → BytesIO) and unpickles the term index: ~100 ms for the big segment at 50k documents, and
    every save deletes a document from it. Deletions live in the per-document reader alone, so a shallow copy
    of the old reader with a per-document reader for the new segment object is enough.
    """

    @staticmethod
    def _fresh_reader(ix, previous):
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
            stale_reader.close()
        if not readers:
            return EmptyReader(toc.schema)
        if len(readers) == 1:
            readers[0]._gen = toc.generation
            return readers[0]
        return MultiReader(readers, generation=toc.generation)


class ReusingSearchIndex(CloningSearchIndex):
    """CloningSearchIndex whose apply() finds the documents to replace with this thread's searcher (refreshed,
    cheaply, to the generation the writer locked) instead of writer.update_document(), which opens a fresh
    reader of every segment (the big one included) on every save. merge=False leaves merging to someone else."""

    def __init__(self, *args, merge: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.merge = merge

    def apply(self, documents, deleted_ids=(), timeout=None) -> None:
        with self._writer(timeout) as writer:
            searcher = self.searcher()
            if searcher.reader().generation() != writer.generation - 1:
                raise RuntimeError("searcher and writer disagree on the generation")  # the prototype's guard
            for doc in documents:
                self._delete(writer, searcher, doc["id"])
                writer.add_document(**doc)
            for doc_id in deleted_ids:
                self._delete(writer, searcher, doc_id)
            merge = self.merge and len(writer.segments) >= 12
            writer.commit(merge=merge)

    @staticmethod
    def _delete(writer, searcher, doc_id: str) -> None:
        docnum = searcher.document_number(id=doc_id)
        if docnum is not None:
            writer.delete_document(docnum)


def _with_deletions_of(old: SegmentReader, segment, generation) -> SegmentReader:
    clone = copy.copy(old)
    clone._segment = segment
    clone._gen = generation
    clone._perdoc = old._codec.per_document_reader(old._storage, segment)
    clone.__dict__.pop("deleted_docs_set", None)  # a cached_property: the copy would keep the old deletions
    return clone


class NoMergeSearchIndex(SearchIndex):
    def apply(self, documents, deleted_ids=(), timeout=None) -> None:
        with self._writer(timeout) as writer:
            for doc in documents:
                writer.update_document(**doc)
            writer.commit(merge=False)


def saves(path: Path, vocab, docs: list[dict], count: int, merge: bool, index_class) -> dict:
    """apply() as the app does it (merge=True: MERGE_SMALL once 12 segments pile up) or never merging; each
    followed by a searcher refresh; then one merge of all the small segments."""
    rng = random.Random(f"{bench.SEED}:saves")
    updates = [bench.edited(vocab, docs[rng.randrange(len(docs))], rng) for _ in range(count)]
    reader = index_class(path)
    if index_class is ReusingSearchIndex:
        writer = ReusingSearchIndex(path, merge=merge)
    else:
        writer = SearchIndex(path) if merge else NoMergeSearchIndex(path)
    reader.searcher()
    applies, reopens = [], []
    for doc in updates:
        started = time.perf_counter()
        writer.apply([doc])
        applies.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        reader.searcher()
        reopens.append((time.perf_counter() - started) * 1000)
    segments = len(writer.index()._segments())
    started = time.perf_counter()
    with writer._writer() as w:
        w.commit(mergetype=merge_all_small)
    merge_ms = (time.perf_counter() - started) * 1000
    searcher = reader.searcher()
    fresh = SearchIndex(path)
    same = agree(searcher, fresh.searcher(), updates)
    writer.close()
    reader.close()
    fresh.close()
    return {"applies": applies, "reopens": reopens, "segments": segments, "merge_ms": merge_ms, "same": same}


def agree(searcher, fresh, updates: list[dict]) -> bool:
    """The refreshed searcher sees what a freshly opened one sees: the counts, and for words of the edited
    documents' titles (which their old, deleted copies hold too) the same totals and hits, each id once."""
    if searcher.doc_count() != fresh.doc_count() or searcher.doc_count_all() != fresh.doc_count_all():
        return False
    for doc in updates[-30:]:
        text = " ".join(word for word in doc["title"].split() if not word.islower())  # the title's content words
        one = app._search(searcher, app.SearchRequest(q=text, per_page=50), None)
        other = app._search(fresh, app.SearchRequest(q=text, per_page=50), None)
        ids = [h.id for h in one.hits]
        if one.total != other.total or ids != [h.id for h in other.hits] or len(ids) != len(set(ids)):
            return False
    return True


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--index", help="an existing index of --size documents to copy instead of building one")
    args = parser.parse_args(argv)
    vocab = bench.build_vocabulary()
    docs = bench.corpus(vocab, args.size)
    with tempfile.TemporaryDirectory(prefix="innolab-saves-") as tmp:
        work = Path(tmp)
        base = work / "base"
        if args.index:
            shutil.copytree(args.index, base)
        else:
            bench.build_whoosh(base, docs)
        print(f"N={args.size}, {args.saves} saves each; load average {bench.load_average()}; "
              f"innolab/search as measured: {bench.code_fingerprint()}")
        for label, merge, index_class in (
            ("app: apply, then SearchIndex.searcher()", True, SearchIndex),
            ("app apply, then the cloning refresh", True, CloningSearchIndex),
            ("apply with commit(merge=False), cloning refresh", False, CloningSearchIndex),
            ("apply deleting via the cached searcher, cloning", True, ReusingSearchIndex),
            ("  same, never merging (merge left to the background)", False, ReusingSearchIndex),
        ):
            path = shutil.copytree(base, work / label.replace(" ", "_").replace(",", "").replace(":", ""))
            r = saves(path, vocab, docs, args.saves, merge, index_class)
            applies, reopens = r["applies"], r["reopens"]
            print(f"  {label:<52} apply p50 {bench.percentile(applies, 50):6.1f} p95 "
                  f"{bench.percentile(applies, 95):6.1f} max {max(applies):6.1f} | reopen p50 "
                  f"{bench.percentile(reopens, 50):6.1f} p95 {bench.percentile(reopens, 95):6.1f} ms | "
                  f"{r['segments']} segments, merging them: {r['merge_ms']:.0f} ms | same results: {r['same']}",
                  flush=True)
            shutil.rmtree(path)


if __name__ == "__main__":
    main()
