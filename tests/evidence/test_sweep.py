"""`flask evidence sweep`: orphan files go (after a grace period), files in use and foreign files stay, rows whose
file is missing are reported; and an upload cut off mid-write leaves nothing behind."""
from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import text
from werkzeug.datastructures import FileStorage

from innolab.evidence import services, storage
from innolab.extensions import db
from tests.evidence.samples import PDF, stored_files

HOUR = 3600


def _aged(path: Path, seconds: float) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def _orphan(age: float, temporary: bool = False) -> Path:
    """A file like the ones a crash leaves: a renamed upload whose row never committed, or a temporary file."""
    db.session.execute(text("SELECT 1"))
    stored = storage.store_bytes(PDF)
    db.session.info.get("innolab.evidence.new_files", set()).discard(stored.stored_name)  # the crash: no cleanup
    db.session.rollback()
    path = storage.path_for(stored.stored_name)
    if temporary:
        path = path.rename(path.with_name(f"{storage.TEMP_PREFIX}abc123{storage.TEMP_SUFFIX}"))
    return _aged(path, age)


def _sweep(app, *args: str):
    return app.test_cli_runner().invoke(args=["evidence", "sweep", *args])


@pytest.fixture(autouse=True)
def own_upload_folder(app, monkeypatch, tmp_path):
    """A folder of this test's own: the session's folder holds files of earlier tests whose rows are gone."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))


@pytest.fixture
def kept(team_draft):
    user, innovation = team_draft
    evidence = services.add_file(innovation, user, "sk_tim", "", FileStorage(io.BytesIO(PDF), filename="sk.pdf"))
    db.session.commit()
    return _aged(storage.path_for(evidence.stored_name), 2 * HOUR)


def test_old_orphans_go_and_files_in_use_stay(app, kept):
    orphan, temporary = _orphan(2 * HOUR), _orphan(2 * HOUR, temporary=True)
    assert stored_files() == {kept, orphan, temporary}
    result = _sweep(app)
    assert result.exit_code == 0, result.output
    assert stored_files() == {kept}
    assert f"Removed orphan file {orphan}" in result.output and f"Removed orphan file {temporary}" in result.output
    assert "2 orphan file(s) removed, 0 newer than 60 min kept, 1 in use, 0 foreign, 0 row(s) with a missing file." \
        in result.output


def test_orphans_younger_than_the_grace_period_stay(app, kept):
    """An upload whose row is about to commit looks like an orphan for a moment: the grace period protects it."""
    recent = _orphan(5 * 60)
    result = _sweep(app, "--older-than", "10")
    assert result.exit_code == 0 and recent in stored_files()
    assert "0 orphan file(s) removed, 1 newer than 10 min kept" in result.output
    assert _sweep(app, "--older-than", "4").exit_code == 0 and recent not in stored_files()


def test_a_dry_run_only_reports(app, kept):
    orphan = _orphan(2 * HOUR)
    result = _sweep(app, "--dry-run", "--older-than", "0")
    assert result.exit_code == 0 and f"Would remove orphan file {orphan}" in result.output
    assert "1 orphan file(s) to remove" in result.output and stored_files() == {kept, orphan}


def test_files_the_app_never_writes_are_left_alone(app, kept):
    root = Path(current_app.config["UPLOAD_DIR"])
    notes, odd = root / "CATATAN-ADMIN.txt", kept.parent / "salinan.pdf"
    notes.write_text("jangan dihapus")
    odd.write_bytes(PDF)
    for path in (notes, odd):
        _aged(path, 2 * HOUR)
    result = _sweep(app, "--older-than", "0")
    assert result.exit_code == 0 and notes.exists() and odd.exists()
    assert f"Left alone (not an evidence file): {notes}" in result.output and "2 foreign" in result.output


def test_a_row_whose_file_is_missing_is_reported_with_exit_status_1(app, kept, team_draft):
    _, innovation = team_draft
    kept.unlink()
    result = _sweep(app)
    assert result.exit_code == 1
    evidence_id = db.session.execute(text("SELECT id FROM evidence")).scalar_one()
    assert (f"Missing file of evidence {evidence_id} (innovation {innovation.id}): {kept.name}"
            in result.output)


def test_an_empty_or_absent_upload_folder_is_fine(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "belum-ada"))
    result = _sweep(app)
    assert result.exit_code == 0 and "0 orphan file(s) removed" in result.output


class _CutOff(io.RawIOBase):
    """A request body whose client goes away after the first chunk."""

    def __init__(self):
        self.sent = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.sent:
            raise ConnectionResetError("client went away")
        self.sent = True
        chunk = PDF.ljust(len(buffer), b"0")
        buffer[:len(chunk)] = chunk
        return len(chunk)


def test_an_upload_cut_off_mid_write_leaves_no_file(app):
    before = stored_files()
    db.session.execute(text("SELECT 1"))
    with pytest.raises(ConnectionResetError):
        storage.store_stream(io.BufferedReader(_CutOff()))
    assert stored_files() == before  # not even the temporary file
