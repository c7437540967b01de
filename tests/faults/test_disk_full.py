"""Fault 4: the disk fills up during an upload. The user gets a clear message next to the file field (not an error
page), no evidence row and no partial file remain, the operator finds the cause in the log, and once the upload
fits again it works.

The upload folder is a real, small tmpfs mounted for the test (CI runs as root, as this machine does).
"""
from __future__ import annotations

import io
import logging
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from innolab.evidence import storage
from innolab.extensions import db
from innolab.models import Evidence
from innolab.pipeline.defaults import ensure_reference_data
from innolab.proposals import services
from innolab.vocab import Role

DISK_BYTES = 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
NO_SPACE = "Ruang penyimpanan server sedang penuh, jadi berkas ini tidak dapat disimpan. Tidak ada yang tersimpan."


@pytest.fixture
def small_disk(app, monkeypatch, tmp_path) -> Path:
    """UPLOAD_DIR on a fresh 1 MiB tmpfs, unmounted afterwards."""
    mount = tmp_path / "uploads"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES},mode=0700", "tmpfs", str(mount)],
                   check=True, capture_output=True)
    try:
        monkeypatch.setitem(app.config, "UPLOAD_DIR", str(mount))
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True, capture_output=True)


@pytest.fixture
def draft(login_as):
    user = login_as(Role.INNOVATOR)
    ensure_reference_data()
    innovation = services.create_draft(user, {"title": "Antrean Daring Puskesmas"})
    db.session.commit()
    return innovation


def upload(client, innovation, content: bytes):
    response = client.post(f"/proposals/{innovation.id}/evidence/files", content_type="multipart/form-data",
                           data={"file-kind": "sk_tim", "file-title": "SK Tim",
                                 "file-file": (io.BytesIO(content), "sk-tim.pdf")})
    response.request.environ["wsgi.input"].close()  # the test client spools a big body to a temporary file
    return response


def files_on(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


def free_bytes(folder: Path) -> int:
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


def evidence_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Evidence))


def test_an_upload_larger_than_the_free_space_is_refused_cleanly(client, draft, small_disk, caplog):
    too_big = PDF + b"0" * (2 * DISK_BYTES)  # within the 10 MB limit, beyond what the disk holds
    assert len(too_big) < storage.MAX_FILE_BYTES and len(too_big) > free_bytes(small_disk)
    free_before = free_bytes(small_disk)

    with caplog.at_level(logging.ERROR, logger="innolab"):
        response = upload(client, draft, too_big)
    html = response.get_data(as_text=True)

    assert response.status_code == 200  # the form again, not an error page
    assert NO_SPACE in html
    error = html[html.index('id="file-file-error"'):]
    assert error.index(NO_SPACE) < error.index("</div>")  # the message is the file field's own error
    assert evidence_count() == 0
    assert files_on(small_disk) == set()  # no partial file, no temporary file
    assert free_bytes(small_disk) == free_before
    assert any("no space left" in record.getMessage() and str(small_disk) in record.getMessage()
               for record in caplog.records if record.levelno == logging.ERROR)

    small = PDF + b"% kecil\n"
    response = upload(client, draft, small)
    assert response.status_code == 302
    evidence = db.session.scalar(select(Evidence))
    assert files_on(small_disk) == {storage.path_for(evidence.stored_name)}
    assert storage.path_for(evidence.stored_name).read_bytes() == small


def test_an_upload_that_fills_the_last_bytes_leaves_earlier_files_intact(client, draft, small_disk):
    first = PDF + b"1" * (DISK_BYTES // 2)
    assert upload(client, draft, first).status_code == 302
    kept = files_on(small_disk)
    response = upload(client, draft, PDF + b"2" * (DISK_BYTES // 2))  # fits the limit, not the space left
    assert response.status_code == 200 and NO_SPACE in response.get_data(as_text=True)
    assert evidence_count() == 1 and files_on(small_disk) == kept
    assert next(iter(kept)).read_bytes() == first
