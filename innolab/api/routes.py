"""JSON API v1: the catalogue and search, read-only, under the same permission rules as the pages."""
from __future__ import annotations

from flask import Blueprint, jsonify, url_for
from flask import request as http_request
from flask_login import current_user

from innolab.api.openapi import document
from innolab.api.params import parse_search_params
from innolab.api.problems import InvalidParams, problem
from innolab.catalogue.listing import facet_groups, rows_for
from innolab.extensions import db
from innolab.models import Innovation
from innolab.policy import can, search_scope
from innolab.search import query
from innolab.search.documents import replication_counts

bp = Blueprint("api", __name__)

DETAIL_SECTIONS = ("background", "goals", "novelty", "implementation", "significance", "adaptability",
                   "resources", "sustainability", "beneficiaries")


@bp.errorhandler(InvalidParams)
def invalid_params(error: InvalidParams):
    return problem(400, "Some query parameters are invalid.",
                   invalid_params=[{"name": name, "reason": reason} for name, reason in error.params])


@bp.get("/innovations")
def innovations():
    wanted = parse_search_params(http_request.args)
    # Visitors see the published catalogue; a signed-in caller also what the pages show them.
    scope = search_scope(current_user)
    wanted.catalogue = not current_user.is_authenticated
    result = query.search(wanted, scope)
    if result.unavailable:
        return problem(503, "The search index is being rebuilt; try again in a moment.")
    return jsonify(
        items=[_item(innovation, count, hit.snippet) for hit, innovation, count in rows_for(result)],
        total=result.total, page=result.page, per_page=result.per_page,
        facets={name: [{"value": o.value, "label": o.label, "count": o.count} for o in options]
                for name, _title, options in facet_groups(result, wanted.filters)},
        suggestion=result.suggestion,
    )


@bp.get("/innovations/<int:innovation_id>")
def innovation(innovation_id: int):
    found = db.session.get(Innovation, innovation_id)
    if found is None or not (can(current_user, "catalogue.view", found) or can(current_user, "proposal.view", found)):
        return problem(404, "No innovation with this id is visible to you.")  # never reveal that a draft exists
    count = replication_counts(db.session, [found.id]).get(found.id, 0)
    return jsonify(_item(found, count) | {name: getattr(found, name) for name in DETAIL_SECTIONS} | {
        "form": found.form.value if found.form else None,
        "innovation_type": found.innovation_type.value if found.innovation_type else None,
        "started_on": found.started_on.isoformat() if found.started_on else None,
        "budget": float(found.budget) if found.budget is not None else None,
        "tags": list(found.tags or []),
        "sdgs": list(found.sdgs or []),
    })


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())


def _item(innovation: Innovation, replication_count: int, highlight=None) -> dict:
    endpoint = "catalogue.detail" if innovation.published else "proposals.detail"
    item = {
        "id": innovation.id,
        "external_ref": innovation.external_ref,
        "title": innovation.title,
        "summary": innovation.summary,
        "stage": innovation.stage.value,
        "status": innovation.status.value,
        "affair": innovation.affair,
        "unit": {"id": innovation.unit_id, "name": innovation.unit.name, "code": innovation.unit.code},
        "replication_count": replication_count,
        "published": innovation.published,
        "replicable": innovation.replicable,
        "url": url_for(endpoint, innovation_id=innovation.id, _external=True),
    }
    if highlight is not None:
        item["highlight"] = str(highlight)
    return item
