"""Searching: the query language, permission filter, facets, sorting, highlights, suggestions, more-like-this."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from whoosh import highlight, sorting
from whoosh.idsets import BitSet
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup
from whoosh.qparser.plugins import WildcardPlugin
from whoosh.query import And, Every, Or, Term

from innolab.pipeline.stages import Status
from innolab.policy import SearchScope
from innolab.search import current_service
from innolab.search.analyzer import IndonesianAnalyzer, stop_words
from innolab.search.engine import IndexUnavailable
from innolab.search.schema import FACETS, InnovationSchema

SORTS = ("relevance", "newest", "replicated")
SEARCHED_FIELDS = ("title", "summary", "body")
# Below this many results a spelling suggestion is offered.
FEW_RESULTS = 3
# Filter sets kept per searcher: the catalogue's, the lab's, and recent visitors' own (a few KB each at 50k docs).
FILTER_CACHE_SIZE = 64

_SCHEMA = InnovationSchema()
_VISIBLE_TO_LAB = Or([Term("status", s.value) for s in Status if s is not Status.DRAFT])
_PUBLISHED = Term("published", "1")


def _formatter() -> highlight.HtmlFormatter:
    # One per search: a formatter numbers the terms it has seen (class="match termN") and never forgets them.
    return highlight.HtmlFormatter(tagname="mark", between=" … ")


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)  # facet name → value
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    catalogue: bool = False  # only what the lab published, whoever asks
    facets: bool = True


@dataclass
class Hit:
    id: int
    title: Markup  # escaped, with <mark> around matched words
    snippet: Markup


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[tuple[str, int]]]
    suggestion: str | None = None
    unavailable: bool = False  # the index is being repaired; the page says so instead of failing
    loosened: bool = False  # no result held every word; these hold some of them

    # The same paging attributes as Flask-SQLAlchemy's Pagination, so one pagination macro serves both.
    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def iter_pages(self, edge: int = 2, around: int = 2):
        last = 0
        for number in range(1, self.pages + 1):
            if number <= edge or number > self.pages - edge or abs(number - self.page) <= around:
                if last and number - last > 1:
                    yield None
                yield number
                last = number


def _parser(group) -> MultifieldParser:
    parser = MultifieldParser(list(SEARCHED_FIELDS), _SCHEMA, group=group)
    parser.remove_plugin_class(WildcardPlugin)  # a leading "*" would walk every term in the index
    return parser


_PARSER = _parser(AndGroup)  # every word must occur, as people expect of a search box
_ANY_WORD_PARSER = _parser(OrGroup.factory(0.9))  # the fallback: more of the words ranks higher


def visibility_filter(scope: SearchScope | None):
    """What the asker may see: the published catalogue, plus the lab's share and their own (see policy.search_scope)."""
    if scope is None:
        return _PUBLISHED
    allowed = [_PUBLISHED, *(Term("id", str(i)) for i in sorted(scope.ids))]
    if scope.submitted:
        allowed.append(_VISIBLE_TO_LAB)
    return Or(allowed) if len(allowed) > 1 else _PUBLISHED


def search(request: SearchRequest, scope: SearchScope | None) -> SearchResult:
    """Run a search for someone whose reach is `scope` (None: an anonymous visitor or the catalogue)."""
    search_service = current_service()
    search_service.catch_up()
    try:
        if not search_service.index.is_complete():
            raise IndexUnavailable("being rebuilt")
        with search_service.index.reading():  # damaged files: "being prepared" and a repair, not an error page
            return _search(search_service.index.searcher(), request, scope)
    except IndexUnavailable:
        search_service.repair_in_background()
        return SearchResult([], 0, request.page, request.per_page, {}, unavailable=True)


def _search(searcher, request: SearchRequest, scope: SearchScope | None) -> SearchResult:
    text = request.q.strip()
    query = _PARSER.parse(text) if text else Every()
    filters = [visibility_filter(None if request.catalogue else scope)]
    filters += [Term(name, value) for name, value in sorted(request.filters.items()) if name in FACETS and value]
    options = {"filter": _filter_docs(searcher, filters)}
    if request.facets:
        options["groupedby"] = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in FACETS}
    sort = request.sort if request.sort in SORTS else "relevance"
    if sort == "newest" or (sort == "relevance" and not text):
        options.update(sortedby="created", reverse=True)
    elif sort == "replicated":
        options.update(sortedby=[sorting.FieldFacet("replications", reverse=True),
                                 sorting.FieldFacet("created", reverse=True)])
    page = max(1, request.page)
    results = searcher.search(query, limit=page * request.per_page, terms=bool(text), **options)
    loosened = False
    if text and results.is_empty() and len(query.all_terms()) > 1:
        # Nothing holds every word: show what holds some of them, best first, and say so.
        results = searcher.search(_ANY_WORD_PARSER.parse(text), limit=page * request.per_page, terms=True, **options)
        loosened = not results.is_empty()
    results.formatter = _formatter()
    results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
    whole_title = highlight.Highlighter(fragmenter=highlight.WholeFragmenter(), formatter=results.formatter)
    total = len(results)
    hits = [_hit(hit, bool(text), whole_title)
            for hit in results[(page - 1) * request.per_page: page * request.per_page]]
    facets = {name: _facet_counts(results, name) for name in FACETS} if request.facets else {}
    suggestion = _suggest(searcher, text) if text and total < FEW_RESULTS else None
    return SearchResult(hits, total, page, request.per_page, facets, suggestion, loosened=loosened)


def _filter_docs(searcher, queries: list) -> BitSet:
    """The documents the filter queries allow, worked out once per searcher (i.e. per index version).

    Whoosh would rebuild this set on every search: at 50k documents that was 40% of a search's time.
    """
    cache = searcher.__dict__.setdefault("_innolab_filters", {})
    key = tuple(repr(query) for query in queries)
    docs = cache.get(key)
    if docs is None:
        if len(cache) >= FILTER_CACHE_SIZE:
            cache.clear()
        combined = And(queries) if len(queries) > 1 else queries[0]
        docs = cache[key] = BitSet(searcher.docs_for_query(combined), size=searcher.doc_count_all())
    return docs


def _hit(hit, highlighted: bool, whole_title=None) -> Hit:
    title = hit.get("title", "")
    summary = hit.get("summary", "")
    marked_title = snippet = ""
    if highlighted:
        whole_title = whole_title or highlight.Highlighter(fragmenter=highlight.WholeFragmenter(),
                                                           formatter=_formatter())
        marked_title = whole_title.highlight_hit(hit, "title", minscore=0)
        for name in ("summary", "body"):
            snippet = snippet or (hit.highlights(name) if name in hit else "")
    # Whoosh's HtmlFormatter HTML-escapes every piece of stored text; only its own <mark> tags are markup
    # (tests/test_xss.py puts script into titles and summaries and searches for it).
    return Hit(
        id=int(hit["id"]),
        title=Markup(marked_title) if marked_title else escape(title),  # nosec B704 # escaped by HtmlFormatter
        snippet=Markup(snippet) if snippet else escape(_shorten(summary)),  # nosec B704 # escaped by HtmlFormatter
    )


def _shorten(text: str, limit: int = 240) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _facet_counts(results, name: str) -> list[tuple[str, int]]:
    counts = results.groups(name)
    return sorted(((value, count) for value, count in counts.items() if value), key=lambda item: (-item[1], item[0]))


_WORD = re.compile(r"[^\W\d_]{3,}")


def _suggest(searcher, text: str) -> str | None:
    """The query with each unknown word replaced by the nearest indexed word ("Mungkin maksud Anda: …")."""
    reader = searcher.reader()
    changed = False

    def replace(match: re.Match) -> str:
        nonlocal changed
        word = match.group(0).lower()
        if word in stop_words() or reader.frequency("spelling", word) > 0:
            return match.group(0)
        nearest = searcher.suggest("spelling", word, limit=1, maxdist=2)
        if not nearest or nearest[0] == word:
            return match.group(0)
        changed = True
        return nearest[0]

    corrected = _WORD.sub(replace, text)
    return corrected if changed else None


def _key_terms(searcher, text: str, limit: int = 12) -> list[tuple[str, float]]:
    """The text's most telling stems: frequent in it, rare in the index (tf × idf), known to the index at all."""
    counts: dict[str, int] = {}
    for token in IndonesianAnalyzer()(text):
        counts[token.text] = counts.get(token.text, 0) + 1
    total = max(1, searcher.doc_count())
    weighted = []
    for term, count in counts.items():
        frequency = max(searcher.doc_frequency(name, term) for name in SEARCHED_FIELDS)
        if frequency:
            weighted.append((term, count * math.log(1 + total / frequency)))
    return sorted(weighted, key=lambda item: -item[1])[:limit]


def similar(text: str, scope: SearchScope | None, exclude_id: int | None = None, limit: int = 5) -> list[Hit]:
    """Innovations most like `text` (a draft's title and problem, or a profile) that the asker may see."""
    search_service = current_service()
    search_service.catch_up()
    try:
        with search_service.index.reading():
            searcher = search_service.index.searcher()
            key_terms = _key_terms(searcher, text)
            if not key_terms:
                return []
            query = Or([Term(name, term, boost=weight) for term, weight in key_terms for name in SEARCHED_FIELDS])
            mask = Term("id", str(exclude_id)) if exclude_id else None
            results = searcher.search(query, limit=limit, filter=_filter_docs(searcher, [visibility_filter(scope)]),
                                      mask=mask)
            return [_hit(hit, highlighted=False) for hit in results]
    except IndexUnavailable:
        search_service.repair_in_background()
        return []
