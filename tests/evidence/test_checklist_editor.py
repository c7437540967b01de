"""Coordinators edit the per-stage checklists; everyone else is refused and nothing changes."""
import pytest
from sqlalchemy import select

from innolab.evidence.checklist import missing_kinds, requirements
from innolab.extensions import db
from innolab.models import AuditLog, EvidenceRequirement
from innolab.pipeline.stages import Stage
from innolab.proposals import services
from innolab.vocab import Role


def _kinds(stage: Stage) -> list[tuple[str, bool]]:
    return [(line.kind, line.required) for line in requirements(stage)]


def _line(stage: Stage, kind: str) -> EvidenceRequirement:
    return db.session.scalar(select(EvidenceRequirement).where(EvidenceRequirement.stage == stage,
                                                               EvidenceRequirement.kind == kind))


def test_the_page_lists_every_stage(client, login_as, checklists):
    login_as(Role.COORDINATOR)
    html = client.get("/lab/checklists").get_data(as_text=True)
    for stage in ("ideation", "prototyping", "piloting", "scaling"):
        assert f'data-testid="checklist-{stage}"' in html
    assert "SK tim atau surat tugas" in html and "Jadikan opsional" in html


def test_a_coordinator_adds_a_required_kind_and_it_counts_as_missing(client, login_as, make_user, checklists):
    coordinator = login_as(Role.COORDINATOR)
    response = client.post("/lab/checklists", data={"stage": "prototyping", "kind": "video", "required": "y"})
    assert response.status_code == 302
    assert _kinds(Stage.PROTOTYPING)[-1] == ("video", True)
    draft = services.create_draft(make_user(Role.INNOVATOR), {"title": "Usulan"})
    assert "video" in missing_kinds(draft, Stage.PROTOTYPING)
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "checklist.update"))
    assert entry.actor_id == coordinator.id and entry.details["kind"] == "video"


def test_a_kind_cannot_be_listed_twice(client, login_as, checklists):
    login_as(Role.COORDINATOR)
    before = _kinds(Stage.PROTOTYPING)
    html = client.post("/lab/checklists", data={"stage": "prototyping", "kind": "sk_tim"}).get_data(as_text=True)
    assert 'id="kind-error"' in html and "sudah ada di daftar periksa" in html
    assert _kinds(Stage.PROTOTYPING) == before


def test_required_is_set_explicitly_so_a_repeat_changes_nothing(client, login_as, checklists):
    login_as(Role.COORDINATOR)
    line = _line(Stage.PROTOTYPING, "sk_tim")
    for _ in range(2):
        client.post(f"/lab/checklists/{line.id}/required", data={"required": "0"})
    assert ("sk_tim", False) in _kinds(Stage.PROTOTYPING)
    client.post(f"/lab/checklists/{line.id}/required", data={"required": "1"})
    assert ("sk_tim", True) in _kinds(Stage.PROTOTYPING)


def test_lines_move_up_and_down_within_their_stage(client, login_as, checklists):
    login_as(Role.COORDINATOR)
    assert [k for k, _ in _kinds(Stage.PROTOTYPING)] == ["sk_tim", "perencanaan", "foto_tangkapan", "kerja_sama"]
    client.post(f"/lab/checklists/{_line(Stage.PROTOTYPING, 'foto_tangkapan').id}/move", data={"direction": "up"})
    assert [k for k, _ in _kinds(Stage.PROTOTYPING)] == ["sk_tim", "foto_tangkapan", "perencanaan", "kerja_sama"]
    client.post(f"/lab/checklists/{_line(Stage.PROTOTYPING, 'sk_tim').id}/move", data={"direction": "up"})
    client.post(f"/lab/checklists/{_line(Stage.PROTOTYPING, 'kerja_sama').id}/move", data={"direction": "down"})
    assert [k for k, _ in _kinds(Stage.PROTOTYPING)] == ["sk_tim", "foto_tangkapan", "perencanaan", "kerja_sama"]
    assert [line.position for line in requirements(Stage.PROTOTYPING)] == [0, 1, 2, 3]


def test_a_line_is_removed_and_the_rest_renumbered(client, login_as, checklists):
    login_as(Role.COORDINATOR)
    client.post(f"/lab/checklists/{_line(Stage.PROTOTYPING, 'perencanaan').id}/delete")
    assert [k for k, _ in _kinds(Stage.PROTOTYPING)] == ["sk_tim", "foto_tangkapan", "kerja_sama"]
    assert [line.position for line in requirements(Stage.PROTOTYPING)] == [0, 1, 2]


@pytest.mark.parametrize("role", [Role.INNOVATOR, Role.REVIEWER, Role.VIEWER, Role.ADMIN])
def test_others_are_refused_and_nothing_changes(client, login_as, checklists, role):
    login_as(role)
    before = _kinds(Stage.PROTOTYPING)
    line = _line(Stage.PROTOTYPING, "sk_tim")
    assert client.get("/lab/checklists").status_code == 403
    assert client.post("/lab/checklists", data={"stage": "prototyping", "kind": "video"}).status_code == 403
    for action, data in (("required", {"required": "0"}), ("move", {"direction": "down"}), ("delete", {})):
        assert client.post(f"/lab/checklists/{line.id}/{action}", data=data).status_code == 403
    assert _kinds(Stage.PROTOTYPING) == before
