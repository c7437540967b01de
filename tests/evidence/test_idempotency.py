"""A retried evidence upload (same idempotency key) leads to the evidence its first attempt created, stored once."""
from __future__ import annotations

import io
import re
import threading

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from innolab import idempotency
from innolab.evidence import services, storage
from innolab.extensions import db
from innolab.models import Evidence, Innovation, User
from tests.evidence.samples import PDF, PNG, stored_files

KEY = "unggah-uji-0123456789abcdef"


def upload(client, innovation, content=PDF, key=KEY, filename="SK Tim.pdf"):
    data = {"file-kind": "sk_tim", "file-title": "SK Tim Inovasi", "file-file": (io.BytesIO(content), filename)}
    if key is not None:
        data["file-idempotency_key"] = key
    return client.post(f"/proposals/{innovation.id}/evidence/files", content_type="multipart/form-data", data=data)


def evidence_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Evidence))


def form_key(html: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert tag and 'type="hidden"' in tag.group(0), f"no hidden {name} on the page"
    return re.search(r'value="([^"]+)"', tag.group(0)).group(1)


def test_both_evidence_forms_carry_their_own_fresh_key(client, team_draft):
    _, innovation = team_draft
    page = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)
    file_key, link_key = form_key(page, "file-idempotency_key"), form_key(page, "link-idempotency_key")
    again = form_key(client.get(f"/proposals/{innovation.id}").get_data(as_text=True), "file-idempotency_key")
    assert len({file_key, link_key, again}) == 3
    assert all(idempotency.clean(key) == key for key in (file_key, link_key, again))


def test_a_retried_upload_keeps_one_row_and_one_file(client, team_draft):
    user, innovation = team_draft
    before = stored_files()
    first = upload(client, innovation)
    retry = upload(client, innovation)
    assert first.status_code == retry.status_code == 302
    assert first.headers["Location"] == retry.headers["Location"] == f"/proposals/{innovation.id}#bukti-dukung"
    evidence = db.session.scalar(select(Evidence))
    assert evidence_count() == 1 and (evidence.idempotency_key, evidence.uploaded_by_id) == (KEY, user.id)
    assert stored_files() - before == {storage.path_for(evidence.stored_name)}  # the retry stored nothing
    assert "Berkas bukti dukung tersimpan." in client.get(retry.headers["Location"]).get_data(as_text=True)


def test_uploads_without_or_with_new_keys_are_each_kept(client, team_draft):
    _, innovation = team_draft
    for key in (None, "", KEY, KEY + "-2"):
        assert upload(client, innovation, key=key).status_code == 302
    assert evidence_count() == 4


def test_a_retried_link_is_kept_once(client, team_draft):
    _, innovation = team_draft
    data = {"link-kind": "foto_tangkapan", "link-url": "https://foto.example/a", "link-idempotency_key": KEY}
    for _attempt in range(2):
        assert client.post(f"/proposals/{innovation.id}/evidence/links", data=data).status_code == 302
    assert evidence_count() == 1


def test_the_service_returns_the_first_evidence_for_a_used_key(team_draft):
    user, innovation = team_draft
    first = services.add_file(innovation, user, "sk_tim", "", FileStorage(io.BytesIO(PDF), filename="a.pdf"), KEY)
    db.session.commit()
    before = stored_files()
    again = services.add_file(innovation, user, "lainnya", "", FileStorage(io.BytesIO(PNG), filename="b.png"), KEY)
    assert again is first and again.mime == "application/pdf" and stored_files() == before


def test_two_parallel_uploads_with_one_key_keep_one_row_and_one_file(app, team_draft):
    """The second waits for the first and then gets its row; a copy it stored meanwhile is removed again."""
    user, innovation = team_draft
    user_id, innovation_id = user.id, innovation.id
    db.session.rollback()  # hold no transaction (on SQLite: no write lock) while the two requests run
    before = stored_files()
    flushed, results, errors = threading.Event(), {}, []

    def attempt(name: str, hold: bool) -> None:
        try:
            with app.app_context():
                actor, target = db.session.get(User, user_id), db.session.get(Innovation, innovation_id)
                evidence = services.add_file(target, actor, "sk_tim", name,
                                             FileStorage(io.BytesIO(PDF), filename=f"{name}.pdf"), KEY)
                if hold:
                    flushed.set()
                    threading.Event().wait(0.5)  # the other request starts meanwhile and must wait for this one
                results[name] = evidence.id
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
    assert results["satu"] == results["dua"] and evidence_count() == 1
    evidence = db.session.scalar(select(Evidence))
    assert stored_files() - before == {storage.path_for(evidence.stored_name)}
