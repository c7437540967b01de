"""Fixtures of the import/export tests: a small region with coded units, a lab coordinator, files in memory."""
from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from innolab import create_app
from innolab.extensions import db
from innolab.models import Innovation, StageEvent
from innolab.search import current_service
from innolab.vocab import Role, UnitKind


@pytest.fixture
def units(make_unit):
    """Two coded units under one pemda: a Dinas and a Puskesmas."""
    dukcapil = make_unit("Dinas Kependudukan dan Pencatatan Sipil", UnitKind.OPD, code="OPD-DUKCAPIL")
    puskesmas = make_unit("Puskesmas Sukun", UnitKind.PUSKESMAS, parent=dukcapil.parent, code="PKM-SUKUN")
    db.session.commit()
    return {"dukcapil": dukcapil, "puskesmas": puskesmas}


@pytest.fixture
def coordinator(make_user, units):
    return make_user(Role.COORDINATOR, email="koordinator@kota-uji.go.id", unit=units["dukcapil"],
                     name="Koordinator Lab")


def csv_bytes(header, rows, delimiter=",", bom=False) -> bytes:
    """A CSV file as a spreadsheet writes it (rows: lists of cells, or dicts keyed by column)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header] if isinstance(row, dict) else row)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(name) for name in header] if isinstance(row, dict) else list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def read_csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode()), "exports carry a BOM so that Excel reads them as UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def counts() -> tuple[int, int]:
    """(innovations, stage events): what an import writes."""
    return count(Innovation), count(StageEvent)


def report_issues(html: str) -> list[tuple[int, str, str]]:
    rows = re.findall(r'<tr data-testid="issue"><td>(\d+)</td><td>(.*?)</td><td>(.*?)</td></tr>', html)
    return [(int(row), unescape(column), unescape(message)) for row, column, message in rows]


@pytest.fixture
def empty_app(app, tmp_path):
    """A second app on an empty database of its own (for round trips), with the test app's settings."""
    other = create_app({
        **{key: app.config[key] for key in ("TESTING", "SECRET_KEY", "WTF_CSRF_ENABLED", "MAIL_SERVER",
                                            "SEARCH_REPAIR_IN_BACKGROUND", "SEARCH_CATCH_UP_SECONDS")},
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "INDEX_DIR": str(tmp_path / "index"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    })
    with other.app_context():
        db.create_all()
        current_service().index.create_empty()
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()
