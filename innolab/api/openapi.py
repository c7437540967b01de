"""The OpenAPI 3.1 document of API v1. Tests validate real responses against these schemas."""
from __future__ import annotations

from innolab.api.params import ALLOWED_VALUES, MAX_PER_PAGE
from innolab.search.schema import FACETS

_NULLABLE_STRING = {"type": ["string", "null"]}

ITEM = {
    "type": "object",
    "required": ["id", "external_ref", "title", "summary", "stage", "status", "affair", "unit", "replication_count",
                 "url"],
    "properties": {
        "id": {"type": "integer"},
        "external_ref": _NULLABLE_STRING,
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "stage": {"type": "string", "enum": sorted(ALLOWED_VALUES["stage"])},
        "status": {"type": "string"},
        "affair": _NULLABLE_STRING,
        "unit": {
            "type": "object", "required": ["id", "name", "code"],
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "code": {"type": "string"}},
        },
        "replication_count": {"type": "integer", "minimum": 0},
        "published": {"type": "boolean"},
        "replicable": {"type": "boolean"},
        "url": {"type": "string", "format": "uri"},
        "highlight": {"type": "string", "description": "HTML-escaped excerpt with <mark> around matched words"},
    },
}

DETAIL = {
    "allOf": [ITEM, {
        "type": "object",
        "properties": {
            **{name: {"type": "string"} for name in (
                "background", "goals", "novelty", "implementation", "significance", "adaptability", "resources",
                "sustainability", "beneficiaries")},
            "form": _NULLABLE_STRING, "innovation_type": _NULLABLE_STRING,
            "started_on": {"type": ["string", "null"], "format": "date"},
            "budget": {"type": ["number", "null"]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "sdgs": {"type": "array", "items": {"type": "integer"}},
        },
    }],
}

FACET_OPTION = {
    "type": "object", "required": ["value", "label", "count"],
    "properties": {"value": {"type": "string"}, "label": {"type": "string"}, "count": {"type": "integer"}},
}

PAGE = {
    "type": "object",
    "required": ["items", "total", "page", "per_page", "facets", "suggestion"],
    "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Innovation"}},
        "total": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "facets": {
            "type": "object",
            "propertyNames": {"enum": list(FACETS)},
            "additionalProperties": {"type": "array", "items": {"$ref": "#/components/schemas/FacetOption"}},
        },
        "suggestion": {"type": ["string", "null"], "description": "a corrected query when this one finds little"},
    },
}

PROBLEM = {
    "type": "object", "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"},
        "invalid_params": {"type": "array", "items": {
            "type": "object", "required": ["name", "reason"],
            "properties": {"name": {"type": "string"}, "reason": {"type": "string"}}}},
    },
}


def _enum_param(name: str, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": "string", "enum": sorted(ALLOWED_VALUES[name])}}


def _problem_response(description: str) -> dict:
    return {"description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "InnoLab API",
            "version": "1.0.0",
            "description": "Read-only catalogue and search of regional innovations. Visitors see the published "
                           "catalogue; a signed-in session sees what its pages show it.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/innovations": {"get": {
                "operationId": "searchInnovations",
                "summary": "Search and filter innovations",
                "parameters": [
                    {"name": "q", "in": "query", "required": False, "description": "words in Bahasa Indonesia",
                     "schema": {"type": "string", "maxLength": 200}},
                    _enum_param("stage", "pipeline stage"),
                    _enum_param("affair", "urusan pemerintahan code"),
                    _enum_param("form", "bentuk inovasi"),
                    _enum_param("itype", "digital or non-digital"),
                    _enum_param("replicable", "1 for replicable only, 0 for the others"),
                    _enum_param("sort", "order of results"),
                    *({"name": name, "in": "query", "required": False, "description": f"{name} id or value",
                       "schema": {"type": "string", "pattern": "^[0-9]{1,9}$"}} for name in ("unit", "kecamatan", "year")),
                    {"name": "page", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1}},
                    {"name": "per_page", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10}},
                ],
                "responses": {
                    "200": {"description": "a page of results",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}},
                    "400": _problem_response("invalid query parameters"),
                    "503": _problem_response("the search index is being rebuilt"),
                },
            }},
            "/innovations/{innovation_id}": {"get": {
                "operationId": "getInnovation",
                "summary": "One innovation's profile",
                "parameters": [{"name": "innovation_id", "in": "path", "required": True,
                                "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}],
                "responses": {
                    "200": {"description": "the innovation",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InnovationDetail"}}}},
                    "404": _problem_response("no such innovation visible to the caller"),
                },
            }},
        },
        "components": {"schemas": {
            "Innovation": ITEM, "InnovationDetail": DETAIL, "FacetOption": FACET_OPTION, "Page": PAGE,
            "Problem": PROBLEM,
        }},
    }
