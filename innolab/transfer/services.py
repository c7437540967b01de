"""Importing innovations from a CSV or XLSX file, as a lab brings in the list it kept in a spreadsheet.

Each row is imported in its own savepoint (admin.csvfile.run_rows): a rejected row leaves nothing behind, the
others are kept, and the report names every fault by row and column. A dry run goes through every row the same
way and keeps nothing. Imports are idempotent on external_ref: a row whose external_ref is already known updates
that innovation when a value differs and otherwise leaves it alone. A row without external_ref always creates a new
innovation (nothing identifies it on a second run); the report warns how many such rows there were.

Imported innovations belong to the importing user (the owner) and to the unit named by unit_code; each gets a
StageEvent "Diimpor dari berkas …" so its history starts with where it came from.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from innolab import audit
from innolab.admin.csvfile import CREATED, UNCHANGED, UPDATED, CsvRow, ImportReport, run_rows
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.lab.moves import PUBLISHABLE_STAGES, UNPUBLISHABLE_STATUSES
from innolab.models import Innovation, Unit, User
from innolab.pipeline.stages import Stage
from innolab.policy import can
from innolab.proposals.services import record_event, unique_slug
from innolab.transfer import fields as f
from innolab.transfer.tables import read_table

CHUNK = 500  # ids or codes per IN (…) query


def read_innovation_file(data: bytes, filename: str, max_rows: int | None = None) -> list[CsvRow]:
    """The rows of an innovation file, or a file-level DomainError (encoding, format, missing or unknown columns)."""
    return read_table(data, filename, f.REQUIRED_COLUMNS, f.OPTIONAL_COLUMNS, max_rows)


def import_innovations(actor: User, data: bytes, filename: str, dry_run: bool = False,
                       max_rows: int | None = None) -> ImportReport:
    """Read and import a file in one go (the web upload); see import_rows."""
    return import_rows(actor, read_innovation_file(data, filename, max_rows), filename, dry_run=dry_run)


def import_rows(actor: User, rows: list[CsvRow], filename: str, dry_run: bool = False,
                progress: Callable[[int], None] | None = None) -> ImportReport:
    """Create or update the innovations of `rows` as `actor`; flushes, never commits."""
    report = ImportReport(dry_run=dry_run, total=len(rows))
    importer = _RowImporter(actor, rows, PurePath(filename or "").name or "?")
    run_rows(report, rows, importer.import_row, progress=progress)
    report.issues.sort(key=lambda issue: issue.row)
    _add_notes(report, rows, importer)
    if not dry_run and (report.created or report.updated):
        audit.record(actor, "innovation.import", file=importer.source, created=report.created,
                     updated=report.updated, unchanged=report.unchanged, rejected=report.rejected, rows=report.total)
    return report


def _add_notes(report: ImportReport, rows: list[CsvRow], importer: _RowImporter) -> None:
    if importer.created_without_ref and report.dry_run:
        report.notes.append(_(
            "%(n)d baris tanpa external_ref akan dibuat sebagai inovasi baru. Mengimpor berkas yang sama sekali lagi "
            "akan membuatnya dua kali; isi kolom external_ref (mis. nomor di daftar Anda) agar impor ulang "
            "memperbarui, bukan menggandakan.", n=importer.created_without_ref))
    elif importer.created_without_ref:
        report.notes.append(_(
            "%(n)d baris tanpa external_ref dibuat sebagai inovasi baru. Mengimpor berkas yang sama sekali lagi akan "
            "membuatnya dua kali; isi kolom external_ref (mis. nomor di daftar Anda) agar impor ulang memperbarui, "
            "bukan menggandakan.", n=importer.created_without_ref))
    derived = [c for c in f.DERIVED_COLUMNS if rows and c in rows[0].values]
    if derived:
        report.notes.append(_("Kolom %(names)s dihitung dari data lain (nilai penilaian) dan diabaikan saat impor.",
                              names=", ".join(derived)))


class _RowImporter:
    """Imports one row at a time; knows the file's units, its external_refs and which refs already exist."""

    def __init__(self, actor: User, rows: list[CsvRow], source: str):
        self.actor = actor
        self.source = source
        self.vocabulary = f.Vocabulary()
        self.created_without_ref = 0
        self.first_row_of_ref: dict[str, int] = {}
        for row in rows:
            ref = row.values.get("external_ref", "")
            if ref:
                self.first_row_of_ref.setdefault(ref, row.number)
        self.units = _by_chunks(list({row.values.get("unit_code", "") for row in rows} - {""}),
                                lambda codes: select(Unit.code, Unit).where(Unit.code.in_(codes)))
        self.existing = _by_chunks(list(self.first_row_of_ref),
                                   lambda refs: select(Innovation.external_ref, Innovation.id)
                                   .where(Innovation.external_ref.in_(refs)))

    def import_row(self, row: CsvRow) -> str:
        values, errors = self._read(row)
        ref = values.get("external_ref")
        current = self._current(ref, errors)
        self._check_state(values, current, errors)
        if errors:
            raise DomainError(*errors)
        unit = values.pop("unit")
        if current is None:
            return self._create(values, unit)
        return self._update(current, values, unit)

    # -- reading a row ------------------------------------------------------------------------------------------

    def _read(self, row: CsvRow) -> tuple[dict, list[tuple[str, str]]]:
        """The row's values for the columns the file has (blank cells mean 'empty'), and what is wrong with it."""
        values, errors = {}, []
        for column, text in row.values.items():
            if column in f.DERIVED_COLUMNS:
                continue
            try:
                values[column] = self._cell(column, text)
            except f.CellError as exc:
                errors.append((column, exc.message))
        if not row.values.get("title"):
            errors.append(("title", _("Judul inovasi wajib diisi.")))
        if not row.values.get("stage"):
            errors.append(("stage", _("Tahap wajib diisi. Pilihan: %(choices)s.",
                                      choices=", ".join(s.value for s in Stage))))
        code = row.values.get("unit_code", "")
        if not code:
            errors.append(("unit_code", _("Kode unit wajib diisi.")))
        elif code not in self.units:
            errors.append(("unit_code", _("Unit dengan kode %(code)s tidak ada.", code=code)))
        else:
            values["unit"] = self.units[code]
        values.pop("unit_code", None)
        ref = values.get("external_ref")
        if ref and self.first_row_of_ref.get(ref, row.number) != row.number:
            errors.append(("external_ref", _("Nilai ini sama dengan baris %(row)d di berkas yang sama.",
                                             row=self.first_row_of_ref[ref])))
        return values, errors

    def _cell(self, column: str, text: str):
        if column == "external_ref":
            return f.read_text(text, f.REF_LIMIT) or None
        if column == "title":
            return f.read_text(text, f.TITLE_LIMIT)
        if column in f.TEXT_COLUMNS:
            return f.read_text(text)
        if column in f.ENUM_COLUMNS:
            return self.vocabulary.enum(column, text)
        if column == "affair":
            return self.vocabulary.affair(text)
        if column in f.DATE_COLUMNS:
            return f.read_date(text)
        if column in f.BOOL_COLUMNS:
            return f.read_bool(text)
        if column == "sdgs":
            return f.read_sdgs(text)
        if column == "tags":
            return f.read_tags(text)
        if column == "budget":
            return f.read_budget(text)
        return text  # unit_code, resolved by _read

    def _current(self, ref: str | None, errors: list) -> Innovation | None:
        """The innovation this row updates: the one with its external_ref, if the importer may see it."""
        if not ref or ref not in self.existing:
            return None
        innovation = db.session.scalar(select(Innovation).where(Innovation.id == self.existing[ref])
                                       .options(selectinload(Innovation.members)))
        if innovation is not None and not can(self.actor, "proposal.view", innovation):
            errors.append(("external_ref", _("external_ref %(ref)s sudah dipakai inovasi yang tidak boleh Anda lihat; "
                                             "baris ini tidak dapat mengubahnya.", ref=ref)))
        return innovation

    def _check_state(self, values: dict, current: Innovation | None, errors: list) -> None:
        """Settle the status (a blank one keeps the current status or takes the stage's entry status) and check that
        the pipeline can reach it, and that only a running innovation in trial or use is published."""
        stage = values.get("stage")
        if stage is None:
            return
        if values.get("status") is None and "status" not in {column for column, _message in errors}:
            if current is not None and (stage, current.status) in f.REACHABLE:
                values["status"] = current.status
            else:
                values["status"] = f.entry_status(stage)
        status = values.get("status")
        if status is None:
            return
        if (stage, status) not in f.REACHABLE:
            errors.append(("status", _("Status %(status)s tidak mungkin pada tahap %(stage)s. Pilihan pada tahap ini: "
                                       "%(choices)s.", status=status.value, stage=stage.value,
                                       choices=", ".join(s.value for s in f.statuses_of(stage)))))
            return
        published = values["published"] if "published" in values else bool(current and current.published)
        if published and (stage not in PUBLISHABLE_STAGES or status in UNPUBLISHABLE_STATUSES):
            errors.append(("published", _("Hanya inovasi pada tahap Uji Coba atau Penerapan & Replikasi yang masih "
                                          "berjalan yang dapat dipublikasikan.")))

    # -- writing ------------------------------------------------------------------------------------------------

    def _create(self, values: dict, unit: Unit) -> str:
        innovation = Innovation(owner_id=self.actor.id, unit_id=unit.id, slug=unique_slug(values["title"]), **values)
        db.session.add(innovation)
        db.session.flush()
        record_event(innovation, self.actor, None, None, _("Diimpor dari berkas %(name)s.", name=self.source))
        if not values.get("external_ref"):
            self.created_without_ref += 1
        return CREATED

    def _update(self, innovation: Innovation, values: dict, unit: Unit) -> str:
        changes = {name: value for name, value in values.items() if not _same(getattr(innovation, name), value)}
        if innovation.unit_id != unit.id:
            changes["unit_id"] = unit.id
        if not changes:
            return UNCHANGED
        before = innovation.stage, innovation.status
        for name, value in changes.items():
            setattr(innovation, name, value)
        try:
            db.session.flush()
        except StaleDataError:
            raise DomainError.on(None, _("Inovasi ini baru saja diubah orang lain. Impor ulang berkas ini untuk "
                                         "menerapkan baris ini.")) from None
        if before != (innovation.stage, innovation.status):
            record_event(innovation, self.actor, *before, _("Diperbarui dari berkas %(name)s.", name=self.source))
        return UPDATED


def _same(stored, value) -> bool:
    # Empty is empty, whether the database holds None, "" or [].
    if stored in (None, "", []) and value in (None, "", []):
        return True
    return stored == value


def _by_chunks(keys: list, statement) -> dict:
    """{key: value} from (key, value) rows of `statement(chunk)`, querying CHUNK keys at a time."""
    found = {}
    for start in range(0, len(keys), CHUNK):
        found.update({key: value for key, value in db.session.execute(statement(keys[start:start + CHUNK]))})
    return found
