"""ASVS V1.3 / V2.2 (input validation): hostile values in any URL, query parameter or form field are refused as a
client error, never a server error.

Every route of app.url_map is called by a person holding every role: GET routes with every known query parameter set
to the hostile value, state-changing routes with every field of every form in the app set to it. The values are
the ones that broke things before: numbers too large for a database integer (64-bit for SQLite, 32-bit for
PostgreSQL's id columns), non-ASCII digits, negative numbers, and NUL characters (PostgreSQL refuses them in text).
"""
from __future__ import annotations

import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from wtforms import Form
from wtforms.fields.core import UnboundField

import innolab
from innolab.extensions import db
from innolab.proposals import services
from innolab.vocab import Role
from tests.test_access_matrix import ACCESS, OWN, _url_for

BIG = "9" * 25
HOSTILE = {"huge": BIG, "int32-overflow": "2147483648", "negative": "-1", "superscript": "\u00b2",
           "nul": "a\x00b"}
QUERY_NAMES = {"page", "per_page", "q", "sort", "year", "unit", "kecamatan", "stage", "status", "affair", "form",
               "itype", "replicable", "kind", "format", "move", "exclude", "title", "summary", "background", "lang",
               "next", "indicator", "direction", "set_id", "role", "active", "reviewer", "overdue", "action", "token"}
PREFIXES = ("", "comment-", "file-", "link-", "criteria-0-")


def _form_field_names() -> set[str]:
    """The name of every field of every form class in the app."""
    for module in pkgutil.walk_packages(innolab.__path__, "innolab."):
        if module.name.rsplit(".", 1)[-1] in ("forms", "formfields"):
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = set()
    for cls in [*subclasses(FlaskForm), *subclasses(Form)]:
        names.update(name for name in dir(cls) if isinstance(getattr(cls, name, None), UnboundField))
    return names


def _urls(app, user, objects) -> list[tuple[str, str, str]]:
    own = dict(objects, innovation_id=services.create_draft(user, {"title": "Draf sendiri"}).id)
    db.session.commit()
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "bootstrap.static"):
            continue
        scope = ACCESS.get(rule.endpoint, ())[2:]
        url = _url_for(app, rule.endpoint, own if scope == (OWN,) else objects)
        for method in sorted(rule.methods & {"GET", "POST"}):
            routes.append((method, url, rule.endpoint))
    # Logging out would end the session the other requests need: last.
    return sorted(routes, key=lambda route: route[2] == "auth.logout")


def test_the_form_field_census_found_the_forms():
    names = _form_field_names()
    assert {"assignment_id", "reviewers", "adopting_unit_id", "unit_id", "version_id", "title"} <= names


@pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
def test_no_route_answers_a_hostile_value_with_a_server_error(app, client, login_as, sample_objects, value):
    user = login_as(*Role)
    fields = {f"{prefix}{name}": value for name in _form_field_names() for prefix in PREFIXES}
    query = {name: value for name in QUERY_NAMES}
    failures = []
    for method, url, endpoint in _urls(app, user, sample_objects):
        if method == "GET":
            response = client.get(url, query_string=query)
        else:
            response = client.post(url, data=fields)
        response.close()
        if response.status_code >= 500:
            failures.append(f"{method} {url} ({endpoint}): {response.status_code}")
    # Ids in the URL itself: beyond any database integer, a route simply does not match.
    for number in (BIG, "2147483648"):  # beyond SQLite's and beyond PostgreSQL's integer
        for path in (f"/proposals/{number}", f"/api/v1/innovations/{number}", f"/review/assignments/{number}",
                     f"/replications/{number}", f"/proposals/1/evidence/{number}/download"):
            response = client.get(path)
            if response.status_code != 404:
                failures.append(f"GET {path}: {response.status_code}")
    assert not failures, f"server errors for {value!r}:\n" + "\n".join(failures)


def test_nul_characters_inside_uploaded_files_are_refused_as_input_errors(client, login_as, make_unit):
    """Imports read text out of files, past the form check: a NUL there must not reach the database either.
    (An XLSX cannot hold one: XML has no NUL character, and openpyxl refuses to write it.)"""
    import io

    from innolab.vocab import UnitKind

    login_as(Role.ADMIN, Role.COORDINATOR)
    make_unit("Dinas Uji", UnitKind.OPD, code="OPD-NUL")
    db.session.commit()
    users_csv = b"email,name,unit_code,roles\nnul@kota-uji.go.id,Nama\x00Palsu,OPD-NUL,viewer\n"
    innovations_csv = b"title,unit_code,stage\nJudul\x00Palsu,OPD-NUL,ideation\n"
    for url, content, name in (("/admin/users/import", users_csv, "akun.csv"),
                               ("/transfer/import", innovations_csv, "inovasi.csv")):
        response = client.post(url, content_type="multipart/form-data",
                               data={"file": (io.BytesIO(content), name), "submit": "Impor"})
        assert response.status_code < 500, f"{url} {name}: {response.status_code}"
