"""flask import FILE / flask export FILE: innovations in and out of CSV or XLSX files, with progress bars."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from innolab.domain import DomainError
from innolab.extensions import db


def _acting_user(email: str | None):
    """The account the command acts as: --as EMAIL, or else the first active administrator."""
    from innolab.auth.services import normalise_email
    from innolab.models import User, UserRole
    from innolab.policy import can
    from innolab.vocab import Role

    if email:
        user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
        if user is None or not user.is_active:
            raise click.ClickException(f"Tidak ada akun aktif dengan e-mail {email}.")
        if not can(user, "innovation.import"):
            raise click.ClickException(f"{user.email} bukan koordinator lab atau administrator; tidak boleh mengimpor.")
        return user
    user = db.session.scalar(select(User).join(UserRole).where(User.is_active, UserRole.role == Role.ADMIN)
                             .order_by(User.id).limit(1))
    if user is None:
        raise click.ClickException("Belum ada administrator aktif; buat dengan flask create-admin atau pakai --as EMAIL.")
    return user


def _messages(error: DomainError) -> str:
    return " ".join(str(message) for _field, message in error.errors)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and report; save nothing.")
@click.option("--as", "as_email", metavar="EMAIL", help="Act as (and make owner) this coordinator or admin "
                                                      "(default: the first active admin).")
@with_appcontext
def import_command(file: Path, dry_run: bool, as_email: str | None) -> None:
    """Import innovations from a CSV or XLSX FILE (format by extension); idempotent on external_ref."""
    from innolab.transfer import services

    actor = _acting_user(as_email)
    try:
        rows = services.read_innovation_file(file.read_bytes(), file.name)
    except DomainError as exc:
        raise click.ClickException(_messages(exc)) from None
    began = time.perf_counter()
    try:
        with click.progressbar(length=len(rows), label=f"Memeriksa {file.name}" if dry_run else
                               f"Mengimpor {file.name}", file=sys.stderr) as bar:
            report = services.import_rows(actor, rows, file.name, dry_run=dry_run, progress=bar.update)
        imported = time.perf_counter() - began
        db.session.commit()  # also indexes the new and changed innovations for search
    except Exception:
        db.session.rollback()
        raise
    took = time.perf_counter() - began
    rate = len(rows) / imported if imported > 0 else 0.0
    if dry_run:
        click.echo(f"Uji coba, tidak ada yang disimpan: {report.created} akan dibuat, {report.updated} akan "
                   f"diperbarui, {report.unchanged} tanpa perubahan, {report.rejected} baris bermasalah "
                   f"(dari {report.total} baris).")
    else:
        click.echo(f"Impor selesai sebagai {actor.email}: {report.created} dibuat, {report.updated} diperbarui, "
                   f"{report.unchanged} tanpa perubahan, {report.rejected} baris ditolak (dari {report.total} baris).")
    click.echo(f"Waktu: {took:.1f} detik ({rate:.0f} baris/detik tanpa penyimpanan akhir dan pengindeksan).")
    for issue in report.issues:
        click.echo(f"  Baris {issue.row}, kolom {issue.column or '—'}: {issue.message}")
    for note in report.notes:
        click.echo(f"Catatan: {note}")
    if report.rejected:
        sys.exit(1)  # scripts notice that some rows were left out


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--kind", type=click.Choice(["innovations", "reviews", "replications"]), default="innovations",
              show_default=True)
@click.option("--as", "as_email", metavar="EMAIL", help="Export only what this account may see (default: all).")
@with_appcontext
def export_command(file: Path, kind: str, as_email: str | None) -> None:
    """Export innovations, reviews or replications to a CSV or XLSX FILE (format by extension)."""
    from innolab.auth.services import normalise_email
    from innolab.models import User
    from innolab.transfer import queries
    from innolab.transfer.tables import file_format, write_table

    try:
        fmt = file_format(file.name)
    except DomainError as exc:
        raise click.ClickException(_messages(exc)) from None
    user = None
    if as_email:
        user = db.session.scalar(select(User).where(User.email == normalise_email(as_email)))
        if user is None or not user.is_active:
            raise click.ClickException(f"Tidak ada akun aktif dengan e-mail {as_email}.")
    innovations = queries.all_innovations(user)
    with click.progressbar(length=len(innovations), label=f"Mengekspor {kind}", file=sys.stderr) as bar:
        header, rows = queries.export_table(kind, innovations, user, progress=bar.update)
    file.write_bytes(write_table(fmt, header, rows, sheet_title=kind))
    click.echo(f"{len(rows)} baris {kind} ditulis ke {file}.")


def init_app(app) -> None:
    app.cli.add_command(import_command)
    app.cli.add_command(export_command)
