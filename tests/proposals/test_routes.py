"""The innovator's pages: list, form (draft save and submit), detail, object-level access."""
from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import Innovation, InnovationMember, StageEvent
from innolab.pipeline.stages import Status
from innolab.proposals import services
from innolab.vocab import Role

COMPLETE = {
    "title": "Antrean Daring Puskesmas", "summary": "Pasien mengambil nomor antrean dari rumah.",
    "background": "Antrean pagi mengular.", "goals": "Waktu tunggu turun.", "novelty": "Notifikasi WhatsApp.",
    "beneficiaries": "Pasien rawat jalan", "innovation_type": "digital", "form": "pelayanan_publik",
    "affair": "kesehatan", "initiator": "asn",
}


def test_half_finished_draft_saves(client, login_as):
    user = login_as(Role.INNOVATOR)
    response = client.post("/proposals/new", data={"title": "Bank Sampah Digital", "summary": "Baru separuh",
                                                   "action": "save"})
    assert response.status_code == 302
    innovation = db.session.scalar(select(Innovation))
    assert (innovation.title, innovation.summary, innovation.status, innovation.owner_id) == (
        "Bank Sampah Digital", "Baru separuh", Status.DRAFT, user.id)
    listing = client.get("/proposals/").get_data(as_text=True)
    assert "Bank Sampah Digital" in listing and "Lengkapi isian lalu ajukan." in listing


def test_submit_with_gaps_saves_the_text_and_lists_every_problem(client, login_as):
    login_as(Role.INNOVATOR)
    response = client.post("/proposals/new", data={"title": "Setengah", "goals": "Tujuan jelas",
                                                   "action": "submit"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in ("Latar belakang wajib diisi sebelum diajukan.", "Kebaruan / nilai tambah wajib diisi",
                    "Urusan pemerintahan wajib diisi"):
        assert message in html
    assert 'id="background-error"' in html
    saved = db.session.scalar(select(Innovation))
    assert saved.goals == "Tujuan jelas" and saved.status is Status.DRAFT


def test_complete_proposal_submits(client, login_as):
    login_as(Role.INNOVATOR)
    response = client.post("/proposals/new", data=COMPLETE | {"action": "submit"})
    assert response.status_code == 302
    innovation = db.session.scalar(select(Innovation))
    assert innovation.status is Status.SUBMITTED
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Menunggu seleksi administrasi" in detail and "Diajukan" in detail


def test_double_submit_creates_one_action(client, login_as):
    login_as(Role.INNOVATOR)
    client.post("/proposals/new", data=COMPLETE | {"action": "save"})
    innovation = db.session.scalar(select(Innovation))
    form = COMPLETE | {"action": "submit", "version_id": str(innovation.version_id)}
    first = client.post(f"/proposals/{innovation.id}/edit", data=form)
    second = client.post(f"/proposals/{innovation.id}/edit", data=form)
    assert first.status_code == 302
    assert second.status_code == 403  # no longer editable once submitted
    submits = db.session.scalar(
        select(func.count()).select_from(StageEvent).where(StageEvent.to_status == Status.SUBMITTED))
    assert submits == 1


def test_stale_edit_keeps_what_was_typed(client, login_as):
    user = login_as(Role.INNOVATOR)
    draft = services.create_draft(user, {"title": "Awal"})
    db.session.commit()
    seen = draft.version_id
    services.update_draft(draft, user, {"title": "Diubah rekan"}, seen)
    db.session.commit()
    html = client.post(f"/proposals/{draft.id}/edit", data={"title": "Versi saya", "goals": "Tulisan panjang saya",
                                                            "version_id": str(seen), "action": "save"}).get_data(as_text=True)
    assert "sudah diubah orang lain" in html
    assert "Tulisan panjang saya" in html
    db.session.refresh(draft)
    assert draft.title == "Diubah rekan"


def test_form_errors_save_nothing(client, login_as):
    login_as(Role.INNOVATOR)
    html = client.post("/proposals/new", data={"title": "Anggaran aneh", "budget": "-5", "action": "save"}).get_data(
        as_text=True)
    assert 'id="budget-error"' in html
    assert db.session.scalar(select(func.count()).select_from(Innovation)) == 0


def test_another_innovators_draft_is_refused(client, login_as, make_user):
    stranger_draft = services.create_draft(make_user(Role.INNOVATOR), {"title": "Rahasia"})
    db.session.commit()
    login_as(Role.INNOVATOR)
    assert client.get(f"/proposals/{stranger_draft.id}").status_code == 403
    assert client.get(f"/proposals/{stranger_draft.id}/edit").status_code == 403
    response = client.post(f"/proposals/{stranger_draft.id}/edit",
                           data={"title": "Dibajak", "version_id": str(stranger_draft.version_id)})
    assert response.status_code == 403
    db.session.refresh(stranger_draft)
    assert stranger_draft.title == "Rahasia"


def test_team_member_sees_and_edits_the_proposal(client, login_as, make_user):
    owner = make_user(Role.INNOVATOR)
    draft = services.create_draft(owner, {"title": "Kerja Tim"})
    member = login_as(Role.INNOVATOR)
    db.session.add(InnovationMember(innovation_id=draft.id, user_id=member.id, role_in_team="Anggota"))
    db.session.commit()
    assert "Kerja Tim" in client.get("/proposals/").get_data(as_text=True)
    assert client.get(f"/proposals/{draft.id}/edit").status_code == 200


def test_coordinator_sees_submitted_proposals_but_not_drafts_and_edits_neither(client, login_as, make_user):
    owner = make_user(Role.INNOVATOR)
    draft = services.create_draft(owner, {"title": "Masih draf"})
    submitted = services.create_draft(owner, COMPLETE)
    services.submit_proposal(submitted, owner)
    db.session.commit()
    login_as(Role.COORDINATOR)
    assert client.get(f"/proposals/{draft.id}").status_code == 403
    assert client.get(f"/proposals/{submitted.id}").status_code == 200
    assert client.get(f"/proposals/{submitted.id}/edit").status_code == 403


def test_text_is_escaped(client, login_as):
    login_as(Role.INNOVATOR)
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post("/proposals/new", data={"title": payload, "summary": payload, "action": "save"})
    innovation = db.session.scalar(select(Innovation))
    for path in ("/proposals/", f"/proposals/{innovation.id}", f"/proposals/{innovation.id}/edit"):
        html = client.get(path).get_data(as_text=True)
        assert payload not in html and "&lt;script&gt;" in html
