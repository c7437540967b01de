"""Replikasi: a unit head registers that their unit replicates a catalogue innovation, then reports its progress."""
from __future__ import annotations

import pytest

from innolab.extensions import db
from innolab.models import Innovation, Notification, Replication
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.search import current_service
from innolab.vocab import ReplicationStatus, Role, UnitKind


@pytest.fixture
def source(make_user):
    """A published, replicable innovation in use, owned by another unit."""
    owner = make_user(Role.INNOVATOR)
    innovation = services.create_draft(owner, {"title": "Bank Sampah Digital", "summary": "Tabungan sampah warga"})
    innovation.published, innovation.replicable = True, True
    innovation.stage, innovation.status = Stage.SCALING, Status.ACTIVE
    db.session.commit()
    return innovation


@pytest.fixture
def kelurahan(make_unit):
    kecamatan = make_unit("Kecamatan Klojen", kind=UnitKind.KECAMATAN)
    return make_unit("Kelurahan Oro-oro Dowo", kind=UnitKind.KELURAHAN, parent=kecamatan)


@pytest.fixture
def lurah(make_user, kelurahan, login):
    return login(make_user(Role.VIEWER, unit=kelurahan))


def register(client, innovation, **fields):
    data = {"adopting_unit_id": fields.pop("unit_id"), "contact": "Lurah, 0812-0000-1111", "plan": "Mulai di RW 3",
            "started_on": "2027-01-04", **fields}
    return client.post(f"/replications/new/{innovation.id}", data=data)


def test_a_lurah_registers_a_replication_and_the_count_rises(client, source, lurah, kelurahan):
    response = register(client, source, unit_id=kelurahan.id)
    replication = db.session.query(Replication).one()
    assert response.headers["Location"] == f"/replications/{replication.id}"
    assert (replication.adopting_unit_id, replication.status) == (kelurahan.id, ReplicationStatus.INTERESTED)
    assert replication.updates[0].to_status is ReplicationStatus.INTERESTED
    profile = client.get(f"/catalogue/{source.id}").get_data(as_text=True)
    assert "1 replikasi" in profile or ">1 unit<" in profile
    assert "Kelurahan Oro-oro Dowo" in profile
    stored = current_service().index.searcher().document(id=str(source.id))
    assert stored["signature"].endswith(":1")  # "most replicated" sorting sees it at once


def test_the_source_team_is_notified(client, source, lurah, kelurahan):
    register(client, source, unit_id=kelurahan.id)
    notice = db.session.query(Notification).filter_by(user_id=source.owner_id).one()
    assert notice.kind == "replication.registered"


def test_a_camat_may_register_for_a_kelurahan_below_but_not_for_another_unit(client, source, make_user, kelurahan,
                                                                              make_unit, login):
    login(make_user(Role.VIEWER, unit=kelurahan.parent))
    assert register(client, source, unit_id=kelurahan.id).status_code == 302
    elsewhere = make_unit("Kelurahan Lain", kind=UnitKind.KELURAHAN,
                          parent=make_unit("Kecamatan Lain", kind=UnitKind.KECAMATAN))
    db.session.commit()
    page = register(client, source, unit_id=elsewhere.id)
    assert page.status_code == 200
    assert db.session.query(Replication).count() == 1



def test_the_same_unit_cannot_register_twice_while_one_is_alive(client, source, lurah, kelurahan):
    register(client, source, unit_id=kelurahan.id)
    assert "Replikasi inovasi ini" not in client.get(f"/catalogue/{source.id}").get_data(as_text=True)
    assert register(client, source, unit_id=kelurahan.id).status_code == 403  # no unit of theirs is left
    assert db.session.query(Replication).count() == 1


def test_a_camat_is_offered_only_the_units_not_yet_replicating(client, source, make_user, kelurahan, login):
    login(make_user(Role.VIEWER, unit=kelurahan.parent))
    register(client, source, unit_id=kelurahan.id)
    form = client.get(f"/replications/new/{source.id}").get_data(as_text=True)
    assert "Kecamatan Klojen</option>" in form and "Kelurahan Oro-oro Dowo</option>" not in form
    page = register(client, source, unit_id=kelurahan.id).get_data(as_text=True)
    assert 'id="adopting_unit_id-error"' in page  # not a valid choice any more
    assert db.session.query(Replication).count() == 1


def test_missing_contact_is_shown_next_to_the_field_and_nothing_is_saved(client, source, lurah, kelurahan):
    page = register(client, source, unit_id=kelurahan.id, contact="").get_data(as_text=True)
    assert 'id="contact-error"' in page and "Narahubung wajib diisi" in page
    assert db.session.query(Replication).count() == 0


def test_an_innovation_not_open_for_replication_is_refused(client, source, lurah):
    source.replicable = False
    db.session.commit()
    assert client.get(f"/replications/new/{source.id}").status_code == 403


def test_an_innovator_lurah_may_also_open_a_linked_draft(client, source, make_user, kelurahan, login):
    login(make_user(Role.VIEWER, Role.INNOVATOR, unit=kelurahan))
    register(client, source, unit_id=kelurahan.id, create_proposal="y")
    replication = db.session.query(Replication).one()
    draft = db.session.get(Innovation, replication.derived_innovation_id)
    assert draft.title == "Replikasi: Bank Sampah Digital"
    assert (draft.unit_id, draft.status) == (kelurahan.id, Status.DRAFT)
    page = client.get(f"/proposals/{draft.id}").get_data(as_text=True)
    assert "Usulan replikasi" in page and "Bank Sampah Digital" in page


def _update(client, replication, status, note="Rapat koordinasi selesai"):
    return client.post(f"/replications/{replication.id}", data={
        "status": status, "note": note, "version_id": str(replication.version_id)})


def test_the_adopting_unit_moves_the_replication_along_with_notes(client, source, lurah, kelurahan):
    register(client, source, unit_id=kelurahan.id)
    replication = db.session.query(Replication).one()
    assert _update(client, replication, "planning").status_code == 302
    db.session.refresh(replication)
    assert _update(client, replication, "implementing", "Berjalan di 3 RW").status_code == 302
    db.session.refresh(replication)
    assert replication.status is ReplicationStatus.IMPLEMENTING
    assert [u.to_status.value for u in replication.updates] == ["interested", "planning", "implementing"]
    assert replication.updates[-1].note == "Berjalan di 3 RW"


def test_a_status_cannot_skip_ahead_and_a_note_is_required(client, source, lurah, kelurahan):
    register(client, source, unit_id=kelurahan.id)
    replication = db.session.query(Replication).one()
    assert _update(client, replication, "evaluated").status_code == 200
    page = _update(client, replication, "planning", note="").get_data(as_text=True)
    assert "Tuliskan catatan" in page
    db.session.refresh(replication)
    assert replication.status is ReplicationStatus.INTERESTED


def test_a_stale_form_is_refused_and_keeps_the_typed_note(client, source, lurah, kelurahan):
    register(client, source, unit_id=kelurahan.id)
    replication = db.session.query(Replication).one()
    stale = replication.version_id
    _update(client, replication, "planning")
    page = client.post(f"/replications/{replication.id}", data={
        "status": "implementing", "note": "Catatan yang saya ketik", "version_id": str(stale)}).get_data(as_text=True)
    assert "sudah diperbarui orang lain" in page
    assert "Catatan yang saya ketik" in page


def test_a_stopped_replication_no_longer_counts(client, source, lurah, kelurahan):
    register(client, source, unit_id=kelurahan.id)
    replication = db.session.query(Replication).one()
    _update(client, replication, "stopped", "Anggaran tidak tersedia")
    assert current_service().index.searcher().document(id=str(source.id))["signature"].endswith(":0")


def test_only_the_adopting_side_updates(client, source, lurah, kelurahan, switch_to, make_user):
    register(client, source, unit_id=kelurahan.id)
    replication = db.session.query(Replication).one()
    switch_to(make_user(Role.VIEWER))  # a unit head elsewhere
    assert client.get(f"/replications/{replication.id}").status_code == 403
    switch_to(source.owner)  # the source's team follows it but does not report for the adopting unit
    assert client.get(f"/replications/{replication.id}").status_code == 200
    assert _update(client, replication, "planning").status_code == 403


def test_lists_for_a_unit_head_and_for_coordinators(client, source, lurah, kelurahan, switch_to, make_user):
    register(client, source, unit_id=kelurahan.id)
    mine = client.get("/replications/").get_data(as_text=True)
    assert "Bank Sampah Digital" in mine
    switch_to(make_user(Role.COORDINATOR))
    listing = client.get("/replications/?status=interested").get_data(as_text=True)
    assert "Bank Sampah Digital" in listing and "Kelurahan Oro-oro Dowo" in listing
    assert "Bank Sampah Digital" not in client.get("/replications/?status=planning").get_data(as_text=True)
