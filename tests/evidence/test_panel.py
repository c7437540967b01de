"""The evidence panel on the proposal page: the checklists with what is missing, the list, and the forms."""
import re

from innolab.evidence import services
from innolab.extensions import db
from innolab.pipeline.transitions import Move
from innolab.proposals.services import apply_move
from innolab.vocab import Role


def _checklist(html: str, stage: str) -> str:
    return re.search(rf'data-testid="checklist-{stage}">(.*?)</div>', html, re.S).group(1)


def test_the_checklists_show_what_is_there_and_what_is_missing(client, team_draft):
    user, innovation = team_draft
    services.add_link(innovation, user, "sk_tim", "SK Tim", "https://dokumen.example/sk-tim")
    db.session.commit()
    html = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)

    current = _checklist(html, "ideation")
    assert "Daftar periksa tahap Ide" in current and "Foto atau tangkapan layar inovasi" in current
    assert "opsional" in current and "Tidak ada yang wajib pada tahap ini." in current

    gate = _checklist(html, "prototyping")
    assert "Syarat maju ke tahap Rancang Bangun" in gate
    assert 'data-kind="sk_tim" data-done="yes"' in gate and 'data-kind="perencanaan" data-done="no"' in gate
    assert "Masih kurang: Dokumen perencanaan (RKPD/Renja)" in gate
    assert "SK tim atau surat tugas," not in gate.split("Masih kurang:")[1]


def test_the_team_gets_the_forms_while_editable_and_loses_them_after_submitting(client, team_draft):
    user, innovation = team_draft
    html = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html and 'name="link-url"' in html
    assert '<option value="sk_tim">SK tim atau surat tugas</option>' in html
    assert 'value="video"' not in html  # not on these checklists
    apply_move(innovation, user, Move.SUBMIT, "diajukan")
    db.session.commit()
    html = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)
    assert 'id="bukti-dukung"' in html and 'name="link-url"' not in html


def test_the_lab_sees_the_evidence_but_not_who_uploaded_it_nor_the_forms(client, team_draft, make_user, switch_to):
    user, innovation = team_draft
    services.add_link(innovation, user, "sk_tim", "SK Tim", "https://dokumen.example/sk-tim")
    apply_move(innovation, user, Move.SUBMIT, "diajukan")
    db.session.commit()
    assert user.name in client.get(f"/proposals/{innovation.id}/evidence").get_data(as_text=True)
    switch_to(make_user(Role.COORDINATOR))
    html = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)
    assert "https://dokumen.example/sk-tim" in html
    section = html.split('id="bukti-dukung"')[1].split("</section>")[0]
    assert user.name not in section and 'name="link-url"' not in section and "Hapus" not in section


def test_the_evidence_page_is_private_like_the_draft(client, team_draft, make_user, switch_to):
    _, innovation = team_draft
    switch_to(make_user(Role.INNOVATOR))
    assert client.get(f"/proposals/{innovation.id}/evidence").status_code == 403


def test_a_link_added_through_the_form_appears_on_the_proposal(client, team_draft):
    _, innovation = team_draft
    response = client.post(f"/proposals/{innovation.id}/evidence/links",
                           data={"link-kind": "foto_tangkapan", "link-title": "Video profil",
                                 "link-url": "https://video.example/profil"})
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tautan bukti dukung tersimpan." in html and "Video profil" in html
