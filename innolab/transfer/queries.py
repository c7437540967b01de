"""Exports: which innovations a list shows (the lab queue, the search page, the catalogue, or everything), and
their rows as innovations, reviews or replications.

Whatever the list, an export holds only what its user may see: every innovation passes
can(user, "innovation.export", …) (the proposal.view rule), reviews need "review.scores" and replications
"replication.view". `user=None` is the operator's CLI, which sees everything.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from flask_babel import gettext as _
from flask_babel import to_user_timezone
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from innolab.catalogue.listing import search_request
from innolab.extensions import db
from innolab.lab.forms import QueueFilterForm
from innolab.lab.queries import queue_query
from innolab.lab.queue_filters import parse_filters
from innolab.models import Assignment, Innovation, Replication, Review, ReviewRound, Rubric, Score
from innolab.policy import can, search_scope
from innolab.review.queries import local_today
from innolab.review.summary import RoundSummary, summarise_round
from innolab.search import query
from innolab.transfer import fields

INNOVATIONS, REVIEWS, REPLICATIONS = "innovations", "reviews", "replications"
KINDS = (INNOVATIONS, REVIEWS, REPLICATIONS)
# A web export of a search is one search with this many results at most; larger lists belong to the CLI.
SEARCH_LIMIT = 10000
CHUNK = 500

REVIEW_COLUMNS = ("innovation_id", "external_ref", "title", "round_stage", "round_number", "blind", "reviewer",
                  "reviewer_email", "submitted_at", "recommendation", "total", "overall_note")
REPLICATION_COLUMNS = ("innovation_id", "external_ref", "title", "source_unit", "adopting_unit", "adopting_unit_code",
                       "status", "started_on", "contact", "plan", "notes", "registered_by", "registered_at")


class ExportRefused(Exception):
    """The list cannot be exported now; `message` says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# -- which innovations ------------------------------------------------------------------------------------------

def _with_members(stmt):
    return stmt.options(selectinload(Innovation.members), joinedload(Innovation.unit))


def _visible(innovations: Iterable[Innovation], user, action: str = "innovation.export") -> list[Innovation]:
    return [innovation for innovation in innovations if user is None or can(user, action, innovation)]


def lab_selection(args, user) -> list[Innovation]:
    """The lab queue under the filters in `args` (stage, status, unit, affair, reviewer, overdue), in queue order."""
    filters = parse_filters(QueueFilterForm(args))
    return _visible(db.session.scalars(_with_members(queue_query(filters, local_today()))).unique(), user)


def search_selection(args, user, catalogue: bool) -> list[Innovation]:
    """What the search page (or the catalogue) shows for `args` (q, facets, sort), every page of it, in its order."""
    wanted = replace(search_request(args, catalogue=catalogue), page=1, per_page=SEARCH_LIMIT, facets=False)
    result = query.search(wanted, search_scope(user))
    if result.unavailable:
        raise ExportRefused(_("Indeks pencarian sedang disiapkan ulang. Coba ekspor lagi dalam beberapa saat."))
    if result.total > SEARCH_LIMIT:
        raise ExportRefused(_("Hasil ini berisi %(n)d inovasi, lebih dari %(limit)d yang dapat diekspor sekaligus. "
                              "Persempit saringannya, atau minta administrator memakai perintah flask export.",
                              n=result.total, limit=SEARCH_LIMIT))
    ids = [hit.id for hit in result.hits]
    loaded = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        loaded.update({i.id: i for i in db.session.scalars(_with_members(select(Innovation)
                                                                         .where(Innovation.id.in_(chunk))))})
    ordered = [loaded[i] for i in ids if i in loaded]
    visible = _visible(ordered, user)
    return _visible(visible, user, "catalogue.view") if catalogue else visible


def all_innovations(user=None) -> list[Innovation]:
    """Every innovation (that `user` may see), oldest first: the CLI export."""
    return _visible(db.session.scalars(_with_members(select(Innovation).order_by(Innovation.id))).unique(), user)


# -- rows -------------------------------------------------------------------------------------------------------

def export_table(kind: str, innovations: list[Innovation], user,
                 progress: Callable[[int], None] | None = None) -> tuple[list[str], list[list]]:
    """(header, rows) of an export of `kind` about `innovations`; `progress(n)` after every n innovations."""
    if kind == REVIEWS:
        return _review_table(innovations, user, progress)
    if kind == REPLICATIONS:
        return _replication_table(innovations, user, progress)
    return _innovation_table(innovations, progress)


def _chunks(innovations: list[Innovation], progress) -> Iterable[list[Innovation]]:
    for start in range(0, len(innovations), CHUNK):
        chunk = innovations[start:start + CHUNK]
        yield chunk
        if progress is not None:
            progress(len(chunk))


def _innovation_table(innovations, progress) -> tuple[list[str], list[list]]:
    rows = []
    for chunk in _chunks(innovations, progress):
        scores = latest_scores(chunk)
        rows += [fields.export_values(innovation, scores.get(innovation.id)) for innovation in chunk]
    return [*fields.INNOVATION_COLUMNS, *fields.DERIVED_COLUMNS], rows


def _rounds(innovation_ids: list[int]) -> list[ReviewRound]:
    """The review rounds of these innovations with everything summarise_round reads, oldest first."""
    return list(db.session.scalars(
        select(ReviewRound).where(ReviewRound.innovation_id.in_(innovation_ids))
        .options(selectinload(ReviewRound.assignments).options(
            joinedload(Assignment.reviewer),
            selectinload(Assignment.review).options(
                selectinload(Review.scores).joinedload(Score.criterion),
                joinedload(Review.rubric).selectinload(Rubric.criteria),
            ),
        ))
        .order_by(ReviewRound.opened_at, ReviewRound.id)
    ))


def latest_scores(innovations: list[Innovation]) -> dict[int, float]:
    """Per innovation, the mean weighted total (0–100) of its newest round with a submitted review, as the lab's
    score summary computes it (review.summary); innovations never scored are left out."""
    scores: dict[int, float] = {}
    for round_ in _rounds([innovation.id for innovation in innovations]):  # oldest first: a newer round overwrites
        summary = summarise_round(round_)
        if summary.submitted and summary.mean is not None:
            scores[round_.innovation_id] = summary.mean
    return scores


def _review_table(innovations, user, progress) -> tuple[list[str], list[list]]:
    summaries: list[tuple[Innovation, RoundSummary]] = []
    for chunk in _chunks(_visible(innovations, user, "review.scores"), progress):
        by_id = {innovation.id: innovation for innovation in chunk}
        order = {innovation.id: n for n, innovation in enumerate(chunk)}
        rounds = sorted(_rounds(list(by_id)), key=lambda r: (order[r.innovation_id], r.opened_at, r.id))
        summaries += [(by_id[r.innovation_id], summarise_round(r)) for r in rounds]
    criteria: list[str] = []
    for _innovation, summary in summaries:
        criteria += [column.name for column in summary.criteria if column.name not in criteria]
    rows = []
    for innovation, summary in summaries:
        for line in summary.rows:
            if line.review is None:
                continue  # pending or declined: nothing was scored
            rows.append([
                innovation.id, innovation.external_ref or "", innovation.title, summary.round.stage.value,
                summary.round.number, fields.YES if summary.round.blind else fields.NO, line.reviewer.name,
                line.reviewer.email, _local(line.review.submitted_at),
                line.review.recommendation.value if line.review.recommendation else "", line.total,
                line.overall_note,
                *[line.scores[name].value if name in line.scores else None for name in criteria],
            ])
    return [*REVIEW_COLUMNS, *criteria], rows


def _replication_table(innovations, user, progress) -> tuple[list[str], list[list]]:
    rows = []
    for chunk in _chunks(innovations, progress):
        order = {innovation.id: n for n, innovation in enumerate(chunk)}
        replications = db.session.scalars(
            select(Replication).where(Replication.source_innovation_id.in_(list(order)))
            .options(joinedload(Replication.adopting_unit), joinedload(Replication.registered_by),
                     joinedload(Replication.source).joinedload(Innovation.unit))
        ).all()
        replications.sort(key=lambda r: (order[r.source_innovation_id], r.created_at, r.id))
        for replication in _visible(replications, user, "replication.view"):
            source = replication.source
            rows.append([
                source.id, source.external_ref or "", source.title, source.unit.name,
                replication.adopting_unit.name, replication.adopting_unit.code or "", replication.status.value,
                replication.started_on, replication.contact, replication.plan, replication.notes,
                replication.registered_by.name if replication.registered_by else "", _local(replication.created_at),
            ])
    return list(REPLICATION_COLUMNS), rows


def _local(moment) -> str:
    """A timestamp as people in the region read it, e.g. 2026-03-02 14:05."""
    return to_user_timezone(moment).strftime("%Y-%m-%d %H:%M") if moment else ""
