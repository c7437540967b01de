"""What a save costs: SearchIndex.apply and the searcher refresh that follows, now and as first written.

Run by hand from the repo root (same corpus as bench/search.py):

    python bench/search_saves.py [--size 10000] [--saves 100] [--index DIR]

--index reuses an index built by bench/search_profile.py (it is copied first: saves change it).

"First written" (commit c725a93) is reproduced here by FirstSearchIndex: writer.update_document() (which opens
a fresh reader of every segment, the big one included, on every save), merging in the save once 12 segments
pile up, and a refresh that reopens the big segment whenever its deletions changed, i.e. after every save.
Each variant is checked to show what a freshly opened searcher shows.
"""
from __future__ import annotations

import argparse
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

FIRST_MAX_SEGMENTS = 12  # c725a93 merged in the save once this many segments piled up


class FirstSearchIndex(SearchIndex):
    """SearchIndex.apply and _fresh_reader as commit c725a93 had them."""

    def apply(self, documents, deleted_ids=(), timeout=None) -> None:
        with self._writer(timeout) as writer:
            for doc in documents:
                writer.update_document(**doc)
            for doc_id in deleted_ids:
                writer.delete_by_term("id", doc_id)
            writer.commit(merge=len(writer.segments) >= FIRST_MAX_SEGMENTS)

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
            if old_reader is not None and deletions == _deletions(segment):
                readers.append(old_reader)
            else:
                readers.append(SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation))
        for _deletions_unused, stale_reader in reusable.values():
            stale_reader.close()
        if not readers:
            return EmptyReader(toc.schema)
        if len(readers) == 1:
            readers[0]._gen = toc.generation
            return readers[0]
        return MultiReader(readers, generation=toc.generation)


def merge_all_small(writer, segments):
    """A merge policy: every segment but the largest into one."""
    largest = max(segments, key=lambda segment: segment.doc_count_all())
    for segment in segments:
        if segment is not largest:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return [largest]


def saves(path: Path, vocab, docs: list[dict], count: int, index_class, spaced: bool) -> dict:
    """`count` saves, each followed by a searcher refresh (what the next search pays); spaced: each save once
    the background merge the previous one started (if any) has finished, as when saves are seconds apart."""
    rng = random.Random(f"{bench.SEED}:saves")
    updates = [bench.edited(vocab, docs[rng.randrange(len(docs))], rng) for _ in range(count)]
    writer, reader = index_class(path), index_class(path)
    reader.searcher()
    applies, reopens = [], []
    for doc in updates:
        if spaced:
            bench.background_done(writer)
        started = time.perf_counter()
        writer.apply([doc])
        applies.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        reader.searcher()
        reopens.append((time.perf_counter() - started) * 1000)
        app._search(reader.searcher(), app.SearchRequest(q=title_words(doc)), None)  # in use, as in the app
    bench.background_done(writer)
    segments = len(writer.index()._segments())
    started = time.perf_counter()
    with writer._writer() as w:
        w.commit(mergetype=merge_all_small)
    merge_ms = (time.perf_counter() - started) * 1000
    fresh = SearchIndex(path)
    same = agree(reader.searcher(), fresh.searcher(), updates)
    for index in (writer, reader, fresh):
        index.close()
    return {"applies": applies, "reopens": reopens, "segments": segments, "merge_ms": merge_ms, "same": same}


def agree(searcher, fresh, updates: list[dict]) -> bool:
    """The refreshed searcher sees what a freshly opened one sees: the counts, and for words of the edited
    documents' titles (which their old, deleted copies hold too) the same totals and hits, each id once."""
    if searcher.doc_count() != fresh.doc_count() or searcher.doc_count_all() != fresh.doc_count_all():
        return False
    for doc in updates[-30:]:
        one = app._search(searcher, app.SearchRequest(q=title_words(doc), per_page=50), None)
        other = app._search(fresh, app.SearchRequest(q=title_words(doc), per_page=50), None)
        ids = [h.id for h in one.hits]
        if one.total != other.total or ids != [h.id for h in other.hits] or len(ids) != len(set(ids)):
            return False
    return True


def title_words(doc: dict) -> str:
    return " ".join(word for word in doc["title"].split() if not word.islower())  # capitalised: not stop words


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
              f"innolab/search as measured: {bench.CODE_AT_START}")
        for number, (label, index_class, spaced) in enumerate((
            ("as first written (c725a93), back to back", FirstSearchIndex, False),
            ("the app now, back to back", SearchIndex, False),
            ("the app now, spaced (background merges finish between)", SearchIndex, True),
        )):
            path = shutil.copytree(base, work / f"variant-{number}")
            r = saves(path, vocab, docs, args.saves, index_class, spaced)
            applies, reopens = r["applies"], r["reopens"]
            print(f"  {label:<57} apply p50 {bench.percentile(applies, 50):6.1f} p95 "
                  f"{bench.percentile(applies, 95):6.1f} max {max(applies):6.1f} | refresh p50 "
                  f"{bench.percentile(reopens, 50):6.1f} p95 {bench.percentile(reopens, 95):6.1f} ms | "
                  f"{r['segments']} segments left, merging them all: {r['merge_ms']:.0f} ms | "
                  f"same results: {r['same']}",
                  flush=True)
            shutil.rmtree(path)


if __name__ == "__main__":
    main()
