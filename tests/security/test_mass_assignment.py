"""ASVS V15.3.3 (mass assignment): fields a form does not offer are ignored, whatever a crafted POST adds.

Each test posts a real form plus EXTRAS (status, stage, score, owner, unit, publication, roles …) and then reads the
database row: only what the form offers has changed.
"""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import (
    AssignmentStatus,
    Comment,
    Evidence,
    Innovation,
    Replication,
    Review,
    Score,
    User,
)
from innolab.pipeline.defaults import ensure_reference_data
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.vocab import ReplicationStatus, Role
from tests.conftest import TEST_PASSWORD
from tests.evidence.samples import PDF
from tests.review.conftest import card


@pytest.fixture
def outsider(make_user, make_unit):
    """Someone else, in another unit: the ids a crafted POST would try to hand objects to."""
    return make_user(Role.ADMIN, unit=make_unit("Unit Lain"))


@pytest.fixture
def extras(outsider):
    return {
        "status": "active", "stage": "scaling", "score": "100", "total": "100", "owner_id": str(outsider.id),
        "unit_id": str(outsider.unit_id), "published": "y", "replicable": "y", "is_admin": "1", "roles": "admin",
        "role": "admin", "id": "9999", "slug": "diambil-alih", "external_ref": "IID-PALSU", "author_id":
        str(outsider.id), "reviewer_id": str(outsider.id), "registered_by_id": str(outsider.id),
        "uploaded_by_id": str(outsider.id), "innovation_id": "9999", "source_innovation_id": "9999",
        "submitted_at": "2020-01-01T00:00:00", "created_at": "2020-01-01T00:00:00", "released": "1",
        "password_hash": "$argon2id$palsu", "is_active": "0", "email": "dibajak@kota-uji.go.id",
        "stored_name": "../../../../etc/passwd", "mime": "text/html", "sha256": "0" * 64, "size": "1",
    }


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_proposal_create_keeps_owner_unit_stage_status_and_publication(client, login_as, extras, outsider):
    user = login_as(Role.INNOVATOR)
    response = client.post("/proposals/new", data=extras | {"title": "Posyandu Digital", "summary": "Ringkas"})
    assert response.status_code == 302
    innovation = db.session.scalar(select(Innovation))
    assert (innovation.title, innovation.summary) == ("Posyandu Digital", "Ringkas")
    assert (innovation.owner_id, innovation.unit_id) == (user.id, user.unit_id)
    assert (innovation.stage, innovation.status) == (Stage.IDEATION, Status.DRAFT)
    assert (innovation.published, innovation.replicable, innovation.external_ref) == (False, False, None)
    assert innovation.slug == "posyandu-digital" and innovation.id != 9999


def test_proposal_edit_changes_the_text_only(client, login_as, extras):
    user = login_as(Role.INNOVATOR)
    innovation = services.create_draft(user, {"title": "Judul Lama"})
    db.session.commit()
    form = extras | {"title": "Judul Baru", "version_id": str(innovation.version_id)}
    assert client.post(f"/proposals/{innovation.id}/edit", data=form).status_code == 302
    db.session.refresh(innovation)
    assert innovation.title == "Judul Baru"
    assert (innovation.owner_id, innovation.unit_id, innovation.stage, innovation.status) == (
        user.id, user.unit_id, Stage.IDEATION, Status.DRAFT)
    assert (innovation.published, innovation.slug, innovation.external_ref) == (False, "judul-lama", None)


def test_account_password_change_touches_nothing_but_the_password(client, login_as, extras):
    user = login_as(Role.INNOVATOR)
    before = (user.email, user.name, user.unit_id, user.is_active, set(user.roles), user.nip)
    form = extras | {"current_password": TEST_PASSWORD, "new_password": "Hujan-Sore-Di-Alun-Alun-7",
                     "confirm": "Hujan-Sore-Di-Alun-Alun-7", "name": "Nama Dibajak", "nip": "199001012020011001"}
    assert client.post("/account/password", data=form).status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.email, user.name, user.unit_id, user.is_active, set(user.roles), user.nip) == before
    assert not user.password_hash.startswith("$argon2id$palsu")
    # The language switch stores a language and nothing else.
    assert client.post("/language", data=extras | {"lang": "en"}).status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.email, user.name, user.unit_id, user.is_active, set(user.roles), user.nip) == before


def test_review_scoring_saves_the_rubrics_scores_only(client, setup, extras, outsider):
    criterion = setup.rubric.criteria[0]
    form = extras | card(setup.rubric, [4], recommendation="advance") | {
        f"score_{criterion.id + 1000}": "5", "score_0": "5", "assignment_id": "9999", "rubric_id": str(setup.rubric.id)}
    assert client.post(f"/review/assignments/{setup.assignment.id}", data=form).status_code == 302
    db.session.expire_all()
    review = db.session.scalar(select(Review))
    assert review.assignment_id == setup.assignment.id and review.assignment.reviewer_id == setup.reviewer.id
    assert review.submitted_at is None and review.assignment.status is AssignmentStatus.PENDING
    assert {score.criterion_id for score in review.scores} <= {c.id for c in setup.rubric.criteria}
    assert db.session.scalar(select(Score.value).where(Score.criterion_id == criterion.id)) == 4
    assert _count(Score) == len(setup.rubric.criteria)


@pytest.fixture
def replicable(make_user):
    owner = make_user(Role.INNOVATOR)
    innovation = services.create_draft(owner, {"title": "Bank Sampah Digital"})
    innovation.published, innovation.replicable = True, True
    innovation.stage, innovation.status = Stage.SCALING, Status.ACTIVE
    db.session.commit()
    return innovation


def test_replication_register_and_update_keep_source_unit_registrant_and_status(client, login_as, replicable,
                                                                               extras, outsider):
    lurah = login_as(Role.VIEWER)
    form = extras | {"adopting_unit_id": str(lurah.unit_id), "contact": "Lurah, 0812", "plan": "Mulai di RW 3"}
    assert client.post(f"/replications/new/{replicable.id}", data=form).status_code == 302
    replication = db.session.scalar(select(Replication))
    assert (replication.source_innovation_id, replication.adopting_unit_id, replication.registered_by_id) == (
        replicable.id, lurah.unit_id, lurah.id)
    assert replication.status is ReplicationStatus.INTERESTED and replication.derived_innovation_id is None

    update = extras | {"status": "planning", "note": "Rapat persiapan", "version_id": str(replication.version_id),
                       "adopting_unit_id": str(outsider.unit_id), "contact": "Dibajak", "plan": "Dibajak"}
    assert client.post(f"/replications/{replication.id}", data=update).status_code == 302
    db.session.refresh(replication)
    assert replication.status is ReplicationStatus.PLANNING  # the one field the form offers
    assert (replication.adopting_unit_id, replication.source_innovation_id, replication.registered_by_id) == (
        lurah.unit_id, replicable.id, lurah.id)
    assert (replication.contact, replication.plan) == ("Lurah, 0812", "Mulai di RW 3")


def test_comment_keeps_its_author_proposal_and_visibility(client, login_as, extras):
    user = login_as(Role.INNOVATOR)
    innovation = services.create_draft(user, {"title": "Draf"})
    db.session.commit()
    form = extras | {"comment-body": "Catatan tim", "visibility": "internal"}
    assert client.post(f"/proposals/{innovation.id}/comments", data=form).status_code == 302
    [comment] = db.session.scalars(select(Comment)).all()
    assert (comment.author_id, comment.innovation_id, comment.body) == (user.id, innovation.id, "Catatan tim")
    assert comment.visibility.value == "participants" and not comment.released
    # The team cannot pick the lab's internal notes through the form's own field either.
    internal = client.post(f"/proposals/{innovation.id}/comments",
                           data={"comment-body": "Rahasia", "comment-visibility": "internal"})
    assert internal.status_code == 403 and _count(Comment) == 1


def test_evidence_upload_computes_its_own_name_type_hash_and_owner(client, login_as, extras):
    ensure_reference_data()
    user = login_as(Role.INNOVATOR)
    innovation = services.create_draft(user, {"title": "Draf"})
    db.session.commit()
    form = extras | {"file-kind": "lainnya", "file-title": "SK", "file-file": (io.BytesIO(PDF), "sk.pdf")}
    response = client.post(f"/proposals/{innovation.id}/evidence/files", data=form,
                           content_type="multipart/form-data")
    assert response.status_code == 302
    evidence = db.session.scalar(select(Evidence))
    assert (evidence.innovation_id, evidence.uploaded_by_id) == (innovation.id, user.id)
    assert evidence.mime == "application/pdf" and evidence.size == len(PDF) and evidence.sha256 != "0" * 64
    assert len(evidence.stored_name) == 32 and "/" not in evidence.stored_name
