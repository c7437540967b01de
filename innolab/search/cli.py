"""flask search rebuild | verify | sync: the operator's handles on the index."""
from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import Innovation
from innolab.search import current_service
from innolab.search.engine import IndexBusy

search_cli = AppGroup("search", help="Maintain the full-text search index.")


@search_cli.command("rebuild")
def rebuild() -> None:
    """Rebuild the index from the database; searches keep answering from the old index meanwhile."""
    total = db.session.scalar(select(func.count()).select_from(Innovation))
    db.session.commit()  # hold no transaction open while the rebuild reads on its own connection
    began = time.perf_counter()
    with click.progressbar(length=total, label="Indexing innovations") as bar:
        last = 0

        def advance(done: int) -> None:
            nonlocal last
            bar.update(done - last)
            last = done

        count = current_service().rebuild(progress=advance)
    click.echo(f"Indexed {count} innovations in {time.perf_counter() - began:.1f} s.")


@search_cli.command("verify")
def verify() -> None:
    """Compare (id, version) between the database and the index; exit status 1 when they differ."""
    drift = current_service().verify()
    _report(drift, "differ")
    if drift.total:
        click.echo("Run `flask --app innolab search sync` to repair.")
        raise SystemExit(1)
    click.echo("The index matches the database.")


@search_cli.command("sync")
def sync() -> None:
    """Repair whatever verify finds (cheap when little differs; run it from cron on every host)."""
    try:
        drift = current_service().sync()
    except IndexBusy as exc:
        raise click.ClickException(f"{exc}; another process holds the index lock, try again") from None
    _report(drift, "repaired")
    if not drift.total:
        click.echo("Nothing to repair.")


def _report(drift, verb: str) -> None:
    for label, ids in (("missing from the index", drift.missing), ("out of date", drift.stale),
                       ("no longer in the database", drift.extra)):
        if ids:
            shown = ", ".join(ids[:20]) + (" …" if len(ids) > 20 else "")
            click.echo(f"{len(ids)} {label} ({verb}): {shown}")
