"""flask seed-demo: a realistic, internally consistent demo city, loaded once and only once."""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from datetime import date

from sqlalchemy import func, select

from innolab.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from innolab.demo.timeline import END, START, reachable_statuses
from innolab.evidence import storage
from innolab.extensions import db
from innolab.models import (
    Assignment,
    Evidence,
    Innovation,
    Notification,
    Replication,
    Review,
    ReviewRound,
    Rubric,
    StageEvent,
    Unit,
    User,
)
from innolab.notifications.service import MESSAGES
from innolab.pipeline.requirements import SUMMARY_MAX_WORDS, word_count
from innolab.pipeline.stages import Stage
from innolab.pipeline.transitions import TransitionError, allowed_moves, target_of
from innolab.vocab import AFFAIRS, Initiator, InnovationForm, InnovationType, ReplicationStatus, Role, UnitKind


def _seed(app) -> str:
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result.output


def _all(model):
    return db.session.scalars(select(model)).all()


def test_seed_demo_builds_a_consistent_city(app):
    output = _seed(app)

    assert "DATA DEMO" in output and "http://127.0.0.1:5000" in output
    for _role, email, _name in DEMO_ACCOUNTS:
        assert re.search(rf"{re.escape(email)}\s+{re.escape(DEMO_PASSWORD)}", output)

    _check_units()
    users = _check_users()
    innovations = _check_innovations()
    _check_histories(innovations)
    _check_reviews(innovations, users)
    _check_evidence(app)
    _check_replications_and_notifications()


def _check_units():
    units = _all(Unit)
    by_kind = defaultdict(list)
    for unit in units:
        by_kind[unit.kind].append(unit)
    (pemda,) = by_kind[UnitKind.PEMDA]
    assert (pemda.name, pemda.code) == ("Pemerintah Kota Malang", "35.73")
    assert len(by_kind[UnitKind.OPD] + by_kind[UnitKind.UPTD] + by_kind[UnitKind.PUSKESMAS]) >= 30
    assert {(u.code, u.name) for u in by_kind[UnitKind.KECAMATAN]} == {
        ("35.73.01", "Kecamatan Kedungkandang"), ("35.73.02", "Kecamatan Sukun"), ("35.73.03", "Kecamatan Klojen"),
        ("35.73.04", "Kecamatan Blimbing"), ("35.73.05", "Kecamatan Lowokwaru"),
    }
    assert len(by_kind[UnitKind.KELURAHAN]) >= 25
    for kelurahan in by_kind[UnitKind.KELURAHAN]:
        assert re.fullmatch(r"35\.73\.0[1-5]\.1\d{3}", kelurahan.code)
        assert kelurahan.parent.kind is UnitKind.KECAMATAN and kelurahan.code.startswith(kelurahan.parent.code + ".")
    assert any(u.name == "Kelurahan Tlogomas" and u.parent.name == "Kecamatan Lowokwaru" for u in units)
    for unit in units:
        assert (unit.parent is None) == (unit is pemda)


def _check_users() -> list[User]:
    users = _all(User)
    assert len(users) >= 50
    assert set().union(*(u.roles for u in users)) == set(Role)
    assert len(users[0].password_hash) > 20 and len({u.password_hash for u in users}) == 1  # hashed once
    assert sum(1 for u in users if len(u.roles) > 1) >= 5
    assert len([u for u in users if Role.REVIEWER in u.roles]) >= 8
    assert len([u for u in users if Role.COORDINATOR in u.roles]) >= 3
    nips = [u.nip for u in users]
    assert len(set(nips)) == len(nips)
    for nip in nips:
        assert re.fullmatch(r"\d{18}", nip)
        born = date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
        assert 1960 < born.year < 2000 and born.year + 18 < int(nip[8:12]) and nip[14] in "12"
    by_email = {u.email: u for u in users}
    for role, email, name in DEMO_ACCOUNTS:
        assert by_email[email].name == name and by_email[email].roles == {role}
    assert by_email["koordinator@demo.innolab.id"].unit.code == "OPD-BAPPERIDA"
    assert by_email["lurah@demo.innolab.id"].unit.kind is UnitKind.KELURAHAN
    return users


def _check_innovations() -> list[Innovation]:
    innovations = _all(Innovation)
    assert len(innovations) >= 300
    held = defaultdict(set)
    for innovation in innovations:
        held[innovation.stage].add(innovation.status)
    assert held == reachable_statuses()  # every stage, and every status the rule book allows there
    assert {i.affair for i in innovations} == set(AFFAIRS)
    assert {i.form for i in innovations} == set(InnovationForm)
    assert {i.innovation_type for i in innovations} == set(InnovationType)
    assert {i.initiator for i in innovations} == set(Initiator)
    assert len({i.title for i in innovations}) == len(innovations)
    assert len({i.unit_id for i in innovations}) >= 60
    for i in innovations:
        assert word_count(i.summary) <= SUMMARY_MAX_WORDS
        dates = [d for d in (i.started_on, i.trial_on, i.applied_on) if d]
        assert dates == sorted(dates) and len(set(dates)) == len(dates)
        assert (i.trial_on is not None) == (i.stage in (Stage.PILOTING, Stage.SCALING))
        assert START <= i.created_at <= i.updated_at <= END
        if i.stage is Stage.SCALING:
            assert all([i.summary, i.significance, i.sustainability, i.applied_on, i.budget]) and i.published
        if i.published:
            assert i.stage in (Stage.PILOTING, Stage.SCALING)
        assert Role.INNOVATOR in i.owner.roles
    scaling = [i for i in innovations if i.stage is Stage.SCALING]
    assert sum(i.replicable for i in scaling) > len(scaling) / 2
    assert any(i.members for i in innovations)
    return innovations


def _legal(before: tuple, after: tuple) -> bool:
    for move in allowed_moves(*before):
        try:
            target = target_of(*before, move)
        except TransitionError:
            continue
        if (target.stage, target.status) == after:
            return True
    return False


def _check_histories(innovations: list[Innovation]):
    events = defaultdict(list)
    for event in db.session.scalars(select(StageEvent).order_by(StageEvent.created_at, StageEvent.id)):
        events[event.innovation_id].append(event)
    for innovation in innovations:
        history = events[innovation.id]
        first, last = history[0], history[-1]
        assert (first.from_stage, first.to_stage, first.to_status) == (None, Stage.IDEATION, "draft")
        assert (last.to_stage, last.to_status) == (innovation.stage, innovation.status)
        assert first.created_at == innovation.created_at and first.actor_id == innovation.owner_id
        for previous, event in zip(history, history[1:], strict=False):
            assert (event.from_stage, event.from_status) == (previous.to_stage, previous.to_status)
            assert _legal((event.from_stage, event.from_status), (event.to_stage, event.to_status))
            assert event.reason and event.actor_id and event.created_at > previous.created_at


def _check_reviews(innovations: list[Innovation], users: list[User]):
    by_id = {i.id: i for i in innovations}
    rubrics = {r.stage: r for r in _all(Rubric) if r.is_current}
    for assignment in _all(Assignment):
        innovation = by_id[assignment.round.innovation_id]
        assert assignment.reviewer.unit_id != innovation.unit_id
        assert assignment.reviewer_id not in innovation.participant_ids()
        assert Role.REVIEWER in assignment.reviewer.roles
    reviews = _all(Review)
    assert len(reviews) >= 300
    for review in reviews:
        assert review.rubric is rubrics[review.assignment.round.stage]
        if review.submitted_at:
            assert review.recommendation and {s.criterion_id for s in review.scores} == {
                c.id for c in review.rubric.criteria}
            assert all(1 <= s.value <= 5 for s in review.scores)
    open_rounds = [r for r in _all(ReviewRound) if r.closed_at is None]
    assert open_rounds and all(by_id[r.innovation_id].status == "in_review" for r in open_rounds)
    reviewer = next(u for u in users if u.email == "penilai@demo.innolab.id")
    pending = db.session.scalar(select(func.count()).select_from(Assignment).where(
        Assignment.reviewer_id == reviewer.id, Assignment.status == "pending"))
    assert pending >= 3


def _check_evidence(app):
    evidence = _all(Evidence)
    assert len(evidence) >= 300
    files = [e for e in evidence if e.stored_name]
    for item in evidence:
        assert (item.link_url is None) == (item.stored_name is not None)
    for item in files:
        content = storage.path_for(item.stored_name).read_bytes()  # where a real upload would be
        assert content.startswith(b"%PDF-") and len(content) == item.size
        assert hashlib.sha256(content).hexdigest() == item.sha256 and item.mime == "application/pdf"


def _check_replications_and_notifications():
    replications = _all(Replication)
    assert {r.status for r in replications} == set(ReplicationStatus)
    assert any(r.derived_innovation_id for r in replications)
    for replication in replications:
        assert replication.adopting_unit_id != replication.source.unit_id and replication.source.published
    notifications = _all(Notification)
    assert {n.user.email for n in notifications} == {
        "inovator@demo.innolab.id", "penilai@demo.innolab.id", "koordinator@demo.innolab.id"}
    for notification in notifications:
        assert notification.kind in MESSAGES
        assert str(MESSAGES[notification.kind]) % notification.payload  # every parameter is there
    assert any(n.read_at is None for n in notifications) and any(n.read_at for n in notifications)


def _counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def test_seeding_twice_changes_nothing(app):
    _seed(app)
    before = _counts()
    assert before["innovation"] >= 300

    output = _seed(app)
    assert "tidak ada yang diubah" in output
    assert _counts() == before


def test_demo_accounts_sign_in_with_the_demo_password(app):
    _seed(app)
    for _role, email, _name in DEMO_ACCOUNTS:
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert response.headers["Location"].endswith("/dashboard")
