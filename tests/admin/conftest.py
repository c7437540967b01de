"""Admin-area fixtures: a signed-in administrator in a small region, CSV uploads, and HTML probes."""
from __future__ import annotations

import io
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import AuditLog
from innolab.vocab import Role, UnitKind


@pytest.fixture
def admin(login_as, make_unit):
    """A signed-in administrator working in an OPD of the test region (the only pemda)."""
    opd = make_unit("Bagian Organisasi", UnitKind.OPD, code="OPD-ORG")
    return login_as(Role.ADMIN, email="admin@kota.go.id", unit=opd, name="Admin Kota")


@pytest.fixture
def region(admin):
    """The pemerintah daerah at the root of the test tree."""
    return admin.unit.parent


@pytest.fixture
def upload(client):
    """POST a CSV (text is written as UTF-8, bytes as given) to an import page; `dry_run` presses 'Periksa saja'."""

    def do_upload(url: str, content, dry_run: bool = False, filename: str = "data.csv"):
        data = content.encode("utf-8") if isinstance(content, str) else content
        button = {"dry_run": "Periksa saja"} if dry_run else {"submit": "Impor"}
        return client.post(url, data={"file": (io.BytesIO(data), filename), **button},
                           content_type="multipart/form-data")

    return do_upload


class _TextById(HTMLParser):
    """Collects the text inside the element with a given id."""

    def __init__(self, wanted: str):
        super().__init__()
        self.wanted, self.depth, self.parts, self.found = wanted, 0, [], False

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.wanted:
            self.depth, self.found = 1, True

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def _field_error(html: str, field_id: str) -> str | None:
    parser = _TextById(f"{field_id}-error")
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split()) if parser.found else None


@pytest.fixture
def field_error():
    """The error text shown next to a form field (the field() macro's '<id>-error' element), or None."""
    return _field_error


@pytest.fixture
def report_issues():
    """The (row, column, message) triples of an import report page."""

    def parse(html: str) -> list[tuple[int, str, str]]:
        rows = re.findall(r'<tr data-testid="issue"><td>(\d+)</td><td>(.*?)</td><td>(.*?)</td></tr>', html)
        return [(int(row), unescape(column), unescape(message)) for row, column, message in rows]

    return parse


@pytest.fixture
def audit_rows():
    """Audit rows of an action, oldest first."""

    def rows(action: str) -> list[AuditLog]:
        return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))

    return rows


@pytest.fixture
def count():
    """Number of rows of a model."""

    def number(model) -> int:
        db.session.expire_all()
        return db.session.scalar(select(func.count()).select_from(model))

    return number
