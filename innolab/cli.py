"""flask commands: create-admin, seed-demo, search."""
from __future__ import annotations

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
    from innolab.demo.cli import seed_demo

    app.cli.add_command(seed_demo)
    from innolab.search.cli import search_cli

    app.cli.add_command(search_cli)
    from innolab.transfer import cli as transfer_cli

    transfer_cli.init_app(app)  # import FILE, export FILE
