"""JSON API v1: responses match the OpenAPI document, errors are problem+json, permissions match the pages."""
from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from innolab.extensions import db
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.vocab import Role


@pytest.fixture
def openapi(client):
    return client.get("/api/v1/openapi.json").get_json()


def validate(openapi: dict, schema_name: str, body) -> None:
    """Validate `body` against a component schema, resolving its $refs inside the OpenAPI document."""
    registry = Registry().with_resource("urn:openapi", Resource.opaque(openapi))
    schema = {"$ref": f"urn:openapi#/components/schemas/{schema_name}"}
    Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(body)


@pytest.fixture
def catalogue(make_user):
    owner = make_user(Role.INNOVATOR)
    made = {}
    for key, published in (("published", True), ("draft", False)):
        innovation = services.create_draft(owner, {"title": f"Layanan Kesehatan Lansia {key}",
                                                   "summary": "Pemeriksaan rutin warga lanjut usia",
                                                   "affair": "kesehatan"})
        innovation.published = published
        innovation.external_ref = f"IID-2026-{key}"
        if published:
            innovation.stage, innovation.status, innovation.replicable = Stage.SCALING, Status.ACTIVE, True
        made[key] = innovation
    db.session.commit()
    made["owner"] = owner
    return made


def test_the_openapi_document_is_valid_openapi_3_1(openapi):
    assert openapi["openapi"] == "3.1.0"
    assert set(openapi["paths"]) == {"/innovations", "/innovations/{innovation_id}"}
    for schema in openapi["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_a_visitor_searches_the_public_catalogue(client, catalogue, openapi):
    response = client.get("/api/v1/innovations?q=memeriksa+kesehatan&affair=kesehatan")
    assert response.status_code == 200
    body = response.get_json()
    validate(openapi, "Page", body)
    assert [item["id"] for item in body["items"]] == [catalogue["published"].id]
    item = body["items"][0]
    assert item["external_ref"] == "IID-2026-published"
    assert item["url"].endswith(f"/catalogue/{catalogue['published'].id}")
    assert body["total"] == 1 and body["facets"]["affair"][0]["count"] == 1
    assert "<mark>" in item["highlight"] or "<mark class" in item["highlight"]


def test_the_team_sees_its_draft_through_the_api_like_on_the_pages(client, catalogue, login, openapi):
    login(catalogue["owner"])
    body = client.get("/api/v1/innovations?q=lansia").get_json()
    validate(openapi, "Page", body)
    assert {item["id"] for item in body["items"]} == {catalogue["published"].id, catalogue["draft"].id}


def test_one_innovation_matches_its_schema_and_drafts_are_hidden(client, catalogue, openapi):
    body = client.get(f"/api/v1/innovations/{catalogue['published'].id}").get_json()
    validate(openapi, "InnovationDetail", body)
    assert body["summary"] == "Pemeriksaan rutin warga lanjut usia"
    hidden = client.get(f"/api/v1/innovations/{catalogue['draft'].id}")
    assert hidden.status_code == 404 and hidden.mimetype == "application/problem+json"
    validate(openapi, "Problem", hidden.get_json())


@pytest.mark.parametrize("query, bad", [
    ("per_page=1000", "per_page"), ("page=0", "page"), ("stage=done", "stage"), ("unit=abc", "unit"),
    ("sort=random", "sort"), ("q=" + "x" * 201, "q"),
])
def test_bad_parameters_are_a_problem_naming_them(client, openapi, query, bad):
    response = client.get(f"/api/v1/innovations?{query}")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    body = response.get_json()
    validate(openapi, "Problem", body)
    assert [param["name"] for param in body["invalid_params"]] == [bad]


def test_an_unknown_api_path_is_a_problem_too(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_paging_and_per_page(client, make_user, openapi):
    owner = make_user(Role.INNOVATOR)
    for number in range(12):
        innovation = services.create_draft(owner, {"title": f"Posyandu digital {number}"})
        innovation.published = True
    db.session.commit()
    body = client.get("/api/v1/innovations?q=posyandu&per_page=5&page=3&sort=newest").get_json()
    validate(openapi, "Page", body)
    assert (body["total"], body["page"], body["per_page"], len(body["items"])) == (12, 3, 5, 2)
