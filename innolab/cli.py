"""flask commands: create-admin, seed-demo, search, backup, restore."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from sqlalchemy import select

from innolab.domain import DomainError
from innolab.extensions import db


@click.command("create-admin")
@click.option("--email", prompt="E-mail")
@click.option("--name", prompt="Nama")
@click.option("--unit-code", default=None, help="Code of the admin's unit (default: the root unit).")
@click.password_option("--password", prompt="Kata sandi")
def create_admin(email: str, name: str, unit_code: str | None, password: str) -> None:
    """Create an administrator account."""
    from innolab.auth.services import create_user
    from innolab.models import Unit
    from innolab.pipeline.defaults import ensure_reference_data
    from innolab.vocab import Role, UnitKind

    if unit_code:
        unit = db.session.scalar(select(Unit).where(Unit.code == unit_code))
        if unit is None:
            raise click.ClickException(f"No unit with code {unit_code}.")
    else:
        unit = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
    if unit is None:
        # A fresh installation: the admin's own unit is the region itself, the root of the unit tree.
        region = click.prompt("Nama pemerintah daerah (mis. Pemerintah Kota Malang)")
        code = click.prompt("Kode wilayah Kemendagri (mis. 35.73)")
        unit = Unit(name=region.strip(), code=code.strip(), kind=UnitKind.PEMDA)
        db.session.add(unit)
    try:
        user = create_user(email=email, name=name, unit=unit, password=password, roles=[Role.ADMIN])
        ensure_reference_data()  # a fresh installation also needs the default rubrics and evidence checklists
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException("; ".join(str(message) for _, message in exc.errors)) from None
    db.session.commit()
    click.echo(f"Administrator {user.email} created in {unit.name}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
    from innolab.demo.cli import seed_demo

    app.cli.add_command(seed_demo)
    from innolab.search.cli import search_cli

    app.cli.add_command(search_cli)
    from innolab.evidence.cli import evidence_cli

    app.cli.add_command(evidence_cli)  # evidence sweep
    from innolab.transfer import cli as transfer_cli

    transfer_cli.init_app(app)  # import FILE, export FILE


@click.command("backup")
@click.option("--output", "output_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the archive (default: instance/backups).")
def backup(output_dir: Path | None) -> None:
    """Back up the database and the uploaded evidence into one archive."""
    from flask import current_app

    from innolab.backup import BackupError, create_backup

    try:
        archive, manifest = create_backup(output_dir or Path(current_app.instance_path) / "backups")
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Backup written to {archive} ({manifest.database}, {manifest.innovations} innovations, "
               f"{manifest.files} files, schema {manifest.revision}).")


@click.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(archive: Path, yes: bool) -> None:
    """Replace the database and uploads with a backup's, then bring the search index in line. Stop the app first."""
    from innolab.backup import BackupError, restore_backup
    from innolab.search import current_service

    if not yes:
        click.confirm("This replaces every row and uploaded file with the backup's. Continue?", abort=True)
    try:
        manifest = restore_backup(archive)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    drift = current_service().sync()
    click.echo(f"Restored the backup of {manifest.created_at} ({manifest.innovations} innovations, "
               f"{manifest.files} files); search index: {drift.total} documents repaired. "
               "Restart every host so their indexes catch up too.")
