"""flask evidence sweep: the operator's handle on the upload folder."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from innolab.evidence.sweep import DEFAULT_GRACE_MINUTES, sweep

evidence_cli = AppGroup("evidence", help="Maintain the evidence files in the upload folder.")


@evidence_cli.command("sweep")
@click.option("--dry-run", is_flag=True, help="Only report what would be removed.")
@click.option("--older-than", "older_than", type=click.FloatRange(min=0), default=DEFAULT_GRACE_MINUTES,
              show_default=True, metavar="MINUTES",
              help="Grace period: files written more recently are kept (an upload may be committing).")
def sweep_command(dry_run: bool, older_than: float) -> None:
    """Remove files no evidence row refers to and report rows whose file is missing.

    Exit status 1 when a row's file is missing (restore it from a backup), 0 otherwise.
    """
    report = sweep(grace_seconds=older_than * 60, dry_run=dry_run)
    verb = "Would remove" if dry_run else "Removed"
    for path in report.removed:
        click.echo(f"{verb} orphan file {path}")
    for path in report.foreign:
        click.echo(f"Left alone (not an evidence file): {path}")
    for missing in report.missing:
        click.echo(f"Missing file of evidence {missing.evidence_id} (innovation {missing.innovation_id}): "
                   f"{missing.stored_name}", err=True)
    click.echo(f"{len(report.removed)} orphan file(s) {'to remove' if dry_run else 'removed'}, "
               f"{len(report.young)} newer than {older_than:g} min kept, {report.referenced} in use, "
               f"{len(report.foreign)} foreign, {len(report.missing)} row(s) with a missing file.")
    if report.missing:
        raise SystemExit(1)
