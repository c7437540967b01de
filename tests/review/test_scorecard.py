"""The reviewer's scorecard: save and come back, submit with validation, lock, reopen, conflicts, declining."""
import re
from datetime import date, timedelta

from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import Assignment, AssignmentStatus, Comment, CommentVisibility, Notification, Review, Score
from innolab.models.types import utcnow
from innolab.vocab import Role
from tests.review.conftest import card

ALL_FOURS = [4, 4, 4, 4, 4, 4, 4]
SECTION_TEXT = "Grafik pertumbuhan otomatis untuk orang tua."


def _review(assignment_id):
    return db.session.scalar(select(Review).where(Review.assignment_id == assignment_id))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_scorecard_shows_every_criterion_with_its_descriptors(client, setup):
    html = client.get(f"/review/assignments/{setup.assignment.id}").get_data(as_text=True)
    for n, criterion in enumerate(setup.rubric.criteria, start=1):
        legend = f"{n}. {criterion.name} (bobot {criterion.weight}%)".replace("&", "&amp;")
        assert f'<legend class="fs-6 fw-semibold mb-1">{legend}</legend>' in html
        assert criterion.description in html
        for level, text in enumerate(criterion.level_descriptors, start=1):
            assert f"<strong>{level}</strong> — {text}" in html
        assert html.count(f'name="score_{criterion.id}" type="radio"') == 5
    assert "Kirim penilaian" in html and SECTION_TEXT in html


def test_draft_saves_any_fields_and_comes_back(client, setup):
    a = setup.assignment
    data = card(setup.rubric, [4, None, 2], ["Data awal kuat", "", "Jadwal kabur"], overall_note="Separuh jalan")
    response = client.post(f"/review/assignments/{a.id}", data=data)
    assert response.status_code == 302
    review = _review(a.id)
    assert review.rubric_id == setup.rubric.id and review.submitted_at is None
    values = {s.criterion_id: (s.value, s.note) for s in review.scores}
    first, second, third = setup.rubric.criteria[:3]
    assert values[first.id] == (4, "Data awal kuat") and values[second.id] == (None, "")
    assert values[third.id] == (2, "Jadwal kabur")
    html = client.get(f"/review/assignments/{a.id}").get_data(as_text=True)
    assert re.search(rf'<input checked[^>]*name="score_{first.id}" type="radio" value="4">', html)
    assert not re.search(rf'<input checked[^>]*name="score_{second.id}"', html)
    assert "Jadwal kabur" in html and "Separuh jalan" in html
    assert db.session.get(Assignment, a.id).status is AssignmentStatus.PENDING


def test_submit_lists_every_unscored_criterion_and_keeps_the_draft(client, setup):
    a = setup.assignment
    response = client.post(f"/review/assignments/{a.id}",
                           data=card(setup.rubric, [5, 4], overall_note="Catatan saya", action="submit"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for criterion in setup.rubric.criteria[2:]:
        assert f"Beri nilai untuk kriteria “{criterion.name}”.".replace("&", "&amp;") in html
        assert f'id="score_{criterion.id}-error"' in html
    assert "Beri nilai untuk kriteria “Latar belakang &amp; tujuan”" not in html
    assert "Pilih rekomendasi Anda." in html and "Catatan saya" in html
    review = _review(a.id)
    assert review.submitted_at is None and review.overall_note == "Catatan saya"
    assert _count(Comment) == 0 and _count(Notification) == 0


def test_submit_locks_notifies_and_files_an_internal_note(client, setup):
    a = setup.assignment
    response = client.post(f"/review/assignments/{a.id}", data=card(
        setup.rubric, ALL_FOURS, recommendation="advance", overall_note="Layak lanjut.", action="submit"))
    assert response.status_code == 302
    review = _review(a.id)
    assert review.submitted_at is not None and review.recommendation.value == "advance"
    assert db.session.get(Assignment, a.id).status is AssignmentStatus.SUBMITTED
    comment = db.session.scalar(select(Comment))
    assert (comment.body, comment.visibility, comment.released, comment.author_id) == (
        "Layak lanjut.", CommentVisibility.INTERNAL, False, setup.reviewer.id)
    notes = db.session.scalars(select(Notification)).all()
    assert [(n.user_id, n.kind) for n in notes] == [(setup.coordinator.id, "review.submitted")]
    assert notes[0].url == f"/review/innovations/{setup.innovation.id}/scores"

    version = review.version_id
    refused = client.post(f"/review/assignments/{a.id}", data=card(
        setup.rubric, [1] * 7, recommendation="reject", version=version, action="save"))
    assert refused.status_code == 422
    assert "sudah dikirim dan terkunci" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert {s.value for s in _review(a.id).scores} == {4}
    page = client.get(f"/review/assignments/{a.id}").get_data(as_text=True)
    assert 'data-testid="locked"' in page and "Kirim penilaian" not in page


def test_double_submit_files_one_review(client, setup):
    a = setup.assignment
    data = card(setup.rubric, ALL_FOURS, recommendation="revise", overall_note="Perbaiki data.", action="submit")
    assert client.post(f"/review/assignments/{a.id}", data=data).status_code == 302
    assert client.post(f"/review/assignments/{a.id}", data=data).status_code == 422
    assert _count(Review) == 1 and _count(Comment) == 1
    assert _count(Notification) == 1


def test_coordinator_reopens_a_submitted_review(client, setup, switch_to):
    a = setup.assignment
    client.post(f"/review/assignments/{a.id}", data=card(
        setup.rubric, ALL_FOURS, recommendation="advance", overall_note="Layak.\r\nLanjutkan.", action="submit"))
    review = _review(a.id)
    switch_to(setup.coordinator)
    response = client.post(f"/review/assignments/{a.id}/reopen", data={"version_id": str(review.version_id)})
    assert response.status_code == 302
    db.session.expire_all()
    review = _review(a.id)
    assert review.submitted_at is None and review.assignment.status is AssignmentStatus.PENDING
    reopened = db.session.scalar(select(Notification).where(Notification.kind == "review.reopened"))
    assert reopened.user_id == setup.reviewer.id and reopened.url == f"/review/assignments/{a.id}"

    switch_to(setup.reviewer)
    again = card(setup.rubric, [5] * 7, recommendation="advance", overall_note="Layak.\r\nLanjutkan.",
                 version=review.version_id, action="submit")
    assert client.post(f"/review/assignments/{a.id}", data=again).status_code == 302
    db.session.expire_all()
    assert {s.value for s in _review(a.id).scores} == {5}
    assert _count(Comment) == 1  # the same note (posted with the browser's CRLF) is not filed twice


def test_reopen_with_a_stale_version_changes_nothing(client, setup, switch_to):
    a = setup.assignment
    client.post(f"/review/assignments/{a.id}", data=card(
        setup.rubric, ALL_FOURS, recommendation="advance", action="submit"))
    switch_to(setup.coordinator)
    response = client.post(f"/review/assignments/{a.id}/reopen", data={"version_id": "0"}, follow_redirects=True)
    assert "baru saja berubah" in response.get_data(as_text=True)
    assert _review(a.id).submitted_at is not None


def test_stale_version_is_refused_and_the_typed_text_is_shown_again(client, setup):
    a = setup.assignment
    client.post(f"/review/assignments/{a.id}", data=card(setup.rubric, [3], ["dari tab pertama"]))
    seen = _review(a.id).version_id
    client.post(f"/review/assignments/{a.id}", data=card(setup.rubric, [4], ["dari tab kedua"], version=seen))
    response = client.post(f"/review/assignments/{a.id}", data=card(
        setup.rubric, [2], ["Catatan panjang yang saya ketik"], version=seen))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "sudah disimpan dari jendela atau perangkat lain" in html
    assert "Catatan panjang yang saya ketik" in html
    db.session.expire_all()
    first = setup.rubric.criteria[0].id
    assert {(s.value, s.note) for s in _review(a.id).scores if s.criterion_id == first} == {(4, "dari tab kedua")}


def test_rubric_edited_before_the_first_save_is_a_conflict(client, setup):
    response = client.post(f"/review/assignments/{setup.assignment.id}",
                           data=card(setup.rubric, [3]) | {"rubric_id": str(setup.rubric.id + 999)})
    assert response.status_code == 422
    assert "Rubrik tahap ini baru saja diubah" in response.get_data(as_text=True)
    assert _count(Review) == 0


def test_score_outside_the_scale_is_refused(client, setup):
    response = client.post(f"/review/assignments/{setup.assignment.id}", data=card(setup.rubric, [9]))
    assert response.status_code == 422
    assert "Nilai harus antara 1 dan 5." in response.get_data(as_text=True)
    assert _count(Review) == 0


def test_another_reviewers_assignment_is_refused(client, setup, make_assignment, make_user, switch_to):
    other = make_assignment(setup.innovation)
    assert client.get(f"/review/assignments/{other.id}").status_code == 403
    assert client.post(f"/review/assignments/{other.id}", data=card(setup.rubric, ALL_FOURS)).status_code == 403
    assert client.post(f"/review/assignments/{other.id}/decline", data={"reason": "x"}).status_code == 403
    switch_to(make_user(Role.INNOVATOR))
    assert client.get(f"/review/assignments/{setup.assignment.id}").status_code == 403
    assert _count(Review) == 0
    db.session.expire_all()
    assert db.session.get(Assignment, other.id).status is AssignmentStatus.PENDING


def test_decline_needs_a_reason_then_notifies_the_coordinators(client, setup):
    a = setup.assignment
    empty = client.post(f"/review/assignments/{a.id}/decline", data={"reason": "  "})
    assert empty.status_code == 422
    assert "Tuliskan alasan konflik kepentingan Anda." in empty.get_data(as_text=True)
    assert db.session.get(Assignment, a.id).status is AssignmentStatus.PENDING

    response = client.post(f"/review/assignments/{a.id}/decline", data={"reason": "Saya narasumber usulan ini."})
    assert response.status_code == 302
    db.session.expire_all()
    declined = db.session.get(Assignment, a.id)
    assert declined.status is AssignmentStatus.DECLINED and declined.decline_reason == "Saya narasumber usulan ini."
    note = db.session.scalar(select(Notification))
    assert (note.user_id, note.kind) == (setup.coordinator.id, "review.declined")


def test_a_declined_assignment_cannot_be_scored(client, setup):
    a = setup.assignment
    client.post(f"/review/assignments/{a.id}/decline", data={"reason": "Konflik kepentingan."})
    page = client.get(f"/review/assignments/{a.id}", follow_redirects=True).get_data(as_text=True)
    assert "sudah Anda tolak" in page
    response = client.post(f"/review/assignments/{a.id}", data=card(setup.rubric, ALL_FOURS, action="submit"))
    assert response.status_code == 302
    assert _count(Review) == 0 and _count(Score) == 0


def test_my_assignments_list_due_dates_and_overdue(client, setup, make_proposal, make_assignment):
    late = make_assignment(make_proposal(title="Bank Sampah Terlambat"), setup.reviewer,
                           due_on=date.today() - timedelta(days=3))
    html = client.get("/review/").get_data(as_text=True)
    assert "Posyandu Digital Kelurahan Sumbersari" in html and "Bank Sampah Terlambat" in html
    assert html.count("Terlambat</span>") == 1 and 'class="table-warning"' in html
    assert f"/review/assignments/{late.id}" in html
    assert html.index("Bank Sampah Terlambat") < html.index("Posyandu Digital")  # soonest due first


def test_a_closed_round_cannot_be_scored(client, setup):
    a = setup.assignment
    client.post(f"/review/assignments/{a.id}", data=card(setup.rubric, [3]))
    a.round.closed_at = utcnow()  # the coordinator decided at the gate
    db.session.commit()
    page = client.get(f"/review/assignments/{a.id}").get_data(as_text=True)
    assert 'data-testid="locked"' in page and "Kirim penilaian" not in page
    response = client.post(f"/review/assignments/{a.id}", data=card(
        setup.rubric, ALL_FOURS, recommendation="advance", version=_review(a.id).version_id, action="submit"))
    assert response.status_code == 422 and "sudah ditutup" in response.get_data(as_text=True)
    db.session.expire_all()
    assert _review(a.id).submitted_at is None
    assert client.post(f"/review/assignments/{a.id}/decline", data={"reason": "Terlambat."}).status_code == 302
    assert db.session.get(Assignment, a.id).status is AssignmentStatus.PENDING
