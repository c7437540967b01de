"""The catalogue of published innovations, the signed-in search, innovation profiles, and similar innovations."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from innolab.catalogue import profile
from innolab.catalogue.listing import SORT_LABELS, facet_groups, link_maker, rows_for, search_request
from innolab.extensions import db
from innolab.formfields import int_or_none
from innolab.models import Innovation
from innolab.policy import authorize, can, replicable_ids, requires, search_scope
from innolab.search import query

bp = Blueprint("catalogue", __name__)


@bp.get("/catalogue")
@requires("catalogue.view")
def index():
    return _results_page(catalogue=True)


@bp.get("/search")
@requires("search.use")
def search():
    return _results_page(catalogue=False)


def _results_page(catalogue: bool):
    wanted = search_request(request.args, catalogue=catalogue)
    result = query.search(wanted, search_scope(current_user))
    endpoint = "catalogue.index" if catalogue else "catalogue.search"
    return render_template(
        "catalogue/results.html", catalogue=catalogue, wanted=wanted, result=result, rows=rows_for(result),
        facets=facet_groups(result, wanted.filters), sort_labels=SORT_LABELS, endpoint=endpoint,
        link=link_maker(endpoint, request.args.to_dict()),
    )


@bp.get("/catalogue/<int:innovation_id>")
def detail(innovation_id: int):
    innovation = db.get_or_404(Innovation, innovation_id)
    if not can(current_user, "catalogue.view", innovation):
        authorize("proposal.view", innovation)  # the team and the lab follow an unpublished one on its own page
        return redirect(url_for("proposals.detail", innovation_id=innovation.id))
    return render_template("catalogue/profile.html", **profile.context(innovation, current_user))


@bp.get("/search/similar")
@requires("search.use")
def similar():
    """Innovations like the text being typed into a proposal (JSON for the form's side panel)."""
    text = " ".join(request.args.get(name, "")[:2000] for name in ("title", "summary", "background")).strip()
    if len(text) < 4:
        return jsonify(items=[])
    hits = query.similar(text, search_scope(current_user), exclude_id=int_or_none(request.args.get("exclude")))
    if not hits:
        return jsonify(items=[])
    innovations = {row.id: row for row in db.session.scalars(
        select(Innovation).where(Innovation.id.in_([hit.id for hit in hits])).options(selectinload(Innovation.unit)))}
    may_replicate = replicable_ids(current_user, innovations.values())
    items = [_similar_item(innovations[hit.id], hit.id in may_replicate) for hit in hits if hit.id in innovations]
    return jsonify(items=items)


def _similar_item(innovation: Innovation, may_replicate: bool) -> dict:
    published = innovation.published
    return {
        "id": innovation.id,
        "title": innovation.title,
        "unit": innovation.unit.name,
        "stage": str(innovation.stage.label),
        "url": url_for("catalogue.detail" if published else "proposals.detail", innovation_id=innovation.id),
        "replicate_url": url_for("replication.register", innovation_id=innovation.id) if may_replicate else None,
    }

