"""Fault 6: stale edits and concurrent decisions give a clear conflict, and nothing anyone typed is lost.

Against a real gunicorn with 2 workers (on SQLite and on a private PostgreSQL), holding the demo city:
- two people of one team open the same proposal and press save at the same instant, a few times over: exactly
  one save is kept; the other person gets the conflict message and the form still holds everything they typed;
- two coordinators send a decision on the same gate at the same instant: exactly one decision is recorded (one
  stage event, the winner's reason), the other gets the conflict message with their reason still in the form.
Sequential stale edits and decisions are covered in tests/proposals and tests/lab; here the requests truly race.
The in-process test at the end makes the race on a save deterministic: the version check in the UPDATE itself.
"""
from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from markupsafe import escape
from sqlalchemy import create_engine, text, update

from innolab.config import normalise_database_url
from innolab.demo import DEMO_PASSWORD
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import Innovation
from innolab.proposals import services
from innolab.vocab import Role
from tests.servers import Browser, app_process, private_postgres

VERSION_INPUT = re.compile(r'name="version_id" type="hidden" value="(\d+)"')
STALE = "sudah diubah orang lain"
COORDINATORS = ("koordinator@demo.innolab.id", "dewi.anggraeni@demo.innolab.id")
RACES = 4


@contextmanager
def database(backend: str, workdir: Path):
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'innolab.sqlite3'}"
        return
    with private_postgres() as server:
        yield server.create_database("innolab")


def at_once(*requests):
    """Run the request functions in threads released together; their results in order."""
    start = threading.Barrier(len(requests))
    results: list = [None] * len(requests)

    def run(number, request):
        start.wait()
        results[number] = request()

    threads = [threading.Thread(target=run, args=(n, r)) for n, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def form_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_racing_saves_and_decisions_keep_one_and_tell_the_other(tmp_path, backend):
    with database(backend, tmp_path) as url:
        env = {"INNOLAB_DATABASE_URL": url, "INNOLAB_RATELIMIT_LOGIN": "1000 per minute"}
        with app_process(tmp_path, env, workers=2) as server:
            server.flask("seed-demo")
            engine = create_engine(normalise_database_url(url))
            try:
                saves = race_saves(server, engine)
                decisions = race_decisions(server, engine)
            finally:
                engine.dispose()
    print(f"\n{backend}: saves {saves}; decisions {decisions}")


def race_saves(server, engine) -> dict:
    with engine.connect() as conn:
        teams = conn.execute(text(
            'SELECT i.id, o.email, m.email FROM innovation i JOIN "user" o ON o.id = i.owner_id '
            'JOIN innovation_member im ON im.innovation_id = i.id JOIN "user" m ON m.id = im.user_id '
            "WHERE i.status IN ('draft', 'revision_requested', 'in_progress') ORDER BY i.id")).all()
    chosen, seen_ids = [], set()
    for row in teams:
        if row[0] not in seen_ids:
            seen_ids.add(row[0])
            chosen.append(row)
    assert len(chosen) >= RACES, teams
    outcomes = {"kept": 0, "conflict": 0}
    browsers: dict[str, Browser] = {}
    for innovation_id, owner, member in chosen[:RACES]:
        people = [browsers.setdefault(email, _signed_in(server, email)) for email in (owner, member)]
        path = f"/proposals/{innovation_id}/edit"
        forms = [person.get(path) for person in people]
        assert [form.status_code for form in forms] == [200, 200]
        typed = [{"title": f"Judul versi {who} untuk {innovation_id}",
                  "summary": f"Ringkasan panjang yang diketik {who} <dengan> \"tanda\" & baris\nkedua.",
                  "goals": f"Tujuan menurut {who}: menurunkan antrean 40%."} for who in ("pemilik", "anggota")]
        posts = [
            (lambda person=person, form=form, data=data, path=path: person.post(path, allow_redirects=False, data={
                "csrf_token": form_token(form.text), "version_id": VERSION_INPUT.search(form.text).group(1),
                "action": "save", **data}))
            for person, form, data in zip(people, forms, typed, strict=True)
        ]
        responses = at_once(*posts)
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [200, 302], statuses
        winner = next(n for n, r in enumerate(responses) if r.status_code == 302)
        loser = responses[1 - winner]
        page = loser.text
        assert STALE in page
        for name, value in typed[1 - winner].items():  # every field still holds what the loser typed
            assert escape(value) in page, (name, value)
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT title, summary, goals FROM innovation WHERE id = :id"),
                                  {"id": innovation_id}).one()
        assert tuple(stored) == tuple(typed[winner].values())  # the winner's save whole, nothing of the loser's
        outcomes["kept"] += 1
        outcomes["conflict"] += 1
    return outcomes


def race_decisions(server, engine) -> dict:
    coordinators = [_signed_in(server, email) for email in COORDINATORS]
    with engine.connect() as conn:
        candidates = conn.execute(text(
            "SELECT id FROM innovation WHERE status = 'in_review' ORDER BY id")).scalars().all()
    outcomes = {"decided": 0, "conflict": 0}
    for innovation_id in candidates:
        if outcomes["decided"] == RACES:
            break
        path = f"/lab/{innovation_id}/decide"
        pages = [coordinator.get(path, allow_redirects=False) for coordinator in coordinators]
        if any(page.status_code != 200 or 'value="hold"' not in page.text for page in pages):
            continue  # one of them belongs to its team, or holding is not open at this gate
        with engine.connect() as conn:
            events_before = conn.execute(text("SELECT count(*) FROM stage_event WHERE innovation_id = :id"),
                                         {"id": innovation_id}).scalar()
        reasons = [f"Ditunda menurut koordinator {n}: anggaran {innovation_id} belum pasti." for n in (1, 2)]
        posts = [
            (lambda coordinator=coordinator, page=page, reason=reason, path=path: coordinator.post(
                path, allow_redirects=False, data={"csrf_token": form_token(page.text),
                                                   "version_id": VERSION_INPUT.search(page.text).group(1),
                                                   "move": "hold", "reason": reason}))
            for coordinator, page, reason in zip(coordinators, pages, reasons, strict=True)
        ]
        responses = at_once(*posts)
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [302, 422], statuses
        winner = next(n for n, r in enumerate(responses) if r.status_code == 302)
        loser_page = responses[1 - winner].text
        assert STALE in loser_page and escape(reasons[1 - winner]) in loser_page
        with engine.connect() as conn:
            events = conn.execute(text("SELECT reason FROM stage_event WHERE innovation_id = :id ORDER BY id"),
                                  {"id": innovation_id}).scalars().all()
            status = conn.execute(text("SELECT status FROM innovation WHERE id = :id"),
                                  {"id": innovation_id}).scalar()
        assert len(events) == events_before + 1 and events[-1] == reasons[winner]
        assert status == "on_hold"
        outcomes["decided"] += 1
        outcomes["conflict"] += 1
    assert outcomes["decided"] == RACES, f"only {outcomes['decided']} proposals open to both coordinators"
    return outcomes


def _signed_in(server, email: str) -> Browser:
    browser = server.browser()
    browser.sign_in(email, DEMO_PASSWORD)
    return browser


# -- the same race, in-process and deterministic ----------------------------------------------------------------

def test_a_save_that_loses_the_race_at_the_update_is_a_conflict_not_a_crash(make_user):
    owner = make_user(Role.INNOVATOR)
    draft = services.create_draft(owner, {"title": "Awal"})
    db.session.commit()
    seen = draft.version_id
    db.session.expunge(draft)  # keep the state this request read…
    db.session.commit()
    with db.engine.begin() as other:  # …while a teammate's save commits underneath it
        other.execute(update(Innovation).where(Innovation.id == draft.id)
                      .values(title="Versi rekan", version_id=seen + 1))
    db.session.add(draft)
    with pytest.raises(DomainError) as caught:
        services.update_draft(draft, owner, {"title": "Versi saya"}, seen)
    assert STALE in str(caught.value)
    db.session.rollback()
    assert db.session.get(Innovation, draft.id).title == "Versi rekan"
