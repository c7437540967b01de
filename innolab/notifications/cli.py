"""flask commands: send-digests, remind-reviews."""
from __future__ import annotations

import click
from flask import Flask

from innolab.extensions import db
from innolab.notifications import mailing
from innolab.notifications.digest import digest_letters
from innolab.notifications.reminders import remind_due_reviews


@click.command("send-digests")
def send_digests() -> None:
    """E-mail each person one digest of their un-emailed notifications (safe to run again)."""
    letters = digest_letters()
    db.session.rollback()  # end the read; each stamp below is its own short transaction
    sent = carried = failed = 0
    for letter in letters:
        if not mailing.post(letter):
            failed += 1
            continue
        mailing.mark_emailed(db.session.connection(), letter.notification_ids)
        db.session.commit()  # stamped before the next e-mail, so a crash part-way resends nothing already sent
        sent += 1
        carried += len(letter.notification_ids)
    click.echo(f"Digest: {sent} e-mail dikirim ({carried} notifikasi), {failed} gagal.")
    if failed:
        raise SystemExit(1)


@click.command("remind-reviews")
@click.option("--days", default=2, show_default=True, type=click.IntRange(min=0),
              help="Remind of assignments due within this many days (overdue ones too).")
def remind_reviews(days: int) -> None:
    """Notify reviewers whose pending assignments are due soon or overdue, once per assignment per day."""
    count = remind_due_reviews(days)
    db.session.commit()
    click.echo(f"Pengingat: {count} penilai diingatkan.")


def init_app(app: Flask) -> None:
    app.cli.add_command(send_digests)
    app.cli.add_command(remind_reviews)
