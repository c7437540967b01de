"""Export of a year's assessments, one row per innovation and indicator in the national form's order.

CSV always; XLSX when openpyxl is installed (imported lazily, so the app runs without it).
"""
from __future__ import annotations

import csv
import importlib.util
import io

from flask_babel import gettext as _

from innolab.readiness.forms import evidence_label
from innolab.readiness.queries import RegionRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def xlsx_available() -> bool:
    return importlib.util.find_spec("openpyxl") is not None


def _safe(value):
    # A typed title starting with "=" must stay text in a spreadsheet, never become a formula.
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def header() -> list[str]:
    return [_("Tahun"), _("No."), _("Inovasi"), _("Unit kerja"), _("Tahapan"), _("No. indikator"), _("Indikator"),
            _("Bobot"), _("Tingkat"), _("Uraian tingkat"), _("Nilai"), _("Bukti dukung"), _("Status bukti"),
            _("Skor inovasi"), _("Skor maksimum"), _("Predikat")]


def rows(indicator_set, region_rows: list[RegionRow]) -> list[list]:
    """The table's body: for each innovation, its indicators in the national form's order."""
    body = []
    for number, row in enumerate(region_rows, start=1):
        innovation, card = row.innovation, row.card
        for index, line in enumerate(card.lines, start=1):
            indicator = line.indicator
            if line.level == 0:
                level_text, status = _("Belum ada"), ""
            else:
                level_text = indicator.levels[line.level - 1] if line.level <= len(indicator.levels) else ""
                status = _("kurang bukti") if line.lacks_evidence else _("lengkap")
            if line.auto:
                automatic = _("otomatis dari data replikasi")
                level_text = f"{level_text} ({automatic})"
            body.append([
                indicator_set.year, number, innovation.title, innovation.unit.name, str(innovation.stage.label),
                index, indicator.name, indicator.weight, line.level, level_text, line.points,
                "; ".join(evidence_label(item) for item in line.evidence), status,
                card.score, card.maximum, str(row.predicate.label),
            ])
    return body


def to_csv(indicator_set, region_rows: list[RegionRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    for row in rows(indicator_set, region_rows):
        writer.writerow([_safe(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")  # the byte-order mark makes Excel read UTF-8


def to_xlsx(indicator_set, region_rows: list[RegionRow]) -> bytes:
    from openpyxl import Workbook  # optional dependency: offered only when installed

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Penilaian %(year)d", year=indicator_set.year)[:31]
    sheet.append(header())
    for row in rows(indicator_set, region_rows):
        sheet.append([_safe(value) for value in row])
    sheet.freeze_panes = "A2"
    summary = workbook.create_sheet(_("Ringkasan")[:31])
    summary.append([_("No."), _("Inovasi"), _("Unit kerja"), _("Skor inovasi"), _("Skor maksimum"), _("Predikat"),
                    _("Indikator kurang bukti")])
    for number, row in enumerate(region_rows, start=1):
        summary.append([number, _safe(row.innovation.title), _safe(row.innovation.unit.name), row.card.score,
                        row.card.maximum, str(row.predicate.label), len(row.card.missing)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
