"""Who reads what: participant comments, internal notes and released notes, per reader."""
import pytest

from innolab.extensions import db
from innolab.models import AssignmentStatus
from innolab.vocab import Role

TEAM_TEXT = "Apakah data antrean bulan lalu sudah dilampirkan?"
INTERNAL_TEXT = "Catatan internal: angka waktu tunggu perlu diverifikasi lapangan."
RELEASED_TEXT = "Catatan untuk tim: lengkapi SK inovasi sebelum tahap berikutnya."

# reader → which comments they read; None when the discussion is refused altogether
MATRIX = {
    "owner": {TEAM_TEXT, RELEASED_TEXT},
    "member": {TEAM_TEXT, RELEASED_TEXT},
    "outsider": None,
    "reviewer": {TEAM_TEXT, INTERNAL_TEXT, RELEASED_TEXT},
    "stranger": None,
    "coordinator": {TEAM_TEXT, INTERNAL_TEXT, RELEASED_TEXT},
}


@pytest.fixture
def thread(cast):
    cast.comment(cast.owner, TEAM_TEXT)
    cast.comment(cast.reviewer, INTERNAL_TEXT, internal=True)
    cast.comment(cast.reviewer, RELEASED_TEXT, internal=True, released=True)
    return cast


@pytest.mark.parametrize("reader", sorted(MATRIX))
def test_each_reader_sees_exactly_their_comments(client, switch_to, thread, reader):
    switch_to(getattr(thread, reader))
    response = client.get(f"/proposals/{thread.innovation.id}/comments")
    expected = MATRIX[reader]
    if expected is None:
        assert response.status_code == 403
        return
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    shown = {text for text in (TEAM_TEXT, INTERNAL_TEXT, RELEASED_TEXT) if text in html}
    assert shown == expected


@pytest.mark.parametrize("reader", ["owner", "member"])
def test_team_reads_a_released_note_as_the_reviewers_without_their_name(client, switch_to, thread, reader):
    switch_to(getattr(thread, reader))
    html = client.get(f"/proposals/{thread.innovation.id}").get_data(as_text=True)
    assert RELEASED_TEXT in html and INTERNAL_TEXT not in html
    assert "Catatan penilai" in html
    assert "Rina Wulandari" not in html


def test_the_lab_sees_which_internal_notes_were_released(client, switch_to, thread):
    switch_to(thread.coordinator)
    html = client.get(f"/proposals/{thread.innovation.id}").get_data(as_text=True)
    assert "Catatan internal" in html and "Dirilis ke tim inovator" in html
    assert "Rina Wulandari" in html  # the lab knows its reviewers


def test_the_discussion_panel_sits_on_the_proposal_page(client, switch_to, thread):
    switch_to(thread.owner)
    html = client.get(f"/proposals/{thread.innovation.id}").get_data(as_text=True)
    assert 'id="comments"' in html and TEAM_TEXT in html


def test_a_blind_rounds_reviewer_reads_the_team_without_names(client, switch_to, blind_cast):
    blind_cast.comment(blind_cast.owner, TEAM_TEXT)
    switch_to(blind_cast.reviewer)
    html = client.get(f"/proposals/{blind_cast.innovation.id}/comments").get_data(as_text=True)
    assert TEAM_TEXT in html and "Tim inovator" in html
    assert "Siti Pemilik" not in html
    assert blind_cast.innovation.title not in html  # the proposal goes by its code in a blind round


def test_a_declined_reviewer_no_longer_reads_the_discussion(client, switch_to, thread):
    thread.assignment.status = AssignmentStatus.DECLINED
    db.session.commit()
    switch_to(thread.reviewer)
    assert client.get(f"/proposals/{thread.innovation.id}/comments").status_code == 403


def test_a_viewer_of_a_published_innovation_sees_no_discussion(client, login_as, thread):
    thread.innovation.published = True
    db.session.commit()
    login_as(Role.VIEWER)
    assert TEAM_TEXT not in client.get(f"/proposals/{thread.innovation.id}").get_data(as_text=True)
    assert client.get(f"/proposals/{thread.innovation.id}/comments").status_code == 403
