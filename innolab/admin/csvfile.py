"""Reading uploaded CSV files the way spreadsheets write them, importing their rows one savepoint each, and the
per-row report of an import. Shared by the user/unit importers here and the innovation importer (innolab.transfer).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from innolab.domain import DomainError
from innolab.extensions import db

# One request hashes a password per imported account; beyond this a file belongs to the CLI importer.
MAX_ROWS = 2000

# What import_row returns for a row it kept: the ImportReport counter to increase.
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass(frozen=True)
class CsvRow:
    number: int  # as a spreadsheet numbers it: the header is row 1
    values: dict[str, str]
    extra_cells: bool = False  # more non-empty cells than the header has columns


@dataclass(frozen=True)
class RowIssue:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    dry_run: bool
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    issues: list[RowIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len({issue.row for issue in self.issues})

    def reject(self, row: int, errors, columns: dict[str, str]) -> None:
        """Add a row's (field, message) errors, naming each field by its CSV column."""
        for field_name, message in errors:
            self.issues.append(RowIssue(row, columns.get(field_name, field_name or ""), str(message)))


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        # Text files hold no NUL byte (a UTF-16 "Unicode text" export is full of them), and PostgreSQL can store none.
        raise DomainError.on("file", _(
            "Berkas memuat karakter yang tidak dapat dibaca (NUL) pada baris %(line)d. Di Excel, simpan dengan jenis "
            "\"CSV UTF-8 (Comma delimited)\", lalu unggah lagi.", line=data[:data.index(b"\x00")].count(b"\n") + 1
        ))
    try:
        # utf-8-sig drops the byte-order mark Excel puts at the start of "CSV UTF-8" files.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError.on("file", _(
            "Berkas tidak berenkode UTF-8 (baris %(line)d memuat karakter yang tidak dapat dibaca). Di Excel, simpan "
            "dengan jenis \"CSV UTF-8 (Comma delimited)\", lalu unggah lagi.", line=data[:exc.start].count(b"\n") + 1
        )) from None


def _delimiter(header_line: str) -> str:
    # Sniff the header only: its names hold no delimiters, while data cells (roles "a,b") may.
    try:
        return csv.Sniffer().sniff(header_line, delimiters=";,").delimiter
    except csv.Error:
        return ","  # a single column; the header check below explains what is missing


def _check_header(header: list[str], required: tuple[str, ...], optional: tuple[str, ...]) -> None:
    known = (*required, *optional)
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    missing = [name for name in required if name not in header]
    unknown = [name for name in header if name and name not in known]
    errors = []
    if duplicated:
        errors.append(_("Kolom ganda: %(names)s.", names=", ".join(duplicated)))
    if missing:
        errors.append(_("Kolom wajib tidak ada: %(names)s.", names=", ".join(missing)))
    if unknown:
        errors.append(_("Kolom tidak dikenal: %(names)s.", names=", ".join(unknown)))
    if errors:
        errors.append(_("Baris pertama harus berisi judul kolom: %(known)s.", known=", ".join(known)))
        raise DomainError.on("file", " ".join(errors))


def table_rows(lines: Iterable[list[str]], required: tuple[str, ...], optional: tuple[str, ...] = (),
               max_rows: int | None = MAX_ROWS) -> list[CsvRow]:
    """The data rows of a table whose first line names the columns (a CSV file or a worksheet), numbered as a
    spreadsheet numbers them; a file-level DomainError when the header is wrong or there are too many rows."""
    lines = iter(lines)
    header = [(name or "").strip().lower() for name in next(lines, [])]
    _check_header(header, required, optional)
    rows: list[CsvRow] = []
    for number, cells in enumerate(lines, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # spreadsheets leave blank lines at the end
        if max_rows is not None and len(rows) >= max_rows:
            raise DomainError.on("file", _("Berkas berisi lebih dari %(n)d baris data; bagi menjadi beberapa "
                                           "berkas.", n=max_rows))
        padded = cells + [""] * (len(header) - len(cells))
        values = {name: padded[i].strip() for i, name in enumerate(header) if name}
        extra = any(cell.strip() for cell in cells[len(header):])
        rows.append(CsvRow(number, values, extra))
    return rows


def read_csv(data: bytes, required: tuple[str, ...], optional: tuple[str, ...] = (),
             max_rows: int | None = MAX_ROWS) -> list[CsvRow]:
    """The data rows of an uploaded CSV (UTF-8 with or without BOM, ';' or ','), or a file-level DomainError."""
    text = _decode(data)
    if not text.strip():
        raise DomainError.on("file", _("Berkas kosong."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.splitlines()[0]))
    try:
        return table_rows(reader, required, optional, max_rows)
    except csv.Error as exc:
        raise DomainError.on("file", _("Berkas CSV rusak di baris %(n)d: %(error)s", n=reader.line_num,
                                       error=str(exc))) from None


def run_rows(report: ImportReport, rows: list[CsvRow], import_row: Callable[[CsvRow], str],
             columns: dict | None = None, progress: Callable[[int], None] | None = None) -> None:
    """Import each row in its own savepoint, so a rejected row leaves nothing behind; a dry run keeps nothing.

    `import_row` returns CREATED, UPDATED or UNCHANGED, or raises DomainError with (field, message) pairs;
    `columns` maps those field names to the file's column names; `progress(1)` is called after every row.
    """
    columns = columns or {}
    outer = db.session.begin_nested()
    try:
        for row in rows:
            try:
                with db.session.begin_nested():
                    if row.extra_cells:
                        raise DomainError.on(None, _("Baris ini berisi lebih banyak sel daripada judul kolom."))
                    outcome = import_row(row)
            except DomainError as exc:
                report.reject(row.number, exc.errors, columns)
            except IntegrityError:
                report.reject(row.number, [(None, _("Baris ini bentrok dengan data yang baru disimpan orang lain."))],
                              columns)
            else:
                setattr(report, outcome, getattr(report, outcome) + 1)
            if progress is not None:
                progress(1)
    except BaseException:
        outer.rollback()
        raise
    if report.dry_run:
        outer.rollback()
    else:
        outer.commit()
