"""Immediate e-mail: sent after commit, never on rollback, never breaking the request when SMTP is down."""
from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Comment, Notification
from innolab.notifications import delivery
from innolab.notifications.service import notify
from innolab.vocab import Role
from tests.smtp import smtp_on


def _immediate(*users):
    for user in users:
        user.notify_digest = False
    db.session.commit()


def test_e_mail_leaves_only_after_commit(smtp_server, make_user):
    user = make_user(Role.REVIEWER)
    _immediate(user)
    [notice] = notify([user], "review.due_soon", url="/review/", title="Bank Sampah", due="2026-03-09")
    assert smtp_server.messages == []  # flushed, not committed: nothing may leave yet
    db.session.commit()
    assert smtp_server.to() == [user.email]
    [message] = smtp_server.parsed()
    assert message["Subject"].strip() == "[InnoLab] Tenggat penilaian segera tiba: Bank Sampah (tenggat 9 Mar 2026)"
    assert "/review/" in message.get_content()
    assert db.session.get(Notification, notice.id).emailed_at is not None


def test_a_rolled_back_notification_is_never_e_mailed(smtp_server, make_user):
    user = make_user(Role.REVIEWER)
    _immediate(user)
    notify([user], "review.submitted", title="Bank Sampah")
    db.session.rollback()
    assert delivery.PENDING not in db.session.info  # forgotten, so a reused id can never be mistaken for it
    db.session.commit()
    assert smtp_server.messages == []
    assert db.session.scalars(select(Notification)).all() == []


def test_savepoints_neither_send_nor_drop_the_outer_transactions_notifications(smtp_server, make_user):
    kept, dropped = make_user(Role.REVIEWER), make_user(Role.REVIEWER)
    _immediate(kept, dropped)
    notify([kept], "review.submitted", title="Tetap")
    with db.session.begin_nested():
        notify([kept], "review.reopened", title="Juga tetap")
    assert smtp_server.messages == []  # a released savepoint is not the end of the transaction
    savepoint = db.session.begin_nested()
    notify([dropped], "review.submitted", title="Batal")
    savepoint.rollback()
    db.session.commit()
    assert smtp_server.to() == [kept.email, kept.email]


def test_digest_readers_get_no_immediate_e_mail(smtp_server, make_user):
    user = make_user(Role.REVIEWER)  # the digest is the default
    [notice] = notify([user], "review.submitted", title="Bank Sampah")
    db.session.commit()
    assert smtp_server.messages == []
    assert db.session.get(Notification, notice.id).emailed_at is None


def test_a_comment_e_mails_immediate_readers_in_their_language(client, switch_to, smtp_server, cast):
    _immediate(cast.member, cast.coordinator)
    cast.coordinator.locale = "en"
    db.session.commit()
    switch_to(cast.owner)
    response = client.post(f"/proposals/{cast.innovation.id}/comments", data={"comment-body": "Data sudah diunggah."})
    assert response.status_code == 302
    assert smtp_server.to() == sorted([cast.member.email, cast.coordinator.email])  # the reviewer chose the digest
    subjects = {m["To"]: m["Subject"].strip() for m in smtp_server.parsed()}  # unfolded long headers keep a space
    assert subjects[cast.member.email] == f"[InnoLab] Komentar baru pada {cast.innovation.title}"
    assert subjects[cast.coordinator.email] == f"[InnoLab] New comment on {cast.innovation.title}"
    body = smtp_server.parsed()[0].get_content()
    assert f"http://localhost/proposals/{cast.innovation.id}#comments" in body


def test_smtp_down_does_not_break_the_request_and_the_digest_catches_up(app, client, switch_to, smtp_down, cast):
    _immediate(cast.member)
    switch_to(cast.owner)
    response = client.post(f"/proposals/{cast.innovation.id}/comments", data={"comment-body": "Data sudah diunggah."})
    assert response.status_code == 302
    assert db.session.scalar(select(Comment.body)) == "Data sudah diunggah."
    notice = db.session.scalar(select(Notification).where(Notification.user_id == cast.member.id))
    assert notice.emailed_at is None

    with smtp_on(app, app.config["MAIL_PORT"]) as inbox:  # the server is back
        result = app.test_cli_runner().invoke(args=["send-digests"])
    assert result.exit_code == 0, result.output
    assert cast.member.email in inbox.to()
    assert db.session.get(Notification, notice.id).emailed_at is not None


def test_links_in_emails_use_the_configured_base_url(app):
    from innolab.notifications.mailing import absolute_url

    app.config["BASE_URL"] = "https://inovasi.malangkota.go.id/"
    try:
        assert absolute_url("/proposals/7#comments") == "https://inovasi.malangkota.go.id/proposals/7#comments"
        assert absolute_url("//evil.example/x") == "//evil.example/x"  # never made absolute onto our site
    finally:
        app.config["BASE_URL"] = None
    assert absolute_url("/proposals/7") == "/proposals/7"  # no request, no base: the path alone
