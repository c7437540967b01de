"""flask send-digests and flask remind-reviews."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import AssignmentStatus, Notification
from innolab.models.types import utcnow
from innolab.notifications.reminders import local_today
from innolab.notifications.service import notify
from innolab.vocab import Role
from tests.comments.cast import build_cast


def _run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_digest_sends_each_person_one_e_mail_and_is_idempotent(app, smtp_server, make_user):
    ana, budi, read_all = make_user(Role.REVIEWER), make_user(Role.COORDINATOR), make_user(Role.INNOVATOR)
    notify([ana], "review.submitted", title="Bank Sampah Digital")
    notify([ana, budi], "proposal.submitted", title="Antrean Daring")
    [seen] = notify([read_all], "decision.made", title="Posyandu Pintar", decision="Lanjut")
    seen.read_at = utcnow()
    db.session.commit()

    output = _run(app, "send-digests")
    assert "2 e-mail dikirim (3 notifikasi)" in output
    assert smtp_server.to() == sorted([ana.email, budi.email])
    letters = {m["To"]: m.get_content() for m in smtp_server.parsed()}
    assert "Bank Sampah Digital" in letters[ana.email] and "Antrean Daring" in letters[ana.email]
    assert "Bank Sampah Digital" not in letters[budi.email]

    assert "0 e-mail dikirim" in _run(app, "send-digests")
    assert len(smtp_server.messages) == 2


def test_digest_leaves_notifications_un_emailed_when_smtp_is_down(app, smtp_down, make_user):
    user = make_user(Role.REVIEWER)
    notify([user], "review.submitted", title="Bank Sampah")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["send-digests"])
    assert result.exit_code == 1 and "1 gagal" in result.output
    assert db.session.scalar(select(Notification.emailed_at)) is None


def _reminders() -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(Notification.kind == "review.due_soon"))


@pytest.mark.parametrize("due_in, reminded", [(-3, True), (0, True), (2, True), (3, False)])
def test_reviewers_are_reminded_within_the_window(app, make_user, make_unit, due_in, reminded):
    cast = build_cast(make_user, make_unit, due_on=local_today() + timedelta(days=due_in))
    output = _run(app, "remind-reviews", "--days", "2")
    assert f"{int(reminded)} penilai diingatkan" in output
    assert _reminders() == int(reminded)
    if reminded:
        notice = db.session.scalar(select(Notification))
        assert notice.user_id == cast.reviewer.id
        assert notice.url == f"/review/assignments/{cast.assignment.id}"
        assert notice.payload["due"] == cast.assignment.due_on.isoformat()


def test_a_reminder_comes_once_a_day(app, make_user, make_unit):
    build_cast(make_user, make_unit, due_on=local_today() + timedelta(days=1))
    build_cast(make_user, make_unit, due_on=local_today())
    assert "2 penilai diingatkan" in _run(app, "remind-reviews")
    assert "0 penilai diingatkan" in _run(app, "remind-reviews")
    assert _reminders() == 2
    for notice in db.session.scalars(select(Notification)):  # yesterday's reminders do not count for today
        notice.created_at -= timedelta(days=1)
    db.session.commit()
    assert "2 penilai diingatkan" in _run(app, "remind-reviews")


def test_no_reminder_for_submitted_declined_or_undated_assignments(app, make_user, make_unit):
    today = local_today()
    for status in (AssignmentStatus.SUBMITTED, AssignmentStatus.DECLINED):
        cast = build_cast(make_user, make_unit, due_on=today)
        cast.assignment.status = status
    build_cast(make_user, make_unit, due_on=None)
    db.session.commit()
    assert "0 penilai diingatkan" in _run(app, "remind-reviews")


def test_a_blind_rounds_reminder_names_the_proposal_by_its_code(app, make_user, make_unit):
    cast = build_cast(make_user, make_unit, blind=True, due_on=local_today())
    _run(app, "remind-reviews")
    notice = db.session.scalar(select(Notification))
    assert notice.payload["title"].startswith("PB-") and cast.innovation.title not in notice.payload.values()
