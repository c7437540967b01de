"""Proposal services: drafts, optimistic locking, submission, history."""
import pytest
from sqlalchemy import select

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import AppendOnlyError, StageEvent
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.vocab import Role

IDEATION_COMPLETE = {
    "title": "Antrean Daring Puskesmas", "summary": "Pasien mengambil nomor antrean dari rumah.",
    "background": "Antrean pagi mengular.", "goals": "Waktu tunggu turun.", "novelty": "Notifikasi WhatsApp.",
    "beneficiaries": "Pasien rawat jalan", "innovation_type": "digital", "form": "pelayanan_publik",
    "affair": "kesehatan",
}


def test_draft_saves_with_only_a_title_and_records_history(make_user):
    owner = make_user(Role.INNOVATOR)
    draft = services.create_draft(owner, {"title": "  Bank Sampah Digital  "})
    db.session.commit()
    assert (draft.title, draft.slug, draft.stage, draft.status) == (
        "Bank Sampah Digital", "bank-sampah-digital", Stage.IDEATION, Status.DRAFT)
    assert draft.unit_id == owner.unit_id
    events = db.session.scalars(select(StageEvent).where(StageEvent.innovation_id == draft.id)).all()
    assert [(e.to_stage, e.to_status, e.actor_id) for e in events] == [(Stage.IDEATION, Status.DRAFT, owner.id)]


def test_draft_needs_a_title(make_user):
    with pytest.raises(DomainError) as caught:
        services.create_draft(make_user(Role.INNOVATOR), {"title": " "})
    assert caught.value.errors[0][0] == "title"


def test_slugs_stay_unique(make_user):
    owner = make_user(Role.INNOVATOR)
    first = services.create_draft(owner, {"title": "Posyandu Digital"})
    second = services.create_draft(owner, {"title": "Posyandu Digital"})
    assert first.slug != second.slug and second.slug.startswith("posyandu-digital-")


def test_posted_extras_cannot_set_status_or_owner(make_user):
    owner, other = make_user(Role.INNOVATOR), make_user(Role.INNOVATOR)
    draft = services.create_draft(owner, {"title": "X", "status": "active", "owner_id": other.id, "published": True})
    assert draft.status is Status.DRAFT and draft.owner_id == owner.id and not draft.published


def test_stale_edit_is_refused_and_nothing_changes(make_user):
    owner = make_user(Role.INNOVATOR)
    draft = services.create_draft(owner, {"title": "Awal"})
    db.session.commit()
    seen = draft.version_id
    services.update_draft(draft, owner, {"title": "Edit pertama"}, seen)
    db.session.commit()
    with pytest.raises(DomainError, match="sudah diubah orang lain"):
        services.update_draft(draft, owner, {"title": "Edit basi"}, seen)
    db.session.rollback()
    assert db.session.get(type(draft), draft.id).title == "Edit pertama"


def test_submit_reports_every_missing_section_and_stays_draft(make_user):
    owner = make_user(Role.INNOVATOR)
    draft = services.create_draft(owner, {"title": "Setengah jadi", "summary": "ringkas"})
    with pytest.raises(DomainError) as caught:
        services.submit_proposal(draft, owner)
    assert {"background", "goals", "novelty", "affair"} <= {field for field, _ in caught.value.errors}
    assert draft.status is Status.DRAFT


def test_submit_moves_to_submitted_with_history(make_user):
    owner = make_user(Role.INNOVATOR)
    draft = services.create_draft(owner, IDEATION_COMPLETE)
    services.submit_proposal(draft, owner)
    db.session.commit()
    assert draft.status is Status.SUBMITTED
    last = db.session.scalars(select(StageEvent).order_by(StageEvent.id.desc())).first()
    assert (last.from_status, last.to_status) == (Status.DRAFT, Status.SUBMITTED)


def test_submitted_proposal_is_locked_for_editing_and_cannot_be_submitted_twice(make_user):
    owner = make_user(Role.INNOVATOR)
    draft = services.create_draft(owner, IDEATION_COMPLETE)
    services.submit_proposal(draft, owner)
    with pytest.raises(DomainError):
        services.update_draft(draft, owner, {"title": "Ubah"}, draft.version_id)
    with pytest.raises(DomainError):
        services.submit_proposal(draft, owner)


def test_stage_history_cannot_be_rewritten(make_user):
    services.create_draft(make_user(Role.INNOVATOR), {"title": "Riwayat"})
    db.session.commit()
    event = db.session.scalars(select(StageEvent)).one()
    event.reason = "diubah diam-diam"
    with pytest.raises(AppendOnlyError):
        db.session.flush()


def test_submission_notifies_every_active_coordinator(make_user):
    from innolab.models import Notification

    owner = make_user(Role.INNOVATOR)
    lab = [make_user(Role.COORDINATOR), make_user(Role.COORDINATOR)]
    retired = make_user(Role.COORDINATOR)
    retired.is_active = False
    draft = services.create_draft(owner, IDEATION_COMPLETE)
    services.submit_proposal(draft, owner)
    db.session.commit()
    notified = db.session.scalars(select(Notification).where(Notification.kind == "proposal.submitted")).all()
    assert sorted(n.user_id for n in notified) == sorted(u.id for u in lab)
    assert all(n.url == f"/proposals/{draft.id}" for n in notified)


def test_withdrawal_tells_the_lab_only_when_it_had_the_proposal(make_user):
    from innolab.models import Notification

    owner, coordinator = make_user(Role.INNOVATOR), make_user(Role.COORDINATOR)
    private = services.create_draft(owner, {"title": "Belum diajukan"})
    services.withdraw_proposal(private, owner, "Tidak jadi", private.version_id)
    submitted = services.create_draft(owner, IDEATION_COMPLETE)
    services.submit_proposal(submitted, owner)
    services.withdraw_proposal(submitted, owner, "Digabung dengan usulan lain", submitted.version_id)
    db.session.commit()
    withdrawn = db.session.scalars(select(Notification).where(Notification.kind == "proposal.withdrawn")).all()
    assert [(n.user_id, n.innovation_id) for n in withdrawn] == [(coordinator.id, submitted.id)]
