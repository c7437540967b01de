"""ASVS V5 (file handling): an upload is judged by its content, stored under a generated name inside the upload
folder, and served back only as an attachment that no browser renders as a page of this site; an archive (an XLSX
import) is measured before it is unpacked.

Oversized files are refused in tests/evidence/test_upload_safety.py (test_a_file_over_ten_megabytes…, and the
request-size limit in test_a_request_over_the_server_limit…).
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import func, select

from innolab.evidence import storage
from innolab.extensions import db
from innolab.models import Evidence
from innolab.pipeline.defaults import ensure_reference_data
from innolab.proposals import services
from innolab.vocab import Role
from tests.evidence.samples import HTML, PDF, PNG, docx_bytes, stored_files

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56
PHP = b"<?php system($_GET['c']); ?>"
# Starts like a PDF, so it is one to us, but carries a page a browser would run if it ever rendered it.
POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
REFUSED = "Jenis berkas tidak diterima."


@pytest.fixture
def draft(login_as):
    ensure_reference_data()
    user = login_as(Role.INNOVATOR)
    innovation = services.create_draft(user, {"title": "Antrean Daring Puskesmas"})
    db.session.commit()
    return innovation


def upload(client, innovation, content: bytes, filename: str):
    return client.post(f"/proposals/{innovation.id}/evidence/files", content_type="multipart/form-data",
                       data={"file-kind": "lainnya", "file-title": "Bukti",
                             "file-file": (io.BytesIO(content), filename)})


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Evidence))


@pytest.mark.parametrize(("content", "filename"), [
    (ELF, "laporan.pdf"),  # an executable behind a document's extension
    (WINDOWS_EXE, "sk.docx"),
    (HTML, "laporan.pdf"),
    (PHP, "foto.php.jpg"),  # double extensions
    (HTML, "laporan.pdf.html"),
    (WINDOWS_EXE, "foto.jpg.exe"),
    (docx_bytes({"word/vbaProject.bin": b"macro"}), "renja.docx"),  # macros run when opened
    (b"", "kosong.pdf"),
])
def test_content_that_is_not_an_accepted_document_is_refused(client, draft, content, filename):
    before = stored_files()
    response = upload(client, draft, content, filename)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="file-file-error"' in html and (REFUSED in html or "Berkas kosong." in html)
    assert count() == 0 and stored_files() == before


@pytest.mark.parametrize(("filename", "kept_as"), [
    ("../../../../etc/cron.d/evil.pdf", "evil.pdf"),
    ("..\\..\\..\\Windows\\System32\\evil.pdf", None),  # (multipart reads "\\" as an escape)
    ("/etc/passwd", "passwd.pdf"),
    ("laporan.exe", "laporan.pdf"),  # the extension follows the content, not the name
    ("laporan.pdf.exe", "laporan.pdf.pdf"),
    ("evil.pdf\x00.html", "evil.pdf.pdf"),
    ("....pdf", "bukti-dukung.pdf"),
])
def test_a_document_is_stored_under_a_generated_name_and_named_by_its_content(client, draft, filename, kept_as):
    root = Path(current_app.config["UPLOAD_DIR"]).resolve()
    before = stored_files()
    assert upload(client, draft, PDF, filename).status_code == 302
    evidence = db.session.scalar(select(Evidence))
    [new] = stored_files() - before
    assert new.resolve().is_relative_to(root) and re.fullmatch(r"[0-9a-f]{32}", new.name)
    assert new == storage.path_for(evidence.stored_name)
    name = evidence.original_name
    assert name == (kept_as or name) and name.endswith(".pdf")
    assert not any(part in name for part in ("/", "\\", "..", "\x00")), name
    response = client.get(f"/proposals/{draft.id}/evidence/{evidence.id}/download")
    response.close()
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="{name}"')


def test_a_pdf_html_polyglot_is_served_so_that_no_browser_runs_it(client, draft):
    assert upload(client, draft, POLYGLOT, "laporan.pdf").status_code == 302
    evidence = db.session.scalar(select(Evidence))
    response = client.get(f"/proposals/{draft.id}/evidence/{evidence.id}/download")
    assert response.get_data() == POLYGLOT
    response.close()
    headers = response.headers
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith("attachment;")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in headers["Cache-Control"]


def test_images_are_attachments_too(client, draft):
    assert upload(client, draft, PNG, "foto.png").status_code == 302
    evidence = db.session.scalar(select(Evidence))
    response = client.get(f"/proposals/{draft.id}/evidence/{evidence.id}/download")
    response.close()
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="foto.png"')


@pytest.mark.parametrize("stored_name", ["../../../etc/passwd", "..", "/etc/passwd", "A" * 32, "0" * 31])
def test_a_stored_name_that_we_never_generate_never_reaches_the_disk(stored_name):
    assert storage.path_for(stored_name) is None


def _with_member(xlsx: bytes, name: str, content: bytes, declared_size: int | None = None) -> bytes:
    """The workbook with one more archive member; `declared_size` overwrites the size its directory entry claims."""
    buffer = io.BytesIO(xlsx)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    data = bytearray(buffer.getvalue())
    if declared_size is not None:
        entry = data.rfind(b"PK\x01\x02")  # the last central-directory entry: the member just added
        assert data[entry + 46:entry + 46 + len(name)] == name.encode()
        data[entry + 24:entry + 28] = declared_size.to_bytes(4, "little")
    return bytes(data)


@pytest.mark.parametrize("bomb", ["declared-2GB", "20000-members"])
def test_an_xlsx_that_would_unpack_to_too_much_is_refused_before_unpacking(client, login_as, bomb):
    from tests.transfer.conftest import xlsx_bytes

    login_as(Role.COORDINATOR)
    workbook = xlsx_bytes(["title", "unit_code", "stage"], [["Inovasi", "U-1", "ideation"]])
    if bomb == "declared-2GB":
        data = _with_member(workbook, "xl/sharedStrings2.xml", b"<sst/>", declared_size=2**31 - 1)
    else:
        buffer = io.BytesIO(workbook)
        with zipfile.ZipFile(buffer, "a") as archive:
            for n in range(20_000):
                archive.writestr(f"xl/media/{n}.bin", b"")
        data = buffer.getvalue()
    response = client.post("/transfer/import", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(data), "inovasi.xlsx"), "submit": "Impor"})
    response.request.environ["wsgi.input"].close()  # the test client spools a body this big to a temporary file
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="file-error"' in html
    assert "terlalu besar untuk dibaca" in html
