"""Administrative screening: the page, passing (a new round) and sending back (reasons, notifications)."""
import re

from sqlalchemy import select

from innolab.extensions import db
from innolab.lab import services as lab
from innolab.models import EvidenceRequirement, Innovation, ReviewRound
from innolab.pipeline.stages import Stage, Status
from innolab.pipeline.transitions import Move
from innolab.proposals import services
from tests.lab.conftest import attach, count, events, notices


def test_page_shows_the_summary_the_checklist_and_the_required_sections(client, coordinator, make_submitted,
                                                                         checklist):
    innovation = make_submitted("Sampah Jadi Emas")
    checklist(Stage.IDEATION, "sk_tim", "foto_tangkapan")
    db.session.add(EvidenceRequirement(stage=Stage.IDEATION, kind="video", required=False, position=9))
    attach(innovation, "sk_tim")
    html = client.get(f"/lab/{innovation.id}/screen").get_data(as_text=True)
    assert "Seleksi administrasi" in html and "Sampah Jadi Emas" in html
    assert "Pasien mengambil nomor antrean dari rumah." in html  # the summary
    lines = re.findall(r'data-testid="checklist-line">\s*<span[^>]*>([^<]+)</span>\s*([^<]+?)\s*</li>', html)
    assert lines == [("Ada", "SK tim atau surat tugas"), ("Belum ada", "Foto atau tangkapan layar inovasi"),
                     ("Opsional", "Video inovasi (3–5 menit)")]
    assert html.count('data-testid="section-line"') == 9 and "Belum lengkap" not in html
    assert 'name="pass_review"' in html and 'name="send_back"' in html


def test_pass_starts_review_and_opens_round_one(client, coordinator, make_submitted):
    innovation = make_submitted()
    response = client.post(f"/lab/{innovation.id}/screen", data={
        "version_id": innovation.version_id, "pass_review": "Lolos, mulai penilaian", "blind": "y"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/lab/{innovation.id}/reviewers")
    innovation = db.session.get(Innovation, innovation.id)
    assert innovation.status is Status.IN_REVIEW
    round_ = db.session.scalar(select(ReviewRound))
    assert (round_.innovation_id, round_.stage, round_.number, round_.blind, round_.closed_at) == (
        innovation.id, Stage.IDEATION, 1, True, None)
    last = events(innovation)[-1]
    assert (last.from_status, last.to_status, last.actor_id, last.reason) == (
        Status.SUBMITTED, Status.IN_REVIEW, coordinator.id, "Lolos seleksi administrasi.")


def test_hold_and_resume_keep_the_round_and_a_resubmission_opens_round_two(reviewed, lab_actor):
    innovation, first = reviewed()
    for move, reason in [(Move.HOLD, "Menunggu anggaran"), (Move.RESUME, "Anggaran tersedia"),
                         (Move.REQUEST_REVISION, "Lengkapi data")]:
        lab.decide(innovation, lab_actor, move, seen_version=innovation.version_id, reason=reason)
    services.submit_proposal(innovation, innovation.owner)
    second = lab.pass_screening(innovation, lab_actor, seen_version=innovation.version_id)
    db.session.commit()
    assert first.closed_at is not None
    assert (second.stage, second.number, second.closed_at) == (Stage.IDEATION, 2, None)
    assert count(ReviewRound) == 2


def test_send_back_needs_reasons_and_keeps_the_proposal_as_it_was(client, coordinator, make_submitted):
    innovation = make_submitted()
    response = client.post(f"/lab/{innovation.id}/screen", data={
        "version_id": innovation.version_id, "reason": "   ", "send_back": "Kembalikan ke inovator"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="reason-error"' in html and "Alasan keputusan wajib diisi." in html
    assert db.session.get(Innovation, innovation.id).status is Status.SUBMITTED
    assert len(events(innovation)) == 2 and notices("proposal.returned") == []


def test_send_back_with_reasons_notifies_owner_and_team(client, coordinator, make_submitted):
    innovation = make_submitted()
    team = {innovation.owner_id, *(m.user_id for m in innovation.members)}
    response = client.post(f"/lab/{innovation.id}/screen", data={
        "version_id": innovation.version_id, "reason": "SK tim belum dilampirkan.", "send_back": "Kembalikan"})
    assert response.status_code == 302
    innovation = db.session.get(Innovation, innovation.id)
    assert innovation.status is Status.REVISION_REQUESTED
    assert events(innovation)[-1].reason == "SK tim belum dilampirkan."
    sent = notices("proposal.returned")
    assert {n.user_id for n in sent} == team and len(sent) == 2
    assert sent[0].url == f"/proposals/{innovation.id}" and sent[0].payload["title"] == innovation.title
    assert count(ReviewRound) == 0
    # The innovator reads the reason on the proposal's timeline.
    detail = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)
    assert "SK tim belum dilampirkan." in detail


def test_double_click_on_pass_opens_one_round(client, coordinator, make_submitted):
    innovation = make_submitted()
    form = {"version_id": innovation.version_id, "pass_review": "Lolos"}
    first = client.post(f"/lab/{innovation.id}/screen", data=form)
    second = client.post(f"/lab/{innovation.id}/screen", data=form)
    assert first.status_code == 302 and second.status_code == 302
    assert count(ReviewRound) == 1
    assert [e.to_status for e in events(innovation)].count(Status.IN_REVIEW) == 1


def test_screening_a_proposal_that_is_not_waiting_sends_the_coordinator_back(client, coordinator, make_in_review):
    innovation, _round = make_in_review()
    response = client.get(f"/lab/{innovation.id}/screen")
    assert response.status_code == 302 and response.headers["Location"] == f"/proposals/{innovation.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "tidak sedang menunggu seleksi administrasi" in page


def test_another_coordinators_screening_first_keeps_the_typed_reason(client, coordinator, make_submitted,
                                                                     lab_actor):
    innovation = make_submitted()
    seen = innovation.version_id
    lab.pass_screening(innovation, lab_actor, seen_version=seen)
    db.session.commit()
    response = client.post(f"/lab/{innovation.id}/screen", data={
        "version_id": seen, "reason": "Berkas saya periksa panjang lebar", "send_back": "Kembalikan"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "sudah diubah orang lain" in html and "Berkas saya periksa panjang lebar" in html
    assert db.session.get(Innovation, innovation.id).status is Status.IN_REVIEW
    assert notices("proposal.returned") == []


def test_page_shows_what_the_next_gate_will_ask_for(client, coordinator, make_submitted, checklist):
    innovation = make_submitted("Posyandu Digital")
    checklist(Stage.PROTOTYPING, "sk_tim", "perencanaan")
    attach(innovation, "perencanaan")
    html = client.get(f"/lab/{innovation.id}/screen").get_data(as_text=True)
    assert "Syarat maju ke tahap Rancang Bangun" in html
    lines = re.findall(r'data-testid="checklist-line">\s*<span[^>]*>([^<]+)</span>\s*([^<]+?)\s*</li>', html)
    assert ("Belum ada", "SK tim atau surat tugas") in lines
    assert ("Ada", "Dokumen perencanaan (RKPD/Renja)") in lines
