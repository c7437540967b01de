"""Files on disk follow their transaction: whole or nothing, removed on rollback, deleted only after commit."""
import io

import pytest
from sqlalchemy import text

from innolab.evidence import storage
from innolab.extensions import db
from tests.evidence.samples import HTML, PDF, stored_files


def _touch_database():
    # Start a real transaction, as a request always has (it loaded the proposal) before it stores a file.
    db.session.execute(text("SELECT 1"))


def test_a_stored_file_gets_a_random_sharded_name_and_survives_commit():
    before = stored_files()
    _touch_database()
    stored = storage.store_bytes(PDF)
    db.session.commit()
    path = storage.path_for(stored.stored_name)
    assert stored_files() - before == {path}
    assert path.parent.name == stored.stored_name[:2] and len(stored.stored_name) == 32
    assert path.read_bytes() == PDF and stored.size == len(PDF) and stored.filetype.extension == "pdf"


def test_rollback_removes_a_new_file():
    before = stored_files()
    _touch_database()
    storage.store_bytes(PDF)
    db.session.rollback()
    assert stored_files() == before


@pytest.mark.parametrize(("content", "limit", "reason"), [
    (HTML, storage.MAX_FILE_BYTES, "type"),
    (b"", storage.MAX_FILE_BYTES, "empty"),
    (PDF, len(PDF) - 1, "too_large"),
])
def test_refused_content_leaves_nothing_on_disk(content, limit, reason):
    before = stored_files()
    with pytest.raises(storage.FileRefused) as refused:
        storage.store_stream(io.BytesIO(content), max_bytes=limit)
    assert refused.value.reason == reason
    assert stored_files() == before  # not even the temporary file


def test_deletion_waits_for_commit_and_is_forgotten_on_rollback():
    _touch_database()
    stored = storage.store_bytes(PDF)
    db.session.commit()
    path = storage.path_for(stored.stored_name)

    _touch_database()
    storage.remove_after_commit(stored.stored_name)
    assert path.exists()  # not before the commit
    db.session.rollback()
    assert path.exists()  # the deletion did not happen

    _touch_database()
    storage.remove_after_commit(stored.stored_name)
    db.session.commit()
    assert not path.exists()


@pytest.mark.parametrize("name", [None, "", "../../etc/passwd", "../" + "a" * 29, "A" * 32, "a" * 31, "a" * 33,
                                  "/etc/passwd", "aa/" + "a" * 29])
def test_names_we_never_generate_lead_nowhere(name):
    assert storage.path_for(name) is None
