"""Bulk imports of users and units from CSV, with a per-row report and a dry run that writes nothing."""
from __future__ import annotations

import re
import secrets

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select

from innolab import audit
from innolab.admin import units as unit_service
from innolab.admin.csvfile import CREATED, UNCHANGED, UPDATED, CsvRow, ImportReport, read_csv, run_rows
from innolab.admin.users import account_errors, create_account
from innolab.auth.services import normalise_email
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import Unit

USER_COLUMNS = ("email", "name", "unit_code", "roles")
USER_OPTIONAL = ("nip", "password")
UNIT_COLUMNS = ("code", "name", "kind")
UNIT_OPTIONAL = ("parent_code",)
# Service errors name form fields; the report names the CSV column the admin has to fix.
FIELD_COLUMNS = {"unit_id": "unit_code", "parent_id": "parent_code", None: ""}


def _run(report: ImportReport, rows: list[CsvRow], import_row) -> None:
    """Import each row in its own savepoint (csvfile.run_rows), naming faults by this module's CSV columns."""
    run_rows(report, rows, import_row, FIELD_COLUMNS)


def _user_shape_errors(row: CsvRow, first_seen: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    """Checks that need no database: required cells, e-mail syntax, repeats within the file."""
    values, errors = row.values, []
    email = normalise_email(values["email"])
    if not email:
        errors.append(("email", _("E-mail wajib diisi.")))
    else:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            errors.append(("email", _("Alamat e-mail tidak valid.")))
    if not values["name"]:
        errors.append(("name", _("Nama wajib diisi.")))
    elif len(values["name"]) > 200:
        errors.append(("name", _("Nama maksimal 200 karakter.")))
    for column, value in (("email", email), ("nip", values.get("nip", ""))):
        if not value:
            continue
        earlier = first_seen.setdefault((column, value), row.number)
        if earlier != row.number:
            errors.append((column, _("Nilai ini sama dengan baris %(row)d di berkas yang sama.", row=earlier)))
    return errors


def import_users(actor, data: bytes, dry_run: bool = False) -> ImportReport:
    """Create the accounts listed in a CSV; rows that break a rule are reported and skipped."""
    rows = read_csv(data, USER_COLUMNS, USER_OPTIONAL)
    report = ImportReport(dry_run=dry_run, total=len(rows))
    first_seen: dict[tuple[str, str], int] = {}
    without_password = 0

    def import_row(row: CsvRow) -> str:
        nonlocal without_password
        values = row.values
        errors = _user_shape_errors(row, first_seen)
        unit = None
        if not values["unit_code"]:
            errors.append(("unit_code", _("Kode unit wajib diisi.")))
        else:
            unit = db.session.scalar(select(Unit).where(Unit.code == values["unit_code"]))
            if unit is None:
                errors.append(("unit_code", _("Unit dengan kode %(code)s tidak ada.", code=values["unit_code"])))
        account = dict(
            email=values["email"],
            nip=values.get("nip") or None,
            roles=re.split(r"[;,]", values["roles"]),
            # No password given: a long random one nobody knows; the user sets their own via "Lupa kata sandi".
            password=values.get("password") or secrets.token_urlsafe(32),
        )
        if errors:
            # Add the account rules too, one message per column, so the admin fixes the row in one go.
            flagged = {column for column, _message in errors}
            errors += [e for e in account_errors(**account)[1] if e[0] not in flagged]
            raise DomainError(*errors)
        create_account(actor, name=values["name"], unit_id=unit.id, source="csv", **account)
        if not values.get("password"):
            without_password += 1
        return CREATED

    _run(report, rows, import_row)
    if without_password:
        report.notes.append(_(
            "%(n)d akun tanpa kolom password mendapat kata sandi acak yang tidak diketahui siapa pun. Minta "
            "pemiliknya memakai \"Lupa kata sandi\" di halaman masuk untuk membuat kata sandi sendiri.",
            n=without_password,
        ))
    if not dry_run and report.created:
        audit.record(actor, "user.import", created=report.created, rejected=report.rejected, rows=report.total)
    return report


def _import_order(rows: list[CsvRow], by_code: dict[str, CsvRow], report: ImportReport) -> list[CsvRow]:
    """Rows with parents listed in the file come after those parents; rows that cannot be placed are reported."""
    for row in rows:
        code = row.values["code"]
        if code in by_code:
            report.reject(row.number, [("code", _("Kode ini sama dengan baris %(row)d di berkas yang sama.",
                                                  row=by_code[code].number))], FIELD_COLUMNS)
        elif code:
            by_code[code] = row
    placed: set[str] = set()
    ordered: list[CsvRow] = []
    waiting = [row for row in rows if row.values["code"] and by_code.get(row.values["code"]) is row]
    while waiting:
        ready = [row for row in waiting
                 if row.values.get("parent_code", "") not in by_code or row.values["parent_code"] in placed]
        if not ready:
            break
        for row in ready:
            placed.add(row.values["code"])
            ordered.append(row)
        waiting = [row for row in waiting if row.values["code"] not in placed]
    for row in waiting:
        report.reject(row.number, [("parent_id", _("Rujukan induk melingkar di dalam berkas."))], FIELD_COLUMNS)
    # Rows without a code still go through the importer so their other faults are reported too.
    return ordered + [row for row in rows if not row.values["code"]]


def import_units(actor, data: bytes, dry_run: bool = False) -> ImportReport:
    """Create or update units from a CSV, idempotent on code; rows that break a tree rule are reported."""
    rows = read_csv(data, UNIT_COLUMNS, UNIT_OPTIONAL)
    report = ImportReport(dry_run=dry_run, total=len(rows))
    by_code: dict[str, CsvRow] = {}
    ordered = _import_order(rows, by_code, report)

    def import_row(row: CsvRow) -> str:
        values = row.values
        parent_code = values.get("parent_code", "")
        parent = None
        if parent_code:
            parent = db.session.scalar(select(Unit).where(Unit.code == parent_code))
            if parent is None and parent_code in by_code:
                raise DomainError.on("parent_id", _("Unit induk %(code)s di baris %(row)d ditolak, sehingga baris "
                                                    "ini juga tidak dapat diimpor.", code=parent_code,
                                                    row=by_code[parent_code].number))
            if parent is None:
                raise DomainError.on("parent_id", _("Unit induk dengan kode %(code)s tidak ada.", code=parent_code))
        fields = dict(name=values["name"], kind=values["kind"], code=values["code"],
                      parent_id=parent.id if parent else None, source="csv")
        unit = db.session.scalar(select(Unit).where(Unit.code == values["code"])) if values["code"] else None
        if unit is None:
            unit_service.create_unit(actor, **fields)
            return CREATED
        return UPDATED if unit_service.update_unit(actor, unit, **fields) else UNCHANGED

    _run(report, ordered, import_row)
    report.issues.sort(key=lambda issue: issue.row)
    if not dry_run and (report.created or report.updated):
        audit.record(actor, "unit.import", created=report.created, updated=report.updated,
                     rejected=report.rejected, rows=report.total)
    return report
