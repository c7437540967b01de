"""A retried new-proposal submission (same idempotency key) leads to the proposal its first attempt created."""
from __future__ import annotations

import re
import threading

from sqlalchemy import func, select

from innolab import idempotency
from innolab.extensions import db
from innolab.models import Innovation, StageEvent, User
from innolab.pipeline.stages import Status
from innolab.proposals import services
from innolab.vocab import Role
from tests.proposals.test_routes import COMPLETE

KEY = "kunci-uji-0123456789abcdef"


def rendered_key(html: str, name: str = "idempotency_key") -> str:
    """The value of the hidden key input `name` on the page."""
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert tag, f"no {name} input on the page"
    assert 'type="hidden"' in tag.group(0)
    return re.search(r'value="([^"]+)"', tag.group(0)).group(1)


def innovation_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Innovation))


def test_the_form_carries_a_fresh_random_key_each_time(client, login_as):
    login_as(Role.INNOVATOR)
    first = rendered_key(client.get("/proposals/new").get_data(as_text=True))
    second = rendered_key(client.get("/proposals/new").get_data(as_text=True))
    assert first != second and idempotency.clean(first) == first and len(first) >= 32


def test_a_retried_save_creates_one_draft_and_leads_to_it(client, login_as):
    user = login_as(Role.INNOVATOR)
    form = {"title": "Bank Sampah Digital", "action": "save", "idempotency_key": KEY}
    first = client.post("/proposals/new", data=form)
    retry = client.post("/proposals/new", data=form | {"summary": "Dikirim ulang"})
    assert first.status_code == retry.status_code == 302
    assert first.headers["Location"] == retry.headers["Location"]
    innovation = db.session.scalar(select(Innovation))
    assert innovation_count() == 1 and first.headers["Location"].endswith(f"/proposals/{innovation.id}/edit")
    assert (innovation.owner_id, innovation.idempotency_key, innovation.summary) == (user.id, KEY, "")
    assert "Draf tersimpan." in client.get(retry.headers["Location"]).get_data(as_text=True)


def test_new_keys_and_missing_or_malformed_keys_each_create_a_draft(client, login_as):
    login_as(Role.INNOVATOR)
    for key in (KEY, KEY + "-lain", None, "", "pendek", "<script>x</script>-panjang-sekali"):
        data = {"title": "Usulan", "action": "save"} | ({"idempotency_key": key} if key is not None else {})
        assert client.post("/proposals/new", data=data).status_code == 302
    assert innovation_count() == 6
    assert db.session.scalars(select(Innovation.idempotency_key).order_by(Innovation.id)).all()[:2] == [
        KEY, KEY + "-lain"]


def test_keys_belong_to_their_user(client, login_as, switch_to, make_user):
    login_as(Role.INNOVATOR)
    client.post("/proposals/new", data={"title": "Punya A", "action": "save", "idempotency_key": KEY})
    switch_to(make_user(Role.INNOVATOR))
    response = client.post("/proposals/new", data={"title": "Punya B", "action": "save", "idempotency_key": KEY})
    assert response.status_code == 302
    assert sorted(db.session.scalars(select(Innovation.title))) == ["Punya A", "Punya B"]


def test_a_retried_submit_is_submitted_once(client, login_as):
    login_as(Role.INNOVATOR)
    form = COMPLETE | {"action": "submit", "idempotency_key": KEY}
    first = client.post("/proposals/new", data=form)
    retry = client.post("/proposals/new", data=form)
    innovation = db.session.scalar(select(Innovation))
    assert first.headers["Location"] == retry.headers["Location"] == f"/proposals/{innovation.id}"
    assert innovation_count() == 1 and innovation.status is Status.SUBMITTED
    moves = db.session.scalars(select(StageEvent.to_status).where(StageEvent.innovation_id == innovation.id))
    assert sorted(moves, key=str) == sorted([Status.DRAFT, Status.SUBMITTED], key=str)  # created, submitted once
    assert "Usulan diajukan ke laboratorium inovasi." in client.get(retry.headers["Location"]).get_data(as_text=True)


def test_a_retry_after_the_draft_was_saved_but_not_yet_submitted_submits_it(client, login_as):
    """The first attempt died between saving the draft and submitting it: the retry finishes the job."""
    login_as(Role.INNOVATOR)
    client.post("/proposals/new", data=COMPLETE | {"action": "save", "idempotency_key": KEY})
    retry = client.post("/proposals/new", data=COMPLETE | {"action": "submit", "idempotency_key": KEY})
    innovation = db.session.scalar(select(Innovation))
    assert retry.status_code == 302 and innovation_count() == 1 and innovation.status is Status.SUBMITTED


def test_after_a_refused_submit_the_form_posts_to_the_saved_draft(client, login_as):
    """Corrections typed after a refused submit go to the draft already saved, never into a second proposal."""
    login_as(Role.INNOVATOR)
    response = client.post("/proposals/new", data={"title": "Setengah", "action": "submit",
                                                   "idempotency_key": KEY})
    innovation = db.session.scalar(select(Innovation))
    assert response.status_code == 422
    assert f'action="/proposals/{innovation.id}/edit"' in response.get_data(as_text=True)
    fixed = COMPLETE | {"action": "submit", "version_id": str(innovation.version_id), "idempotency_key": KEY}
    assert client.post(f"/proposals/{innovation.id}/edit", data=fixed).status_code == 302
    db.session.refresh(innovation)
    assert innovation_count() == 1 and innovation.status is Status.SUBMITTED and innovation.goals == COMPLETE["goals"]


def test_the_service_returns_the_first_draft_for_a_used_key(make_user):
    user = make_user(Role.INNOVATOR)
    first = services.create_draft(user, {"title": "Pertama"}, KEY)
    db.session.commit()
    again = services.create_draft(user, {"title": ""}, KEY)  # not even validated: nothing new is made
    assert again is first and again.title == "Pertama" and innovation_count() == 1


def test_two_parallel_requests_with_one_key_make_one_draft(app, make_user):
    """The second waits for the first (SQLite's write lock; PostgreSQL's unique index) and then gets its row."""
    user_id = make_user(Role.INNOVATOR).id
    db.session.rollback()  # reading the id began a transaction (on SQLite one holding the write lock)
    flushed, results, errors = threading.Event(), {}, []

    def attempt(name: str, hold: bool) -> None:
        try:
            with app.app_context():
                owner = db.session.get(User, user_id)
                innovation = services.create_draft(owner, {"title": f"Paralel {name}"}, KEY)
                if hold:
                    flushed.set()
                    threading.Event().wait(0.5)  # the other request starts meanwhile and must wait for this one
                results[name] = innovation.id
                db.session.commit()
                db.session.remove()
        except Exception as exc:  # noqa: BLE001  (reported by the assertion below)
            errors.append(exc)
            flushed.set()

    first = threading.Thread(target=attempt, args=("satu", True))
    first.start()
    assert flushed.wait(10)
    second = threading.Thread(target=attempt, args=("dua", False))
    second.start()
    first.join(20)
    second.join(20)
    assert errors == []
    assert results["satu"] == results["dua"] and innovation_count() == 1
