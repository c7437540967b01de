"""Where Whoosh search time goes, and what candidate changes to innolab/search/query.py would save.

Run by hand from the repo root (after or instead of bench/search.py; same corpus and queries):

    python bench/search_profile.py [--size 10000] [--queries 100] [--profile-queries 50] [--index DIR]

--index keeps the built index in DIR and reuses it on the next run (a 50k build takes minutes).
Prints a cProfile of the app's `_search`, the cost of each piece timed on its own, and prototypes of faster
variants (`fast_search` below) checked to give the same totals, facets and top-10 ids as the app.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search as bench  # noqa: E402 (bench/search.py)
from whoosh import highlight, sorting  # noqa: E402
from whoosh.idsets import BitSet  # noqa: E402
from whoosh.query import And  # noqa: E402

from innolab.search import query as app  # noqa: E402
from innolab.search.engine import SearchIndex  # noqa: E402
from innolab.search.schema import FACETS  # noqa: E402

FACET_OPTIONS = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in FACETS}


def ensure_index(path: Path, vocab, size: int) -> None:
    index = SearchIndex(path)
    if index.health() == "ok" and index.index().doc_count_all() == size:
        index.close()
        return
    bench.log(f"building a {size}-document index in {path}")
    seconds = bench.build_whoosh(path, bench.corpus(vocab, size))
    bench.log(f"built in {seconds:.1f} s")


def compare(variants: dict, texts: list[str], repeats: int) -> dict[str, list[float]]:
    """Per query, the best of `repeats` runs of every variant, the variants taking turns query by query, so that
    load from elsewhere on the machine and drift hit them alike. CPU time of this process, not wall time: on a
    shared machine wall time moves with other people's work. A variant may return its own time in ms."""
    for function in variants.values():
        for text in texts[:5]:
            function(text)
    best = {label: [float("inf")] * len(texts) for label in variants}
    for _round in range(repeats):
        for i, text in enumerate(texts):
            for label, function in variants.items():
                started = time.process_time()
                outcome = function(text)
                elapsed = outcome if isinstance(outcome, float) else (time.process_time() - started) * 1000
                best[label][i] = min(best[label][i], elapsed)
    return best


def summary(label: str, times: list[float], baseline: list[float] | None = None) -> None:
    mean = sum(times) / len(times)
    share = f"{100 * mean / (sum(baseline) / len(baseline)):5.0f}%" if baseline else ""
    print(f"  {label:<66} p50 {bench.percentile(times, 50):7.1f}  p95 {bench.percentile(times, 95):7.1f}  "
          f"mean {mean:7.1f} ms CPU {share}", flush=True)


# -- the pieces of the app's _search, one at a time -------------------------------------------------------------


def pieces(searcher, texts: list[str]) -> dict[str, callable]:
    parse = app._PARSER.parse

    def search_as_app(text, **changes):
        options = {"limit": 10, "terms": True, "filter": app._PUBLISHED, "groupedby": FACET_OPTIONS}
        options.update(changes)
        options = {k: v for k, v in options.items() if v is not None}
        results = searcher.search(parse(text), **options)
        len(results)
        return results

    def highlights(text):
        results = searcher.search(parse(text), limit=10, terms=True, filter=app._PUBLISHED)
        results.formatter = app._formatter()
        results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
        started = time.process_time()
        for hit in results[:10]:
            app._hit(hit, True)
        return (time.process_time() - started) * 1000

    visible = BitSet(searcher.docs_for_query(app._PUBLISHED), size=searcher.doc_count_all())
    return {
        "app _search (everything, as the page calls it)": lambda t: app._search(searcher, app.SearchRequest(q=t), None),
        "searcher.search as the app calls it (filter+8 facets+terms), no highlights": search_as_app,
        "  same without facets (groupedby=None: top-10 collector)": lambda t: search_as_app(t, groupedby=None),
        "  same without terms=True": lambda t: search_as_app(t, terms=None),
        "  same without the published filter": lambda t: search_as_app(t, filter=None),
        "  same with the filter as a cached BitSet": lambda t: search_as_app(t, filter=visible),
        "  no facets, no terms, cached filter": lambda t: search_as_app(t, groupedby=None, terms=None, filter=visible),
        "  no facets, no terms, no filter (bare top 10)": lambda t: search_as_app(t, groupedby=None, terms=None,
                                                                                filter=None),
        "docs_for_query(query) (unscored match set)": lambda t: list(searcher.docs_for_query(parse(t))),
        "docs_for_query(Term('published','1')) (the filter, per query)":
            lambda t: BitSet(searcher.docs_for_query(app._PUBLISHED), size=searcher.doc_count_all()),
        "query parsing": parse,
        "_hit() highlights of the top 10 (timed alone)": highlights,
    }


# -- a prototype of a faster _search ----------------------------------------------------------------------------


class GenerationCache:
    """What a searcher can reuse across queries until the index changes: the visible docs and facet arrays."""

    def __init__(self, searcher):
        reader = searcher.reader()
        size = reader.doc_count_all()
        self.visible = BitSet(searcher.docs_for_query(app._PUBLISHED), size=size)
        self.facets = {}
        for name in FACETS:
            values, column = [""], [0] * size  # index 0: the document has no value
            for term in reader.lexicon(name):
                values.append(term.decode())
                for docnum in reader.postings(name, term).all_ids():
                    column[docnum] = len(values) - 1
            self.facets[name] = (values, column)


_caches: dict[int, tuple[object, GenerationCache]] = {}


def generation_cache(searcher) -> GenerationCache:
    # Keyed by the reader object: SearchIndex.searcher() makes a new reader whenever the generation changes.
    reader = searcher.reader()
    cached = _caches.get(id(reader))
    if cached is None or cached[0] is not reader:
        _caches.clear()
        cached = _caches[id(reader)] = (reader, GenerationCache(searcher))
    return cached[1]


def fast_search(searcher, request: app.SearchRequest) -> app.SearchResult:
    """_search for the anonymous, relevance-sorted, page-1-filters-off case, done the cheap way:

    1. the visibility filter's docs cached per index generation (not recomputed per query);
    2. the match set found unscored (docs_for_query), intersected with it: that is the total;
    3. all eight facet counts in one pass over that set, from per-generation docnum→value arrays;
    4. the top 10 from Whoosh's top-N collector with block-quality skipping, filtered by the cached set, no terms.
    """
    text = request.q.strip()
    cache = generation_cache(searcher)
    query = app._PARSER.parse(text)
    matched = [d for d in searcher.docs_for_query(query) if d in cache.visible]
    loosened = False
    if not matched and len(query.all_terms()) > 1:
        query = app._ANY_WORD_PARSER.parse(text)
        matched = [d for d in searcher.docs_for_query(query) if d in cache.visible]
        loosened = bool(matched)
    facets = {}
    for name in FACETS:
        values, column = cache.facets[name]
        counts = Counter(column[d] for d in matched)
        facets[name] = sorted(((values[i], n) for i, n in counts.items() if i), key=lambda item: (-item[1], item[0]))
    results = searcher.search(query, limit=request.per_page, filter=cache.visible)
    results.formatter = app._formatter()
    results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
    hits = [app._hit(hit, True) for hit in results[:request.per_page]]
    total = len(matched)
    suggestion = app._suggest(searcher, text) if total < app.FEW_RESULTS else None
    return app.SearchResult(hits, total, 1, request.per_page, facets, suggestion, loosened=loosened)


def lean_search(searcher, request: app.SearchRequest) -> app.SearchResult:
    """The app's _search with two small changes: the published filter's docs cached per index generation, and
    terms=False (highlighting then marks the query's terms, which is what it shows anyway)."""
    text = request.q.strip()
    query = app._PARSER.parse(text)
    options = {"filter": generation_cache(searcher).visible, "groupedby": FACET_OPTIONS}
    results = searcher.search(query, limit=request.per_page, **options)
    loosened = False
    if results.is_empty() and len(query.all_terms()) > 1:
        results = searcher.search(app._ANY_WORD_PARSER.parse(text), limit=request.per_page, **options)
        loosened = not results.is_empty()
    results.formatter = app._formatter()
    results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
    total = len(results)
    hits = [app._hit(hit, True) for hit in results[:request.per_page]]
    facets = {name: app._facet_counts(results, name) for name in FACETS}
    suggestion = app._suggest(searcher, text) if total < app.FEW_RESULTS else None
    return app.SearchResult(hits, total, 1, request.per_page, facets, suggestion, loosened=loosened)


def lean_array_search(searcher, request: app.SearchRequest) -> app.SearchResult:
    """lean_search with the facets counted from per-generation arrays over all the (scored) matches, instead of
    Whoosh's FacetCollector with eight categorizers (limit=None keeps every match, so the total stays exact)."""
    text = request.q.strip()
    cache = generation_cache(searcher)
    query = app._PARSER.parse(text)
    results = searcher.search(query, limit=None, filter=cache.visible)
    loosened = False
    if results.is_empty() and len(query.all_terms()) > 1:
        results = searcher.search(app._ANY_WORD_PARSER.parse(text), limit=None, filter=cache.visible)
        loosened = not results.is_empty()
    matched = [docnum for _score, docnum in results.top_n]
    facets = {}
    for name in FACETS:
        values, column = cache.facets[name]
        counts = Counter(column[d] for d in matched)
        facets[name] = sorted(((values[i], n) for i, n in counts.items() if i), key=lambda item: (-item[1], item[0]))
    results.formatter = app._formatter()
    results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
    hits = [app._hit(hit, True) for hit in results[:request.per_page]]
    total = len(matched)
    suggestion = app._suggest(searcher, text) if total < app.FEW_RESULTS else None
    return app.SearchResult(hits, total, 1, request.per_page, facets, suggestion, loosened=loosened)


def hybrid_search(searcher, request: app.SearchRequest, share: float = 0.04) -> app.SearchResult:
    """fast_search when the query's estimated matches exceed `share` of the index (its unscored pass and top-N
    collector win on big result sets), lean_array_search otherwise (one pass wins on small ones)."""
    estimate = app._PARSER.parse(request.q.strip()).estimate_size(searcher.reader())
    big = estimate > share * searcher.doc_count_all()
    return fast_search(searcher, request) if big else lean_array_search(searcher, request)


def filter_in_query_search(searcher, request: app.SearchRequest) -> app.SearchResult:
    """Only change 1 of fast_search's list, in the app's own shape: the filter folded into the query."""
    text = request.q.strip()
    query = And([app._PARSER.parse(text), app._PUBLISHED])
    results = searcher.search(query, limit=request.per_page, terms=True, groupedby=FACET_OPTIONS)
    results.formatter = app._formatter()
    results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
    hits = [app._hit(hit, True) for hit in results[:request.per_page]]
    facets = {name: app._facet_counts(results, name) for name in FACETS}
    return app.SearchResult(hits, len(results), 1, request.per_page, facets)


def check_same(searcher, texts: list[str], variant) -> tuple[int, int, int]:
    """(totals differing, facets differing, top-10 id lists differing) of a variant against the app."""
    totals = facets = tops = 0
    for text in texts:
        expected = app._search(searcher, app.SearchRequest(q=text), None)
        got = variant(searcher, app.SearchRequest(q=text))
        totals += expected.total != got.total
        facets += expected.facets != got.facets
        tops += [h.id for h in expected.hits] != [h.id for h in got.hits]
    return totals, facets, tops


def profile(searcher, texts: list[str], lines: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        app._search(searcher, app.SearchRequest(q=text), None)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines)
    return out.getvalue()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=100, help="queries timed per variant")
    parser.add_argument("--profile-queries", type=int, default=50, help="queries under cProfile")
    parser.add_argument("--index", help="keep and reuse the index in this directory")
    parser.add_argument("--profile-lines", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3, help="runs per query and variant; the best counts")
    parser.add_argument("--prototypes-only", action="store_true", help="skip the profile and the pieces")
    args = parser.parse_args(argv)

    vocab = bench.build_vocabulary()
    texts = bench.queries(vocab, args.queries, bench.SEED)  # the first queries of bench/search.py's list
    workdir = None if args.index else tempfile.TemporaryDirectory(prefix="innolab-profile-")
    path = Path(args.index) if args.index else Path(workdir.name) / "index"
    ensure_index(path, vocab, args.size)
    searcher = SearchIndex(path).searcher()
    for text in bench.queries(vocab, bench.WARMUP_QUERIES, bench.SEED + 1):
        app._search(searcher, app.SearchRequest(q=text), None)
    results = [app._search(searcher, app.SearchRequest(q=t), None) for t in texts]
    totals = sorted(r.total for r in results)
    print(f"N={args.size}, {len(texts)} queries; results per query: median {totals[len(totals) // 2]}, "
          f"p90 {bench.percentile(totals, 90)}, max {totals[-1]}; {sum(r.loosened for r in results)} fell back "
          f"to any-word, {sum(r.suggestion is not None for r in results)} got a suggestion; "
          f"load average {bench.load_average()}\ninnolab/search as measured: {bench.CODE_AT_START}")

    if not args.prototypes_only:
        print("\n== cProfile of the app's _search ==")
        print(profile(searcher, texts[:args.profile_queries], args.profile_lines))

        print(f"== the pieces, timed one by one: best of {args.repeats} per query, taking turns "
              f"(share = of the app's mean) ==")
        times = compare(pieces(searcher, texts), texts, args.repeats)
        baseline = next(iter(times.values()))
        for label, values in times.items():
            summary(label, values, baseline)

    print("\n== prototypes (same method) ==")
    request = app.SearchRequest
    prototypes = {
        "app _search": lambda t: app._search(searcher, request(q=t), None),
        "filter folded into the query (And), else as the app": lambda t: filter_in_query_search(searcher, request(q=t)),
        "lean_search (the app + cached filter + terms=False)": lambda t: lean_search(searcher, request(q=t)),
        "lean_array_search (lean + facets from per-generation arrays)":
            lambda t: lean_array_search(searcher, request(q=t)),
        "fast_search (cached filter, unscored matches, array facets, top-N)":
            lambda t: fast_search(searcher, request(q=t)),
        "hybrid_search (fast_search if > 4% estimated matches, else lean_array)":
            lambda t: hybrid_search(searcher, request(q=t)),
    }
    times = compare(prototypes, texts, args.repeats)
    baseline = next(iter(times.values()))
    for label, values in times.items():
        summary(label, values, baseline)
    generation_started = time.perf_counter()
    _caches.clear()
    generation_cache(searcher)
    cache_ms = (time.perf_counter() - generation_started) * 1000
    print(f"  (building fast_search's per-generation cache once: {cache_ms:.0f} ms)")
    for name, variant in (("lean_search", lean_search), ("lean_array_search", lean_array_search),
                          ("fast_search", fast_search), ("hybrid_search", hybrid_search)):
        differing = check_same(searcher, texts, variant)
        print(f"  {name} vs app: totals differ on {differing[0]}, facets on {differing[1]}, "
              f"top-10 ids on {differing[2]} of {len(texts)} queries")
    if workdir:
        workdir.cleanup()


if __name__ == "__main__":
    main()
