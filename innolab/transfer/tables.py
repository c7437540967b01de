"""Tables in files: reading the rows of an uploaded CSV or XLSX, and writing rows as CSV or XLSX.

The format follows the file name's extension. Reading reuses admin.csvfile (header check, row numbers as a
spreadsheet shows them, blank lines skipped), so every importer reports a file's faults in the same words.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import PurePath

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from innolab.admin.csvfile import CsvRow, read_csv, table_rows
from innolab.domain import DomainError

CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)
EXTENSIONS = {".csv": CSV, ".txt": CSV, ".xlsx": XLSX}
MIMETYPES = {CSV: "text/csv", XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# A spreadsheet runs a CSV cell that starts like a formula; exports put an apostrophe before such text
# (OWASP "CSV injection"), and imports take it off again, so a round trip keeps the text as it was.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# An XLSX is a zip archive: its declared contents are checked before anything is unpacked (a "zip bomb" of a few
# megabytes can unpack to gigabytes). Real workbooks of tens of thousands of rows stay far below both limits.
XLSX_MAX_UNPACKED_BYTES = 256 * 1024 * 1024
XLSX_MAX_MEMBERS = 10_000


def file_format(filename: str) -> str:
    """CSV or XLSX, from the file name's extension; a DomainError on the 'file' field for anything else."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in EXTENSIONS:
        if suffix == ".xls":
            raise DomainError.on("file", _("Berkas .xls (Excel lama) tidak didukung. Di Excel, simpan sebagai "
                                           "\"Excel Workbook (.xlsx)\" atau \"CSV UTF-8\", lalu unggah lagi."))
        raise DomainError.on("file", _("Format berkas tidak didukung: gunakan .csv atau .xlsx."))
    return EXTENSIONS[suffix]


def read_table(data: bytes, filename: str, required: tuple[str, ...], optional: tuple[str, ...] = (),
               max_rows: int | None = None) -> list[CsvRow]:
    """The data rows of a CSV (UTF-8, with or without BOM) or of an XLSX file's first sheet."""
    if file_format(filename) == XLSX:
        return _read_xlsx(data, required, optional, max_rows)
    rows = read_csv(data, required, optional, max_rows)
    return [CsvRow(row.number, {name: _unescape(value) for name, value in row.values.items()}, row.extra_cells)
            for row in rows]


def _unescape(text: str) -> str:
    return text[1:] if text[:1] == "'" and text[1:2] in _FORMULA_START else text


def _read_xlsx(data: bytes, required, optional, max_rows) -> list[CsvRow]:
    if not data:
        raise DomainError.on("file", _("Berkas kosong."))
    _check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged or foreign file fails in zipfile, XML or openpyxl in many ways
        raise DomainError.on("file", _unreadable_xlsx()) from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record a wrong size; read every row there is
        return table_rows(_xlsx_lines(sheet.iter_rows(values_only=True)), required, optional, max_rows)
    except DomainError:
        raise
    except Exception:
        raise DomainError.on("file", _unreadable_xlsx()) from None
    finally:
        workbook.close()


def _check_archive(data: bytes) -> None:
    """Refuse an XLSX whose archive would unpack to too much, before unpacking any of it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise DomainError.on("file", _unreadable_xlsx()) from None
    # zipfile never unpacks more of a member than its declared size, so the declared sizes are a real bound.
    if len(members) > XLSX_MAX_MEMBERS or sum(member.file_size for member in members) > XLSX_MAX_UNPACKED_BYTES:
        raise DomainError.on("file", _("Isi berkas XLSX ini terlalu besar untuk dibaca (lebih dari %(mb)d MB setelah "
                                       "dibuka). Bagi datanya ke beberapa berkas, lalu unggah satu per satu.",
                                       mb=XLSX_MAX_UNPACKED_BYTES // (1024 * 1024)))


def _unreadable_xlsx() -> str:
    return _("Berkas XLSX ini tidak dapat dibaca. Buka di Excel atau LibreOffice, simpan lagi sebagai .xlsx (atau "
             "\"CSV UTF-8\"), lalu unggah lagi.")


def _xlsx_lines(rows: Iterable[Sequence]) -> Iterator[list[str]]:
    for row in rows:
        yield [cell_text(value) for value in row]


def cell_text(value) -> str:
    """A worksheet cell as the text a CSV would hold: dates in ISO form, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# -- writing ---------------------------------------------------------------------------------------------------

def write_table(fmt: str, header: Sequence[str], rows: Iterable[Sequence], sheet_title: str = "data") -> bytes:
    """The rows as a file: CSV (UTF-8 with BOM, which Excel needs to read it as UTF-8) or XLSX."""
    return _write_xlsx(header, rows, sheet_title) if fmt == XLSX else _write_csv(header, rows)


def _write_csv(header, rows) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _write_xlsx(header, rows, sheet_title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "", sheet_title)[:31] or "data")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, name, bold) for name in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value, font=None):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters are not allowed in the file format
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, even when it starts with '=': never a formula
    if isinstance(value, date) and not isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd"
    if font is not None:
        cell.font = font
    return cell
