"""The JSON API fuzzed from its own OpenAPI document with schemathesis: no 5xx, and every response matches the document.

Schemathesis (4.x) loads /api/v1/openapi.json from the app over WSGI (no server) and generates requests for every
operation: ones the document allows (positive) and ones it forbids (negative), for a visitor and for a signed-in
user. Hypothesis runs derandomized with a fixed number of examples, so a run is repeatable and takes seconds.
Operations are driven one by one with `operation.as_strategy()`: the lazy pytest loader
(schemathesis.pytest.from_fixture) does not run under pytest 9.2.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from innolab.extensions import db
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.vocab import Role
from tests.conftest import TEST_PASSWORD

MAX_EXAMPLES = 60


class _OwnAppContext:
    """Each request in its own app context and database session, as under a real server (cf. IsolatedClient)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        with self.app.app_context():
            return list(self.app(environ, start_response))


def _catalogue(owner) -> None:
    """A few published innovations to find, and the owner's draft that only they see."""
    for n, (stage, status) in enumerate([(Stage.PILOTING, Status.IN_PROGRESS), (Stage.SCALING, Status.ACTIVE),
                                         (Stage.SCALING, Status.STOPPED)], start=1):
        innovation = services.create_draft(owner, {
            "title": f"Layanan Kesehatan Lansia {n}", "summary": "Pemeriksaan rutin warga lanjut usia",
            "affair": "kesehatan", "innovation_type": "digital", "form": "pelayanan_publik", "tags": ["lansia"]})
        innovation.stage, innovation.status = stage, status
        innovation.published, innovation.replicable = True, n % 2 == 1
    services.create_draft(owner, {"title": "Draf rahasia lansia"})
    db.session.commit()


@pytest.fixture
def owner(make_user):
    return make_user(Role.INNOVATOR)


@pytest.fixture
def api_schema(app, owner):
    _catalogue(owner)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _OwnAppContext(app))


OPERATIONS = {"GET /innovations", "GET /innovations/{innovation_id}"}


@pytest.fixture
def signed_in_cookie(client, owner, api_schema) -> dict:
    """The session cookie of the catalogue's owner, whose results include their own draft."""
    assert client.post("/login", data={"email": owner.email, "password": TEST_PASSWORD}).status_code == 302
    assert client.get("/api/v1/innovations?q=rahasia").get_json()["total"] == 1  # the session really is theirs
    return {"session": client.get_cookie("session").value}


@pytest.mark.parametrize("who", ["visitor", "signed_in"])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_api_fuzz(api_schema, signed_in_cookie, mode, who):
    """Schemathesis's checks on every generated request: no server error, documented status codes and content types,
    bodies that match their schemas, valid input accepted and invalid input refused with a 4xx."""
    cookies = signed_in_cookie if who == "signed_in" else {}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {operation.label for operation in operations} == OPERATIONS  # a new operation: fuzz it here too
    for operation in operations:

        @settings(max_examples=MAX_EXAMPLES, derandomize=True, database=None, deadline=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case):
            response = case.call(cookies=cookies)
            assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query}: {response.text}"
            case.validate_response(response)

        check()
