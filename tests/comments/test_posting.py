"""Who may post what, the shape of a comment, escaping, and who hears about it."""
import pytest
from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import Comment, CommentVisibility, Notification
from innolab.vocab import Role


def _comments() -> list[Comment]:
    return list(db.session.scalars(select(Comment).order_by(Comment.id)))


def _recipients(kind: str) -> set[int]:
    return set(db.session.scalars(select(Notification.user_id).where(Notification.kind == kind)))


@pytest.mark.parametrize("poster, visibility", [
    ("owner", "participants"), ("member", "participants"),
    ("reviewer", "participants"), ("reviewer", "internal"),
    ("coordinator", "participants"), ("coordinator", "internal"),
])
def test_allowed_posts_are_saved(client, switch_to, cast, poster, visibility):
    author = switch_to(getattr(cast, poster))
    response = client.post(f"/proposals/{cast.innovation.id}/comments",
                           data={"comment-body": "Mohon lampirkan data pendukung.", "comment-visibility": visibility})
    assert response.status_code == 302
    [comment] = _comments()
    assert (comment.author_id, comment.visibility, comment.released) == (
        author.id, CommentVisibility(visibility), False)


@pytest.mark.parametrize("poster, visibility", [
    ("owner", "internal"), ("member", "internal"),
    ("outsider", "participants"), ("stranger", "participants"), ("stranger", "internal"),
])
def test_forbidden_posts_are_refused_and_nothing_is_saved(client, switch_to, cast, poster, visibility):
    switch_to(getattr(cast, poster))
    response = client.post(f"/proposals/{cast.innovation.id}/comments",
                           data={"comment-body": "Coba menyusup.", "comment-visibility": visibility})
    assert response.status_code == 403
    assert _comments() == []
    assert db.session.scalar(select(func.count(Notification.id))) == 0


def test_others_cannot_post_even_on_a_published_innovation(client, login_as, cast):
    cast.innovation.published = True
    db.session.commit()
    login_as(Role.VIEWER)
    assert client.post(f"/proposals/{cast.innovation.id}/comments", data={"comment-body": "Halo"}).status_code == 403
    assert _comments() == []


def test_a_participant_gets_no_choice_of_visibility(client, switch_to, cast):
    switch_to(cast.owner)
    html = client.get(f"/proposals/{cast.innovation.id}").get_data(as_text=True)
    assert 'name="comment-body"' in html and 'name="comment-visibility"' not in html
    switch_to(cast.reviewer)
    html = client.get(f"/proposals/{cast.innovation.id}/comments").get_data(as_text=True)
    assert 'name="comment-visibility"' in html


def test_an_empty_comment_is_refused_next_to_the_field(client, switch_to, cast):
    switch_to(cast.owner)
    html = client.post(f"/proposals/{cast.innovation.id}/comments", data={"comment-body": "   "}).get_data(as_text=True)
    assert "Tulis komentar terlebih dahulu." in html and 'id="comment-body-error"' in html
    assert _comments() == []


def test_a_too_long_comment_is_refused_and_the_text_kept(client, switch_to, cast):
    switch_to(cast.owner)
    typed = "Penjelasan panjang. " * 251  # 5020 characters
    html = client.post(f"/proposals/{cast.innovation.id}/comments", data={"comment-body": typed}).get_data(as_text=True)
    assert "Komentar maksimal 5000 karakter." in html
    assert typed.strip() in html
    assert _comments() == []


def test_line_breaks_count_once_and_exactly_5000_characters_pass(client, switch_to, cast):
    switch_to(cast.owner)
    body = ("a" * 99 + "\r\n") * 50  # 5000 characters once each CRLF counts as one
    assert client.post(f"/proposals/{cast.innovation.id}/comments", data={"comment-body": body}).status_code == 302
    assert len(_comments()[0].body) == 4999  # the final line break is trimmed


PAYLOADS = ['<script>alert("xss")</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>']


@pytest.mark.parametrize("payload", PAYLOADS)
def test_comments_are_shown_escaped_with_their_line_breaks(client, switch_to, cast, payload):
    switch_to(cast.owner)
    client.post(f"/proposals/{cast.innovation.id}/comments", data={"comment-body": f"{payload}\nbaris kedua"})
    for reader in (cast.owner, cast.coordinator):
        switch_to(reader)
        for url in (f"/proposals/{cast.innovation.id}", f"/proposals/{cast.innovation.id}/comments"):
            html = client.get(url).get_data(as_text=True)
            assert payload not in html
            escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
            assert f'<div class="prose" data-testid="comment-body">{escaped}\nbaris kedua</div>' in html


def test_posting_tells_everyone_else_who_reads_the_discussion(client, switch_to, cast):
    switch_to(cast.owner)
    client.post(f"/proposals/{cast.innovation.id}/comments", data={"comment-body": "Data sudah kami unggah."})
    assert _recipients("comment.posted") == {cast.member.id, cast.reviewer.id, cast.coordinator.id}
    notice = db.session.scalar(select(Notification).where(Notification.user_id == cast.member.id))
    assert notice.url == f"/proposals/{cast.innovation.id}#comments"
    assert notice.payload["title"] == cast.innovation.title


def test_an_internal_note_is_announced_to_the_lab_only(client, switch_to, cast):
    switch_to(cast.reviewer)
    client.post(f"/proposals/{cast.innovation.id}/comments",
                data={"comment-body": "Skor signifikansi saya rendah.", "comment-visibility": "internal"})
    assert _recipients("comment.posted") == {cast.coordinator.id}


def test_a_blind_reviewer_hears_of_comments_by_the_proposals_code(client, switch_to, blind_cast):
    switch_to(blind_cast.owner)
    client.post(f"/proposals/{blind_cast.innovation.id}/comments", data={"comment-body": "Sudah kami perbaiki."})
    notice = db.session.scalar(select(Notification).where(Notification.user_id == blind_cast.reviewer.id))
    assert notice.payload["title"].startswith("PB-")
    assert notice.url == f"/proposals/{blind_cast.innovation.id}/comments"


def test_a_blind_reviewer_posting_stays_on_the_discussion_page(client, switch_to, blind_cast):
    switch_to(blind_cast.reviewer)
    response = client.post(f"/proposals/{blind_cast.innovation.id}/comments",
                           data={"comment-body": "Pertanyaan penilai.", "comment-visibility": "participants"})
    assert response.headers["Location"] == f"/proposals/{blind_cast.innovation.id}/comments"
    switch_to(blind_cast.owner)
    html = client.get(f"/proposals/{blind_cast.innovation.id}").get_data(as_text=True)
    assert "Pertanyaan penilai." in html and "Rina Wulandari" not in html
