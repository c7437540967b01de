"""The index is a projection of the database that always converges: commits show up, rollbacks do not, damage
and drift are repaired, several writers lose nothing."""
from __future__ import annotations

import multiprocessing
import time

import pytest
from sqlalchemy import update
from whoosh.query import Every

from innolab.extensions import db
from innolab.models import Innovation, Replication
from innolab.models.types import utcnow
from innolab.pipeline.stages import Stage, Status
from innolab.policy import search_scope
from innolab.proposals import services
from innolab.search import current_service
from innolab.search.engine import MAX_SEGMENTS, META_FILE, SearchIndex
from innolab.search.query import SearchRequest, search
from innolab.vocab import Role


def found_ids(q: str, user=None) -> list[int]:
    return [hit.id for hit in search(SearchRequest(q=q, per_page=50), search_scope(user)).hits]


@pytest.fixture
def owner(make_user):
    return make_user(Role.INNOVATOR)


def draft(owner, title: str, **values) -> Innovation:
    innovation = services.create_draft(owner, {"title": title, **values})
    db.session.commit()
    return innovation


def test_a_committed_save_is_searchable_at_once(owner):
    innovation = draft(owner, "Pelayanan Sampah Terpadu")
    assert found_ids("melayani sampah", owner) == [innovation.id]


def test_a_rolled_back_save_never_reaches_the_index(owner):
    services.create_draft(owner, {"title": "Inovasi yang dibatalkan"})
    db.session.flush()
    db.session.rollback()
    assert found_ids("dibatalkan", owner) == []
    assert current_service().index.searcher().doc_count() == 0


def test_an_edit_replaces_the_old_text(owner):
    innovation = draft(owner, "Posyandu Keliling")
    innovation.title = "Ambulans Desa Siaga"
    db.session.commit()
    assert found_ids("ambulans", owner) == [innovation.id]
    assert found_ids("posyandu", owner) == []


def test_a_deleted_innovation_disappears(owner):
    innovation = Innovation(title="Kantin Sehat Sekolah", slug="kantin", owner=owner, unit=owner.unit)
    db.session.add(innovation)
    db.session.commit()
    assert found_ids("kantin", owner) == [innovation.id]
    db.session.delete(innovation)
    db.session.commit()
    assert found_ids("kantin", owner) == []


def test_a_replication_updates_the_count_the_index_sorts_by(owner, make_unit):
    innovation = draft(owner, "Bank Sampah Digital")
    db.session.add(Replication(source=innovation, adopting_unit=make_unit(), contact="Lurah"))
    db.session.commit()
    stored = current_service().index.searcher().document(id=str(innovation.id))
    assert stored["signature"].endswith(":1")
    assert current_service().verify().total == 0


def test_verify_reports_planted_drift_and_sync_repairs_it(owner):
    kept, stale, lost = (draft(owner, title) for title in ("Satu Data", "Dua Data", "Tiga Data"))
    index = current_service().index
    # Plant drift behind the app's back: a stale copy, a lost document and one the database never had.
    index.apply([{"id": str(stale.id), "signature": "0:0", "title": "Versi lama"},
                 {"id": "999999", "signature": "1:0", "title": "Hantu"}], [str(lost.id)])

    drift = current_service().verify()
    assert (drift.missing, drift.stale, drift.extra) == ([str(lost.id)], [str(stale.id)], ["999999"])

    current_service().sync()
    assert current_service().verify().total == 0
    assert sorted(found_ids("data", owner)) == sorted([kept.id, stale.id, lost.id])
    assert found_ids("hantu", owner) == []


def test_a_missing_index_is_rebuilt_on_start(owner):
    innovation = draft(owner, "Perpustakaan Keliling")
    current_service().index.destroy()
    assert current_service().index.health() == "missing"
    current_service().ensure_ready(background=False)
    assert current_service().index.health() == "ok"
    assert found_ids("perpustakaan", owner) == [innovation.id]


def test_a_truncated_index_is_rebuilt_on_start(owner):
    innovation = draft(owner, "Pasar Daring UMKM")
    index = current_service().index
    index.close()
    for segment_file in index.path.glob("*.seg"):
        segment_file.write_bytes(segment_file.read_bytes()[:40])
    assert index.health() == "corrupt"
    current_service().ensure_ready(background=False)
    assert found_ids("umkm", owner) == [innovation.id]


def test_an_index_built_by_another_analyzer_version_is_rebuilt(owner):
    innovation = draft(owner, "Kartu Tani Digital")
    meta = current_service().index.path / META_FILE
    meta.write_text('{"analyzer_version": 0, "schema_version": 1}')
    assert current_service().index.health() == "outdated"
    current_service().ensure_ready(background=False)
    assert found_ids("tani", owner) == [innovation.id]


def test_an_index_deleted_while_running_recovers_without_an_error(owner, client, login):
    innovation = draft(owner, "Sekolah Ramah Anak")
    current_service().index.destroy()
    login(owner)
    response = client.get("/search?q=sekolah")
    assert response.status_code == 200  # the page says the index is being prepared, not a 500
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and found_ids("sekolah", owner) != [innovation.id]:
        time.sleep(0.2)
    assert found_ids("sekolah", owner) == [innovation.id]


def test_a_save_that_found_the_index_locked_is_indexed_at_the_next_catch_up(owner, app):
    innovation = draft(owner, "Arsip Digital")
    service = current_service()
    service.index.lock_timeout = 0.2
    holder = service.index.index().writer()  # another process holding the lock
    try:
        innovation.title = "Arsip Elektronik Naskah Dinas"
        db.session.commit()  # the save succeeds; indexing waits
        assert service.pending == {innovation.id}
    finally:
        holder.cancel()
        service.index.lock_timeout = app.config["SEARCH_LOCK_TIMEOUT"]
    service.catch_up(force=True)
    assert found_ids("naskah", owner) == [innovation.id]


def test_catch_up_finds_saves_made_by_another_process(owner):
    innovation_id = draft(owner, "Bus Sekolah Gratis").id
    db.session.commit()  # end our read transaction: on SQLite the other writer needs the lock
    # Another host saved through the shared database: no event of ours ever saw it.
    with db.engine.begin() as connection:
        connection.execute(update(Innovation).where(Innovation.id == innovation_id).values(
            title="Angkutan Pelajar Gratis", version_id=Innovation.version_id + 1, updated_at=utcnow()))
    current_service().catch_up(force=True)
    assert found_ids("angkutan", owner) == [innovation_id]


def _write_documents(path: str, prefix: str, count: int) -> None:
    index = SearchIndex(path, lock_timeout=30)
    for number in range(count):
        index.apply([{"id": f"{prefix}{number}", "signature": "1:0", "title": f"Dokumen {prefix} {number}",
                      "stage": Stage.IDEATION.value, "status": Status.DRAFT.value}])


def test_three_processes_writing_at_once_lose_no_update(app):
    path = current_service().index.path
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_write_documents, args=(str(path), prefix, 15)) for prefix in "abc"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    searcher = current_service().index.searcher()
    assert searcher.doc_count() == 45
    assert len(list(searcher.documents())) == 45
    assert searcher.search(Every(), limit=None).scored_length() == 45


def test_an_indexing_failure_after_commit_keeps_the_save_and_retries_later(owner, client, login, monkeypatch):
    innovation = draft(owner, "Kantin Sehat")
    login(owner)

    def broken(*args, **kwargs):
        raise OSError("disk I/O error")

    monkeypatch.setattr(current_service().index, "apply", broken)  # the index's disk fails, not the database
    response = client.post(f"/proposals/{innovation.id}/edit", data={
        "title": "Kantin Sehat Sekolah Dasar", "version_id": str(innovation.version_id), "action": "save"})
    assert response.status_code == 302  # saved, not an error page
    assert current_service().pending == {innovation.id}
    monkeypatch.undo()
    current_service().catch_up(force=True)
    assert found_ids("dasar", owner) == [innovation.id]


def test_while_a_rebuild_fills_an_empty_index_pages_say_so_and_an_unfinished_one_is_redone(owner, client):
    innovation = draft(owner, "Kampung Wisata Petik Apel")
    innovation.published = True
    db.session.commit()
    index = current_service().index
    index.create_empty(filling=True)  # what a rebuild from nothing looks like half-way, or after it crashed
    page = client.get("/catalogue").get_data(as_text=True)
    assert "Indeks pencarian sedang disiapkan ulang" in page and "0 inovasi" not in page
    current_service().wait_for_repair()
    assert index.health() == "ok"
    assert found_ids("apel") == [innovation.id]


def test_small_segments_left_by_saves_are_merged_in_the_background(app):
    index = current_service().index
    for number in range(MAX_SEGMENTS + 8):
        index.apply([{"id": str(number % 3), "signature": f"{number}:0", "title": f"Dokumen {number}"}])
        if index._merging is not None:
            index._merging.join(10)
    assert len(index.index()._segments()) < MAX_SEGMENTS
    last = MAX_SEGMENTS + 7
    assert dict(index.stored_signatures()) == {str(n % 3): f"{n}:0" for n in range(last - 2, last + 1)}


def test_rows_written_in_savepoints_are_indexed_at_the_real_commit_and_rejected_ones_never(owner):
    kept = []
    for title in ("Posyandu Remaja", "Posyandu Lansia", "Posyandu Balita"):
        try:
            with db.session.begin_nested():
                innovation = services.create_draft(owner, {"title": title})
                if title == "Posyandu Lansia":
                    raise ValueError("a rejected import row")
                kept.append(innovation.id)
        except ValueError:
            pass
    assert current_service().index.searcher().doc_count() == 0  # nothing visible before the commit
    db.session.commit()
    assert sorted(found_ids("posyandu", owner)) == sorted(kept)
    assert current_service().verify().total == 0
