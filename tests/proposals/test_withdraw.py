"""The owner withdraws a proposal with a reason; the reason lands on the timeline; nobody else may."""
import pytest
from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import InnovationMember, StageEvent
from innolab.pipeline.stages import Status
from innolab.pipeline.transitions import Move
from innolab.proposals import services
from innolab.vocab import Role


@pytest.fixture
def submitted(login_as):
    owner = login_as(Role.INNOVATOR)
    innovation = services.create_draft(owner, {"title": "Posyandu Digital"})
    services.apply_move(innovation, owner, Move.SUBMIT, "diajukan")
    db.session.commit()
    return owner, innovation


def _events(innovation) -> int:
    return db.session.scalar(select(func.count()).select_from(StageEvent)
                             .where(StageEvent.innovation_id == innovation.id))


def test_the_owner_withdraws_with_a_reason_shown_on_the_timeline(client, submitted):
    _, innovation = submitted
    page = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)
    assert f'href="/proposals/{innovation.id}/withdraw"' in page
    form = client.get(f"/proposals/{innovation.id}/withdraw").get_data(as_text=True)
    assert 'name="version_id"' in form and "Alasan penarikan" in form
    response = client.post(f"/proposals/{innovation.id}/withdraw",
                           data={"reason": "Digabung dengan usulan Dinas Kesehatan.",
                                 "version_id": str(innovation.version_id)})
    assert response.status_code == 302
    db.session.refresh(innovation)
    assert innovation.status is Status.WITHDRAWN
    detail = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)
    assert "Ditarik" in detail and "Digabung dengan usulan Dinas Kesehatan." in detail
    assert "Tarik usulan" not in detail  # nothing left to withdraw


def test_a_reason_is_required(client, submitted):
    _, innovation = submitted
    events = _events(innovation)
    html = client.post(f"/proposals/{innovation.id}/withdraw",
                       data={"reason": "  ", "version_id": str(innovation.version_id)}).get_data(as_text=True)
    assert 'id="reason-error"' in html and "Alasan penarikan wajib diisi." in html
    db.session.refresh(innovation)
    assert innovation.status is Status.SUBMITTED and _events(innovation) == events


def test_a_stale_withdrawal_keeps_the_typed_reason(client, submitted):
    owner, innovation = submitted
    seen = innovation.version_id
    services.apply_move(innovation, owner, Move.START_REVIEW, "lolos seleksi")  # the lab acted meanwhile
    db.session.commit()
    html = client.post(f"/proposals/{innovation.id}/withdraw",
                       data={"reason": "Alasan panjang saya", "version_id": str(seen)}).get_data(as_text=True)
    assert "sudah berubah sejak Anda membukanya" in html and "Alasan panjang saya" in html
    db.session.refresh(innovation)
    assert innovation.status is Status.IN_REVIEW


def test_team_members_and_strangers_may_not_withdraw(client, switch_to, make_user):
    owner = make_user(Role.INNOVATOR)
    innovation = services.create_draft(owner, {"title": "Milik orang lain"})
    member = make_user(Role.INNOVATOR)
    db.session.add(InnovationMember(innovation_id=innovation.id, user_id=member.id))
    db.session.commit()
    for user in (member, make_user(Role.INNOVATOR), make_user(Role.COORDINATOR)):
        switch_to(user)
        response = client.post(f"/proposals/{innovation.id}/withdraw",
                               data={"reason": "iseng", "version_id": str(innovation.version_id)})
        assert response.status_code == 403
    db.session.refresh(innovation)
    assert innovation.status is Status.DRAFT and _events(innovation) == 1


def test_a_rejected_proposal_cannot_be_withdrawn(client, submitted):
    owner, innovation = submitted
    services.apply_move(innovation, owner, Move.START_REVIEW, "lolos")
    services.apply_move(innovation, owner, Move.REJECT, "tidak sesuai")
    db.session.commit()
    assert client.get(f"/proposals/{innovation.id}/withdraw").status_code == 403


def test_the_latest_revision_request_is_shown_prominently(client, submitted):
    owner, innovation = submitted
    services.apply_move(innovation, owner, Move.RETURN, "Lengkapi data sebelum-sesudah.")
    services.apply_move(innovation, owner, Move.SUBMIT, "diajukan lagi")
    services.apply_move(innovation, owner, Move.RETURN, "Tambahkan <b>SK tim</b> terbaru.")
    db.session.commit()
    html = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)
    box = html.split('data-testid="revision-request"')[1].split("</section>")[0]
    assert "Catatan revisi dari laboratorium" in box
    assert "Tambahkan &lt;b&gt;SK tim&lt;/b&gt; terbaru." in box and "sebelum-sesudah" not in box
