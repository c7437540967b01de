"""Where SearchIndex.replace_all spends its time, and what candidate changes would save.

Run by hand from the repo root (same corpus as bench/search.py):

    python bench/search_build.py [--size 5000]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search as bench  # noqa: E402 (bench/search.py)
from whoosh import index as whoosh_index  # noqa: E402
from whoosh.analysis import RegexTokenizer  # noqa: E402
from whoosh.writing import CLEAR  # noqa: E402

from innolab.search import analyzer  # noqa: E402
from innolab.search.engine import SearchIndex  # noqa: E402
from innolab.search.schema import InnovationSchema  # noqa: E402

TEXT_FIELDS = ("title", "summary", "body", "spelling")


def warm_stems(docs: list[dict]) -> None:
    """Fill the stem memo with every word of the corpus (what a persisted stem table would give a rebuild)."""
    for word in distinct_words(docs):
        analyzer.stem(word)


def distinct_words(docs: list[dict]) -> set[str]:
    tokenizer = RegexTokenizer(r"[^\W_]+")
    return {token.text.lower() for doc in docs for name in TEXT_FIELDS for token in tokenizer(doc.get(name, ""))}


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def build_with(path: Path, docs: list[dict], schema, procs: int = 1, **options) -> float:
    """A replace_all with another schema or writer: fresh index, add every document, one commit."""
    path.mkdir(parents=True)
    ix = whoosh_index.create_in(str(path), schema)
    started = time.perf_counter()
    if procs > 1:
        writer = ix.writer(procs=procs, limitmb=128, **options)
    else:
        writer = ix.writer(limitmb=256)
    names = set(schema.names())
    for doc in docs:
        writer.add_document(**{k: v for k, v in doc.items() if k in names})
    writer.commit(**({} if procs > 1 else {"mergetype": CLEAR}))
    return time.perf_counter() - started


def analysis_only(docs: list[dict]) -> float:
    schema = InnovationSchema()
    analyzers = {name: schema[name].analyzer for name in TEXT_FIELDS}

    def run():
        for doc in docs:
            for name, analyze in analyzers.items():
                for _token in analyze(doc.get(name, "")):
                    pass
    return timed(run)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args(argv)
    vocab = bench.build_vocabulary()
    docs = bench.corpus(vocab, args.size)
    n = len(docs)
    with tempfile.TemporaryDirectory(prefix="innolab-build-") as tmp:
        work = Path(tmp)
        print(f"N={n}; load average {bench.load_average()}")

        def report(label: str, seconds: float) -> None:
            print(f"  {label:<66} {seconds:7.1f} s  {n / seconds:6.0f} doc/s", flush=True)

        bench.cold_stems()
        words = distinct_words(docs)
        stem_s = timed(lambda: [analyzer.stem(w) for w in words])
        print(f"  stemming the corpus's {len(words)} distinct words, cold: {stem_s:.1f} s "
              f"({1000 * stem_s / len(words):.2f} ms a word)")
        report("app: replace_all, cold stem memo", bench.build_whoosh(work / "a", docs))
        warm_stems(docs)
        report("analysis only, warm memo (title, summary, body, spelling)", analysis_only(docs))
        report("app: replace_all, warm stem memo", build_warm(work / "b", docs))
        schema = InnovationSchema()
        schema.remove("spelling")
        report("schema without the spelling field, warm memo", build_with(work / "c", docs, schema))
        report("procs=2 multisegment, warm memo (workers inherit it by fork)",
               build_with(work / "d", docs, InnovationSchema(), procs=2, multisegment=True))
        report("procs=2 multisegment, no spelling field, warm memo",
               build_with(work / "e", docs, schema, procs=2, multisegment=True))


def build_warm(path: Path, docs: list[dict]) -> float:
    index = SearchIndex(path)
    index.create_empty()
    seconds = timed(lambda: index.replace_all(docs))
    index.close()
    return seconds


if __name__ == "__main__":
    main()
