"""Releasing a reviewer's internal note to the innovator's team."""
import pytest
from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Comment, Notification
from tests.comments.cast import build_cast

NOTE = "Perkuat data sebelum-sesudah pada bagian signifikansi."


def _release(client, cast, comment):
    return client.post(f"/proposals/{cast.innovation.id}/comments/{comment.id}/release")


def _released_to() -> list[int]:
    return sorted(db.session.scalars(select(Notification.user_id).where(Notification.kind == "comment.released")))


def test_coordinator_releases_a_reviewers_note_and_the_team_is_told(client, switch_to, cast):
    note = cast.comment(cast.reviewer, NOTE, internal=True)
    switch_to(cast.owner)
    assert NOTE not in client.get(f"/proposals/{cast.innovation.id}").get_data(as_text=True)

    switch_to(cast.coordinator)
    response = _release(client, cast, note)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/proposals/{cast.innovation.id}#comments"
    assert db.session.get(Comment, note.id).released is True
    assert _released_to() == sorted([cast.owner.id, cast.member.id])

    switch_to(cast.member)
    html = client.get(f"/proposals/{cast.innovation.id}").get_data(as_text=True)
    assert NOTE in html and "Catatan penilai" in html and "Rina Wulandari" not in html


def test_the_release_button_is_offered_to_coordinators_only(client, switch_to, cast):
    note = cast.comment(cast.reviewer, NOTE, internal=True)
    action = f"/proposals/{cast.innovation.id}/comments/{note.id}/release"
    switch_to(cast.coordinator)
    assert action in client.get(f"/proposals/{cast.innovation.id}").get_data(as_text=True)
    switch_to(cast.reviewer)
    assert action not in client.get(f"/proposals/{cast.innovation.id}").get_data(as_text=True)


@pytest.mark.parametrize("actor", ["owner", "reviewer", "stranger", "outsider"])
def test_only_coordinators_release(client, switch_to, cast, actor):
    note = cast.comment(cast.reviewer, NOTE, internal=True)
    switch_to(getattr(cast, actor))
    assert _release(client, cast, note).status_code == 403
    assert db.session.get(Comment, note.id).released is False
    assert _released_to() == []


@pytest.mark.parametrize("author, internal", [("coordinator", True), ("owner", False), ("reviewer", False)])
def test_only_a_reviewers_internal_note_can_be_released(client, switch_to, cast, author, internal):
    comment = cast.comment(getattr(cast, author), "Bukan catatan penilai.", internal=internal)
    switch_to(cast.coordinator)
    response = _release(client, cast, comment)
    assert response.status_code == 302
    assert db.session.get(Comment, comment.id).released is False
    assert _released_to() == []


def test_releasing_twice_tells_the_team_once(client, switch_to, cast):
    note = cast.comment(cast.reviewer, NOTE, internal=True)
    switch_to(cast.coordinator)
    _release(client, cast, note)
    second = client.post(f"/proposals/{cast.innovation.id}/comments/{note.id}/release", follow_redirects=True)
    assert "sudah dirilis" in second.get_data(as_text=True)
    assert _released_to() == sorted([cast.owner.id, cast.member.id])


def test_a_comment_of_another_proposal_is_not_found(client, switch_to, cast, make_user, make_unit):
    other = build_cast(make_user, make_unit)
    note = other.comment(other.reviewer, NOTE, internal=True)
    switch_to(cast.coordinator)
    assert client.post(f"/proposals/{cast.innovation.id}/comments/{note.id}/release").status_code == 404
    assert db.session.get(Comment, note.id).released is False
