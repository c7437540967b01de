"""The owner builds the team from existing accounts; members then find, see and edit the proposal."""
import pytest
from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import InnovationMember
from innolab.pipeline.transitions import Move
from innolab.proposals import services
from innolab.vocab import Role


@pytest.fixture
def own_draft(login_as):
    owner = login_as(Role.INNOVATOR)
    innovation = services.create_draft(owner, {"title": "Sistem Informasi Posyandu"})
    db.session.commit()
    return owner, innovation


def _members(innovation) -> list[tuple[int, str]]:
    return list(db.session.execute(select(InnovationMember.user_id, InnovationMember.role_in_team)
                                   .where(InnovationMember.innovation_id == innovation.id)))


def test_the_owner_adds_a_colleague_by_email_who_then_sees_and_edits_it(client, own_draft, make_user, switch_to):
    _, innovation = own_draft
    colleague = make_user(Role.INNOVATOR, name="Dewi Lestari", email="dewi@kota-uji.go.id")
    response = client.post(f"/proposals/{innovation.id}/team",
                           data={"identifier": " DEWI@kota-uji.go.id ", "role_in_team": "Analis data"})
    assert response.status_code == 302
    assert _members(innovation) == [(colleague.id, "Analis data")]
    assert "Dewi Lestari ditambahkan ke tim." in client.get(response.headers["Location"]).get_data(as_text=True)
    detail = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)
    assert "Dewi Lestari" in detail and "Analis data" in detail
    assert "Dewi Lestari" in client.get(f"/proposals/{innovation.id}/edit").get_data(as_text=True)

    switch_to(colleague)
    assert "Sistem Informasi Posyandu" in client.get("/proposals/").get_data(as_text=True)
    assert client.get(f"/proposals/{innovation.id}/edit").status_code == 200
    assert client.get(f"/proposals/{innovation.id}/team").status_code == 403  # only the owner manages the team


def test_a_colleague_is_found_by_nip(client, own_draft, make_user):
    _, innovation = own_draft
    colleague = make_user(Role.INNOVATOR, nip="198703152010012003")
    client.post(f"/proposals/{innovation.id}/team", data={"identifier": "198703152010012003"})
    assert _members(innovation) == [(colleague.id, "")]


@pytest.mark.parametrize(("who", "message"), [
    ("nobody", "Tidak ada akun aktif dengan e-mail atau NIP ini."),
    ("inactive", "Tidak ada akun aktif dengan e-mail atau NIP ini."),
    ("owner", "Pemilik usulan sudah menjadi bagian tim."),
    ("viewer", "tidak memiliki peran Inovator"),
    ("member", "sudah menjadi anggota tim."),
])
def test_impossible_members_are_refused_next_to_the_field(client, own_draft, make_user, who, message):
    owner, innovation = own_draft
    existing = make_user(Role.INNOVATOR)
    db.session.add(InnovationMember(innovation_id=innovation.id, user_id=existing.id))
    inactive = make_user(Role.INNOVATOR)
    inactive.is_active = False
    db.session.commit()
    identifier = {"nobody": "tidak.ada@kota-uji.go.id", "inactive": inactive.email, "owner": owner.email,
                  "viewer": make_user(Role.VIEWER).email, "member": existing.email}[who]
    before = _members(innovation)
    html = client.post(f"/proposals/{innovation.id}/team", data={"identifier": identifier}).get_data(as_text=True)
    assert 'id="identifier-error"' in html and message in html
    assert _members(innovation) == before


def test_the_owner_removes_a_member_who_then_loses_access(client, own_draft, make_user, switch_to):
    _, innovation = own_draft
    member = make_user(Role.INNOVATOR)
    db.session.add(InnovationMember(innovation_id=innovation.id, user_id=member.id, role_in_team="Anggota"))
    db.session.commit()
    response = client.post(f"/proposals/{innovation.id}/team/{member.id}/remove")
    assert response.status_code == 302 and _members(innovation) == []
    switch_to(member)
    assert client.get(f"/proposals/{innovation.id}").status_code == 403


def test_members_and_strangers_may_not_change_the_team(client, switch_to, make_user):
    owner = make_user(Role.INNOVATOR)
    innovation = services.create_draft(owner, {"title": "Tim tertutup"})
    member = make_user(Role.INNOVATOR)
    db.session.add(InnovationMember(innovation_id=innovation.id, user_id=member.id))
    db.session.commit()
    newcomer = make_user(Role.INNOVATOR)
    for user in (member, make_user(Role.INNOVATOR)):
        switch_to(user)
        assert client.post(f"/proposals/{innovation.id}/team", data={"identifier": newcomer.email}).status_code == 403
        assert client.post(f"/proposals/{innovation.id}/team/{member.id}/remove").status_code == 403
    assert _members(innovation) == [(member.id, "")]


def test_the_team_is_fixed_once_submitted(client, own_draft, make_user):
    owner, innovation = own_draft
    services.apply_move(innovation, owner, Move.SUBMIT, "diajukan")
    db.session.commit()
    response = client.post(f"/proposals/{innovation.id}/team", data={"identifier": make_user(Role.INNOVATOR).email})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(InnovationMember)) == 0


def test_names_and_roles_are_escaped(client, own_draft, make_user):
    _, innovation = own_draft
    payload = '<script>alert("x")</script>'
    colleague = make_user(Role.INNOVATOR, name=payload)
    client.post(f"/proposals/{innovation.id}/team", data={"identifier": colleague.email, "role_in_team": payload})
    for path in (f"/proposals/{innovation.id}", f"/proposals/{innovation.id}/team",
                 f"/proposals/{innovation.id}/edit"):
        html = client.get(path).get_data(as_text=True)
        assert payload not in html and "&lt;script&gt;" in html
