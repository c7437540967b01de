"""The bell, the notification list, marking read, and the e-mail preference."""
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Notification, User
from innolab.notifications.service import notify, render
from innolab.vocab import Role


def _notices(user, count: int, url: str = "/dashboard") -> list[Notification]:
    rows = []
    for n in range(count):
        rows += notify([user], "proposal.submitted", url=url, title=f"Usulan nomor {n + 1}")
    db.session.commit()
    return rows


def test_bell_shows_the_unread_count_to_screen_readers(client, login_as):
    user = login_as(Role.INNOVATOR)
    html = client.get("/dashboard").get_data(as_text=True)
    assert 'aria-label="Notifikasi, tidak ada yang belum dibaca"' in html
    _notices(user, 3)
    html = client.get("/dashboard").get_data(as_text=True)
    assert 'aria-label="Notifikasi, 3 belum dibaca"' in html
    assert client.get("/notifications/unread").get_json() == {"count": 3, "label": "Notifikasi, 3 belum dibaca"}


def test_visitors_see_no_bell(client):
    assert 'data-notification-bell' not in client.get("/").get_data(as_text=True)


def test_list_is_newest_first_and_paginated(client, login_as):
    user = login_as(Role.INNOVATOR)
    rows = _notices(user, 25)
    base = datetime(2026, 3, 1, tzinfo=UTC)
    for n, row in enumerate(rows):
        row.created_at = base + timedelta(hours=n)
    db.session.commit()
    first = client.get("/notifications/").get_data(as_text=True)
    assert first.index("Usulan nomor 25") < first.index("Usulan nomor 24")
    assert "Usulan nomor 5<" not in first and "?page=2" in first
    second = client.get("/notifications/?page=2").get_data(as_text=True)
    assert "Usulan baru diajukan: Usulan nomor 5<" in second and "Usulan nomor 6<" not in second


def test_someone_elses_notifications_are_not_listed(client, login_as, make_user):
    _notices(make_user(Role.INNOVATOR), 1)
    login_as(Role.INNOVATOR)
    assert "Usulan nomor 1" not in client.get("/notifications/").get_data(as_text=True)


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, login_as):
    user = login_as(Role.INNOVATOR)
    first, second = _notices(user, 2, url="/proposals/7#comments")
    response = client.post(f"/notifications/{first.id}/read")
    assert response.status_code == 302 and response.headers["Location"] == "/proposals/7#comments"
    assert db.session.get(Notification, first.id).read_at is not None
    assert db.session.get(Notification, second.id).read_at is None
    assert 'aria-label="Notifikasi, 1 belum dibaca"' in client.get("/dashboard").get_data(as_text=True)


@pytest.mark.parametrize("url", ["https://jahat.example/masuk", "//jahat.example/masuk", "/\\jahat.example",
                                 "javascript:alert(1)", ""])
def test_a_notification_never_redirects_off_site(client, login_as, url):
    user = login_as(Role.INNOVATOR)
    [notice] = _notices(user, 1, url=url)
    response = client.post(f"/notifications/{notice.id}/read")
    assert response.headers["Location"] == "/notifications/"


def test_someone_elses_notification_cannot_be_marked_read(client, login_as, make_user):
    [notice] = _notices(make_user(Role.INNOVATOR), 1)
    login_as(Role.INNOVATOR)
    assert client.post(f"/notifications/{notice.id}/read").status_code == 403
    assert db.session.get(Notification, notice.id).read_at is None


def test_mark_all_read_touches_only_ones_own(client, login_as, make_user):
    stranger = make_user(Role.INNOVATOR)
    _notices(stranger, 1)
    user = login_as(Role.INNOVATOR)
    _notices(user, 3)
    assert client.post("/notifications/read-all").status_code == 302
    unread = db.session.scalars(select(Notification.user_id).where(Notification.read_at.is_(None))).all()
    assert unread == [stranger.id]


def test_mark_read_needs_the_csrf_token(request, client, login_as):
    user = login_as(Role.INNOVATOR)
    [notice] = _notices(user, 1)
    request.getfixturevalue("csrf_app")  # switched on only now: the user signed in through the form above
    assert client.post(f"/notifications/{notice.id}/read").status_code == 400
    assert db.session.get(Notification, notice.id).read_at is None


def test_messages_are_rendered_in_the_readers_language(client, login_as):
    user = login_as(Role.REVIEWER)
    user.locale = "en"
    notify([user], "review.due_soon", url="/review/", title="Bank Sampah", due=date(2026, 3, 9))
    db.session.commit()
    html = client.get("/notifications/").get_data(as_text=True)
    assert "Review deadline approaching: Bank Sampah (due Mar 9, 2026)" in html


def test_a_due_date_reads_the_indonesian_way(app, make_user):
    [notice] = notify([make_user(Role.REVIEWER)], "review.due_soon", title="Bank Sampah", due=date(2026, 3, 9))
    with app.test_request_context():
        assert render(notice) == "Tenggat penilaian segera tiba: Bank Sampah (tenggat 9 Mar 2026)"


def test_digest_is_the_default_and_immediate_can_be_chosen(client, login_as):
    user = login_as(Role.INNOVATOR)
    assert user.notify_digest is True
    html = client.get("/account").get_data(as_text=True)
    assert re.search(r'<input checked [^>]*value="digest"', html)
    assert not re.search(r'<input checked [^>]*value="immediate"', html)
    assert client.post("/notifications/preferences", data={"delivery": "immediate"}).status_code == 302
    assert db.session.get(User, user.id).notify_digest is False
    client.post("/notifications/preferences", data={"delivery": "digest"})
    assert db.session.get(User, user.id).notify_digest is True


def test_an_unknown_delivery_choice_changes_nothing(client, login_as):
    user = login_as(Role.INNOVATOR)
    client.post("/notifications/preferences", data={"delivery": "setiap-jam"})
    assert db.session.get(User, user.id).notify_digest is True
