"""The queue and the board: filters, counts and order checked against an independent count in Python."""
import re
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Assignment, AssignmentStatus, Innovation, StageEvent
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.vocab import Role

WAITING = {Status.SUBMITTED, Status.IN_REVIEW, Status.ON_HOLD}


@pytest.fixture
def desk(make_submitted, make_in_review, make_unit, make_reviewer, make_user, assign, submit_review):
    """Proposals across stages, statuses, units and affairs, with current, overdue, submitted and declined reviews."""
    health, school = make_unit("Dinas Kesehatan"), make_unit("Dinas Pendidikan")
    budi, sari = make_reviewer(name="Budi Penilai"), make_reviewer(name="Sari Penilai")
    make_submitted("Antrean Daring", unit=health)
    rapor, rapor_round = make_in_review("Rapor Digital", unit=school, affair="pendidikan")
    posyandu, posyandu_round = make_in_review("Posyandu Pintar", unit=health)
    assign(rapor_round, reviewer=budi)
    declined = assign(rapor_round, reviewer=sari, days=-5)
    declined.status = AssignmentStatus.DECLINED
    assign(posyandu_round, reviewer=budi, days=-3)  # overdue
    submit_review(assign(posyandu_round, reviewer=sari, days=-3))  # past due but submitted: not overdue
    for title, stage, status, unit, affair in [
        ("Pasar Daring", Stage.PILOTING, Status.IN_PROGRESS, school, "perdagangan"),
        ("Bank Sampah", Stage.PROTOTYPING, Status.ON_HOLD, health, "lingkungan_hidup"),
        ("Lapor Camat", Stage.SCALING, Status.ACTIVE, school, "trantibum"),
    ]:
        innovation = make_submitted(title, unit=unit, affair=affair)
        innovation.stage, innovation.status = stage, status
    services.create_draft(make_user(Role.INNOVATOR, unit=health), {"title": "Draf Rahasia", "affair": "kesehatan"})
    db.session.commit()
    return {"health": health, "school": school, "budi": budi, "sari": sari}


def titles(html: str) -> list[str]:
    return re.findall(r'<tr data-testid="queue-row">\s*<td>\s*<a href="[^"]+">([^<]+)</a>', html)


def everything():
    """Every proposal the lab sees, loaded afresh, for counting in Python."""
    db.session.expire_all()
    return [i for i in db.session.scalars(select(Innovation)) if i.status is not Status.DRAFT]


def open_assignments():
    return [a for a in db.session.scalars(select(Assignment)) if a.round.closed_at is None]


def overdue_ids():
    today = date.today()
    return {a.round.innovation_id for a in open_assignments()
            if a.status is AssignmentStatus.PENDING and a.due_on < today}


def reviewed_by(user):
    return {a.round.innovation_id for a in open_assignments()
            if a.reviewer_id == user.id and a.status is not AssignmentStatus.DECLINED}


def waiting_order(innovations):
    moved = {}
    for event in db.session.scalars(select(StageEvent)):
        moved[event.innovation_id] = max(moved.get(event.innovation_id, event.created_at), event.created_at)
    return [i.title for i in sorted(innovations, key=lambda i: (moved[i.id], i.id))]


def test_the_default_queue_is_what_waits_on_the_lab_longest_waiting_first(client, coordinator, desk):
    html = client.get("/lab/").get_data(as_text=True)
    expected = waiting_order([i for i in everything() if i.status in WAITING])
    assert titles(html) == expected and len(expected) == 4
    assert f"{len(expected)} usulan ditemukan" in html
    assert "Draf Rahasia" not in html


CASES = {
    "all": ({"status": "all"}, lambda i, d: True),
    "stage": ({"status": "all", "stage": "ideation"}, lambda i, d: i.stage is Stage.IDEATION),
    "status": ({"status": "on_hold"}, lambda i, d: i.status is Status.ON_HOLD),
    "unit": ({"status": "all", "unit": "health"}, lambda i, d: i.unit_id == d["health"].id),
    "affair": ({"status": "all", "affair": "kesehatan"}, lambda i, d: i.affair == "kesehatan"),
    "reviewer": ({"status": "all", "reviewer": "budi"}, lambda i, d: i.id in reviewed_by(d["budi"])),
    "declined reviewer": ({"status": "all", "reviewer": "sari"}, lambda i, d: i.id in reviewed_by(d["sari"])),
    "overdue": ({"overdue": "y"}, lambda i, d: i.status in WAITING and i.id in overdue_ids()),
    "combined": ({"status": "in_review", "unit": "health", "affair": "kesehatan"},
                 lambda i, d: i.status is Status.IN_REVIEW and i.unit_id == d["health"].id and i.affair == "kesehatan"),
}


@pytest.mark.parametrize("case", CASES)
def test_filters_match_an_independent_count(client, coordinator, desk, case):
    args, keep = CASES[case]
    args = {k: str(desk[v].id) if v in desk else v for k, v in args.items()}
    html = client.get("/lab/", query_string=args).get_data(as_text=True)
    expected = [i for i in everything() if keep(i, desk)]
    assert sorted(titles(html)) == sorted(i.title for i in expected) and expected, case
    assert f"{len(expected)} usulan ditemukan" in html


def test_overdue_means_pending_past_due_in_an_open_round(desk):
    assert {i.title for i in everything() if i.id in overdue_ids()} == {"Posyandu Pintar"}
    assert {i.title for i in everything() if i.id in reviewed_by(desk["sari"])} == {"Posyandu Pintar"}


def test_filter_choices_carry_counts_under_the_other_filters(client, coordinator, desk):
    html = client.get("/lab/", query_string={"status": "all", "unit": desk["health"].id}).get_data(as_text=True)
    seen = [i for i in everything() if i.unit_id == desk["health"].id]
    for affair, n in Counter(i.affair for i in seen).items():
        label = {"kesehatan": "Kesehatan", "lingkungan_hidup": "Lingkungan Hidup"}[affair]
        assert f'<option value="{affair}">{label} ({n})</option>' in html
    everyone = everything()
    for unit in (desk["health"], desk["school"]):  # the unit filter counts ignore the chosen unit
        n = sum(1 for i in everyone if i.unit_id == unit.id)
        assert f"{unit.name} ({n})</option>" in html
    assert f"Semua status ({len(seen)})" in html
    waiting = sum(1 for i in seen if i.status in WAITING)
    assert f"Menunggu lab ({waiting})" in html
    assert f"Hanya yang lewat tenggat ({len(overdue_ids())})" in html
    assert "Budi Penilai (1)" in html and "Sari Penilai (1)" in html


def test_the_board_counts_stage_by_status_without_drafts(client, coordinator, desk):
    html = client.get("/lab/").get_data(as_text=True)
    expected = Counter((i.stage, i.status) for i in everything())
    cells = dict(re.findall(r'data-testid="board-(\w+-\w+)"[^>]*>(\d+)</a>', html))
    assert {key: int(n) for key, n in cells.items()} == {
        f"{stage.value}-{status.value}": n for (stage, status), n in expected.items()}
    assert sum(expected.values()) == 6
    assert 'href="/lab/?stage=prototyping&amp;status=on_hold"' in html


def test_pagination(client, coordinator, make_submitted, make_unit):
    unit = make_unit()
    for n in range(27):
        make_submitted(f"Usulan {n:02d}", unit=unit)
    first = client.get("/lab/").get_data(as_text=True)
    second = client.get("/lab/", query_string={"page": 2}).get_data(as_text=True)
    assert len(titles(first)) == 25 and len(titles(second)) == 2
    assert "27 usulan ditemukan" in first and 'href="/lab/?page=2"' in first
    assert set(titles(first)).isdisjoint(titles(second))


def test_nonsense_filters_are_ignored(client, coordinator, desk):
    response = client.get("/lab/", query_string={"stage": "bulan", "status": "x", "unit": "abc", "affair": "<b>",
                                                 "reviewer": "-1", "page": "999"})
    assert response.status_code == 200
