"""What the search page, the catalogue and the API share: reading the request, the result rows, facet labels."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from innolab.extensions import db
from innolab.formfields import int_or_none
from innolab.models import Innovation, Unit
from innolab.pipeline.stages import Stage
from innolab.search.documents import replication_counts
from innolab.search.query import SORTS, SearchRequest, SearchResult
from innolab.search.schema import FACETS
from innolab.vocab import AFFAIRS, InnovationForm, InnovationType

MAX_PER_PAGE = 50

FACET_TITLES = {
    "stage": _l("Tahapan"), "affair": _l("Urusan"), "form": _l("Bentuk"), "itype": _l("Jenis"),
    "unit": _l("Unit kerja"), "kecamatan": _l("Kecamatan"), "year": _l("Tahun mulai"), "replicable": _l("Dapat direplikasi"),
}
SORT_LABELS = {"relevance": _l("Paling relevan"), "newest": _l("Terbaru"), "replicated": _l("Paling banyak direplikasi")}
_FIXED_LABELS = {
    "stage": {stage.value: stage.label for stage in Stage},
    "affair": AFFAIRS,
    "form": {InnovationForm.TATA_KELOLA.value: _l("Tata kelola pemerintahan daerah"),
             InnovationForm.PELAYANAN_PUBLIK.value: _l("Pelayanan publik"),
             InnovationForm.LAINNYA.value: _l("Inovasi daerah lainnya")},
    "itype": {InnovationType.DIGITAL.value: _l("Digital"), InnovationType.NON_DIGITAL.value: _l("Non-digital")},
    "replicable": {"1": _l("Ya"), "0": _l("Tidak")},
}


def search_request(args, catalogue: bool, per_page: int = 10) -> SearchRequest:
    """A SearchRequest from query-string arguments; anything unreadable falls back to its default."""
    return SearchRequest(
        q=(args.get("q") or "").strip()[:200],
        filters={name: args[name] for name in FACETS if args.get(name)},
        sort=args.get("sort") if args.get("sort") in SORTS else "relevance",
        page=max(1, int_or_none(args.get("page")) or 1),
        per_page=min(MAX_PER_PAGE, max(1, int_or_none(args.get("per_page")) or per_page)),
        catalogue=catalogue,
    )


def rows_for(result: SearchResult) -> list[tuple]:
    """(hit, innovation, replication count) per hit, from the database: the index only finds, the rows tell."""
    ids = [hit.id for hit in result.hits]
    if not ids:
        return []
    innovations = {row.id: row for row in db.session.scalars(
        select(Innovation).where(Innovation.id.in_(ids)).options(selectinload(Innovation.unit)))}
    counts = replication_counts(db.session, ids)
    return [(hit, innovations[hit.id], counts.get(hit.id, 0)) for hit in result.hits if hit.id in innovations]


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


def facet_groups(result: SearchResult, selected: dict[str, str]) -> list[tuple[str, object, list[FacetOption]]]:
    """(name, title, options) for each facet with values, labelled in the reader's language."""
    unit_ids = {int(value) for name in ("unit", "kecamatan") for value, _count in result.facets.get(name, [])}
    unit_names = dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids))).all())
    groups = []
    for name in FACETS:
        options = []
        for value, count in result.facets.get(name, []):
            label = _FIXED_LABELS.get(name, {}).get(value) or (
                unit_names.get(int(value), value) if name in ("unit", "kecamatan") else value)
            options.append(FacetOption(value, str(label), count, selected.get(name) == value))
        if options:
            groups.append((name, FACET_TITLES[name], options))
    return groups


def link_maker(endpoint: str, args):
    """link(name=value, …): this page's address with some arguments changed (None drops one), back on page 1."""
    kept = {key: value for key, value in args.items() if key != "page"}

    def link(**changes) -> str:
        merged = kept | changes
        return url_for(endpoint, **{key: value for key, value in merged.items() if value not in (None, "")})

    return link
