"""The lab panel on the proposal page and the dashboard card: the coordinator's next actions and counts."""
import re

from flask import render_template
from flask_login import login_user

from innolab.extensions import db
from innolab.lab import services as lab
from innolab.pipeline.stages import Stage, Status
from innolab.pipeline.transitions import Move
from innolab.vocab import Role


def panel_links(client, innovation) -> list[tuple[str, str]]:
    html = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)
    panel = re.search(r'data-testid="lab-panel">(.*?)</section>', html, re.S)
    return re.findall(r'href="([^"]+)">([^<]+)</a>', panel.group(1)) if panel else []


def test_a_submitted_proposal_offers_screening(client, coordinator, make_submitted):
    innovation = make_submitted()
    assert panel_links(client, innovation) == [(f"/lab/{innovation.id}/screen", "Seleksi administrasi")]


def test_a_proposal_in_review_offers_reviewers_and_every_gate_decision(client, coordinator, make_in_review):
    innovation, _round = make_in_review()
    links = panel_links(client, innovation)
    assert links[0] == (f"/lab/{innovation.id}/reviewers", "Tugaskan penilai")
    assert [label for _url, label in links[1:]] == ["Lanjut ke tahap berikutnya", "Perlu revisi", "Ditunda", "Ditolak"]
    assert links[1][0] == f"/lab/{innovation.id}/decide?move=advance"


def test_the_preselected_decision_is_checked_on_the_decision_page(client, coordinator, make_in_review):
    innovation, _round = make_in_review()
    html = client.get(f"/lab/{innovation.id}/decide?move=hold").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="hold"', html)


def test_scaling_offers_outcomes_and_publishing(client, coordinator, make_submitted):
    innovation = make_submitted()
    innovation.stage, innovation.status = Stage.SCALING, Status.ACTIVE
    db.session.commit()
    assert [label for _url, label in panel_links(client, innovation)] == ["Berhenti", "Publikasi katalog"]


def test_nothing_to_do_means_no_panel(client, coordinator, make_submitted, lab_actor):
    innovation = make_submitted()
    lab.return_proposal(innovation, lab_actor, seen_version=innovation.version_id, reason="Lengkapi SK.")
    db.session.commit()
    assert panel_links(client, innovation) == []


def test_the_team_sees_no_lab_panel(client, login, make_in_review):
    innovation, _round = make_in_review()
    login(innovation.owner)
    html = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)
    assert 'data-testid="lab-panel"' not in html


def _card(app, user) -> str:
    with app.test_request_context("/dashboard"):
        login_user(user)
        return render_template("lab/_dashboard_card.html")


def test_the_dashboard_card_counts_what_waits(app, make_submitted, make_in_review, assign, make_user, lab_actor):
    make_submitted("Satu")
    make_submitted("Dua")
    innovation, round_ = make_in_review("Tiga")
    assign(round_, days=-1)
    held, _ = make_in_review("Empat")
    lab.decide(held, lab_actor, Move.HOLD, seen_version=held.version_id, reason="Tunggu")
    db.session.commit()
    html = _card(app, make_user(Role.COORDINATOR))
    counts = dict(re.findall(r'status-(\w+)">[^<]+</span> (\d+)</a>', html))
    assert counts == {"submitted": "2", "in_review": "1", "on_hold": "1"}
    assert re.search(r'href="/lab/\?overdue=y">.*?</span> 1</a>', html)
    assert _card(app, make_user(Role.INNOVATOR, Role.REVIEWER)).strip() == ""
