"""Upload safety through the web: size, content, names, and what the page then shows."""
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from innolab.evidence import storage
from innolab.extensions import db
from innolab.models import Evidence
from tests.evidence.samples import HTML, PDF, SVG, stored_files, zip_bytes

TYPE_REFUSED = "Jenis berkas tidak diterima."


def upload(client, innovation, content: bytes, filename: str, kind="sk_tim", title="SK Tim Inovasi"):
    return client.post(f"/proposals/{innovation.id}/evidence/files", content_type="multipart/form-data",
                       data={"file-kind": kind, "file-title": title, "file-file": (io.BytesIO(content), filename)})


def evidence_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Evidence))


def test_a_pdf_is_kept_under_a_generated_name(client, team_draft):
    _, innovation = team_draft
    before = stored_files()
    response = upload(client, innovation, PDF, "SK Tim.pdf")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/proposals/{innovation.id}#bukti-dukung")
    evidence = db.session.scalar(select(Evidence))
    path = storage.path_for(evidence.stored_name)
    assert stored_files() - before == {path} and path.read_bytes() == PDF
    assert "SK Tim" not in str(path)
    assert (evidence.original_name, evidence.mime, evidence.size, evidence.kind) == (
        "SK Tim.pdf", "application/pdf", len(PDF), "sk_tim")
    assert len(evidence.sha256) == 64


@pytest.mark.parametrize(("content", "filename"), [
    (HTML, "laporan.pdf"),
    (SVG, "foto.png"),
    (zip_bytes({"word/document.xml": b"<w/>"}), "proposal.docx"),
    (b"#!/bin/sh\necho pwned\n", "data.xlsx"),
    (b"MZ\x90\x00" + b"\x00" * 60, "sk.doc"),
])
def test_wrong_content_behind_a_right_extension_is_refused(client, team_draft, content, filename):
    _, innovation = team_draft
    before = stored_files()
    response = upload(client, innovation, content, filename)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert TYPE_REFUSED in html and 'id="file-file-error"' in html  # next to the file field
    assert evidence_count() == 0 and stored_files() == before


def test_a_file_over_ten_megabytes_is_refused_with_a_clear_message(client, team_draft):
    _, innovation = team_draft
    before = stored_files()
    response = upload(client, innovation, PDF + b"0" * (storage.MAX_FILE_BYTES + 1 - len(PDF)), "besar.pdf")
    response.request.environ["wsgi.input"].close()  # the test client spools a body this big to a temporary file
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Berkas terlalu besar: maksimal 10 MB per berkas." in html
    assert evidence_count() == 0 and stored_files() == before


def test_a_request_over_the_server_limit_returns_to_the_form_with_a_message(app, client, team_draft, monkeypatch):
    _, innovation = team_draft
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2048)
    before = stored_files()
    response = upload(client, innovation, PDF + b"0" * 4096, "besar.pdf")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/proposals/{innovation.id}/evidence")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Berkas terlalu besar" in page and "Tidak ada yang disimpan." in page
    assert evidence_count() == 0 and stored_files() == before


def test_a_missing_file_or_kind_is_shown_next_to_its_field(client, team_draft):
    _, innovation = team_draft
    html = client.post(f"/proposals/{innovation.id}/evidence/files", data={"file-kind": ""}).get_data(as_text=True)
    assert 'id="file-file-error"' in html and "Pilih berkas yang akan diunggah." in html
    assert 'id="file-kind-error"' in html
    assert evidence_count() == 0


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://arsip.example/a.pdf", "data:text/html,<b>x</b>"])
def test_unsafe_links_are_refused_next_to_the_field(client, team_draft, url):
    _, innovation = team_draft
    response = client.post(f"/proposals/{innovation.id}/evidence/links",
                           data={"link-kind": "foto_tangkapan", "link-url": url})
    html = response.get_data(as_text=True)
    assert 'id="link-url-error"' in html and "diawali http:// atau https://" in html
    assert evidence_count() == 0


def test_xss_in_title_and_file_name_comes_out_escaped(client, team_draft):
    _, innovation = team_draft
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    upload(client, innovation, PDF, payload + ".pdf", title=payload)
    client.post(f"/proposals/{innovation.id}/evidence/links",
                data={"link-kind": "foto_tangkapan", "link-title": payload, "link-url": "https://foto.example/a"})
    assert evidence_count() == 2
    for path in (f"/proposals/{innovation.id}", f"/proposals/{innovation.id}/evidence"):
        html = client.get(path).get_data(as_text=True)
        assert payload not in html and "&lt;script&gt;alert(" in html
        assert "<img src=x" not in html


def test_links_open_without_referrer_or_opener(client, team_draft):
    _, innovation = team_draft
    client.post(f"/proposals/{innovation.id}/evidence/links",
                data={"link-kind": "foto_tangkapan", "link-title": "Video profil",
                      "link-url": "https://video.example/watch?v=1&t=2"})
    html = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)
    assert ('<a href="https://video.example/watch?v=1&amp;t=2" rel="noopener noreferrer" target="_blank">'
            'Video profil') in html


def test_a_link_stored_by_other_means_is_never_made_clickable_unless_it_is_http(client, team_draft):
    user, innovation = team_draft
    db.session.add(Evidence(innovation_id=innovation.id, stage=innovation.stage, kind="lainnya",
                            link_url="javascript:alert(1)", uploaded_by_id=user.id))
    db.session.commit()
    html = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)
    assert 'href="javascript:' not in html


def test_temporary_files_never_linger(client, team_draft):
    _, innovation = team_draft
    upload(client, innovation, PDF, "a.pdf")
    upload(client, innovation, HTML, "b.pdf")
    assert not [p for p in stored_files() if Path(p).name.startswith(".upload-")]


def test_the_size_message_also_comes_when_csrf_checks_read_the_body_first(app, client, team_draft, monkeypatch):
    _, innovation = team_draft
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)  # after signing in: the check reads the body first
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2048)
    response = upload(client, innovation, PDF + b"0" * 4096, "besar.pdf")
    assert response.status_code == 303
    assert "Berkas terlalu besar" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert evidence_count() == 0
