"""Relevance on the labelled Indonesian set: recall@5 through the app's own search, and what stemming gains."""
from __future__ import annotations

from whoosh import index as whoosh_index
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup

from innolab.extensions import db
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.search.analyzer import IndonesianAnalyzer, stop_words
from innolab.search.query import SearchRequest, search
from innolab.vocab import Role
from tests.search.relevance_cases import DOCUMENTS, QUERIES

# The bar: nearly every query finds its innovation among the first five, across inflections.
MIN_RECALL_AT_5 = 0.9


def recall_at_5(found: dict[str, list[str]]) -> float:
    scores = [len(QUERIES[q] & set(keys[:5])) / len(QUERIES[q]) for q, keys in found.items()]
    return sum(scores) / len(scores)


def test_recall_at_5_through_the_search_page_engine(make_user):
    owner = make_user(Role.INNOVATOR)
    key_of = {}
    for key, (title, summary, body) in DOCUMENTS.items():
        innovation = services.create_draft(owner, {"title": title, "summary": summary, "implementation": body})
        innovation.published, innovation.stage, innovation.status = True, Stage.PILOTING, Status.IN_PROGRESS
        db.session.flush()
        key_of[innovation.id] = key
    db.session.commit()

    found = {q: [key_of[hit.id] for hit in search(SearchRequest(q=q, per_page=5), None).hits] for q in QUERIES}
    misses = {q: keys for q, keys in found.items() if not QUERIES[q] & set(keys)}
    assert recall_at_5(found) >= MIN_RECALL_AT_5, f"missed: {misses}"


def _raw_index_recall(tmp_path, analyzer) -> tuple[float, float]:
    """recall@5 with every word required, and with the app's fallback to any word when that finds nothing."""
    schema = Schema(key=ID(stored=True), title=TEXT(analyzer=analyzer, field_boost=3.0),
                    summary=TEXT(analyzer=analyzer, field_boost=2.0), body=TEXT(analyzer=analyzer))
    ix = whoosh_index.create_in(str(tmp_path), schema)
    with ix.writer() as writer:
        for key, (title, summary, body) in DOCUMENTS.items():
            writer.add_document(key=key, title=title, summary=summary, body=body)
    every_word = MultifieldParser(["title", "summary", "body"], schema, group=AndGroup)
    any_word = MultifieldParser(["title", "summary", "body"], schema, group=OrGroup.factory(0.9))
    strict, fallback = {}, {}
    with ix.searcher() as searcher:
        for q in QUERIES:
            strict[q] = [hit["key"] for hit in searcher.search(every_word.parse(q), limit=5)]
            fallback[q] = strict[q] or [hit["key"] for hit in searcher.search(any_word.parse(q), limit=5)]
    return recall_at_5(strict), recall_at_5(fallback)


def test_stemming_finds_what_plain_words_miss(tmp_path):
    # The same tokens, stop words and field boosts; only the stemming differs.
    plain = RegexTokenizer(r"[^\W_]+") | LowercaseFilter() | StopFilter(stoplist=stop_words())
    (tmp_path / "plain").mkdir()
    (tmp_path / "stemmed").mkdir()
    plain_strict, plain_fallback = _raw_index_recall(tmp_path / "plain", plain)
    stem_strict, stem_fallback = _raw_index_recall(tmp_path / "stemmed", IndonesianAnalyzer())
    print(f"recall@5 on {len(QUERIES)} queries, every word required: plain {plain_strict:.2f}, "
          f"stemmed {stem_strict:.2f}; with the any-word fallback: plain {plain_fallback:.2f}, stemmed {stem_fallback:.2f}")
    assert stem_fallback >= MIN_RECALL_AT_5
    assert stem_strict - plain_strict >= 0.15, (plain_strict, stem_strict)
    assert stem_fallback >= plain_fallback  # stemming must never cost recall
