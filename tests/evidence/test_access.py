"""Who may download and delete evidence: refusals leave the database and the disk as they were."""
import io

import pytest
from flask import has_request_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from innolab.evidence import services as evidence_services
from innolab.evidence import storage
from innolab.extensions import db
from innolab.models import Assignment, Evidence, ReviewRound
from innolab.pipeline.transitions import Move
from innolab.proposals import services
from innolab.proposals.services import apply_move
from innolab.vocab import Role
from tests.evidence.samples import PDF, docx_bytes, stored_files


@pytest.fixture
def evidence_file(make_user, checklists):
    """A PDF and a DOCX on another innovator's draft; returns (owner, innovation, pdf, docx)."""
    owner = make_user(Role.INNOVATOR)
    innovation = services.create_draft(owner, {"title": "Bank Sampah Digital"})
    pdf = evidence_services.add_file(innovation, owner, "sk_tim", "SK Tim",
                                     FileStorage(io.BytesIO(PDF), filename="SK Tim Bank Sampah – Klojen.pdf"))
    docx = evidence_services.add_file(innovation, owner, "perencanaan", "Renja",
                                      FileStorage(io.BytesIO(docx_bytes()), filename="renja.docx"))
    db.session.commit()
    return owner, innovation, pdf, docx


def _download(client, innovation_id, evidence_id):
    response = client.get(f"/proposals/{innovation_id}/evidence/{evidence_id}/download")
    body = response.get_data()
    response.close()
    return response, body


def _snapshot():
    rows = db.session.execute(select(Evidence.id, Evidence.stored_name, Evidence.title)).all()
    return sorted(rows), stored_files()


def test_the_team_downloads_a_pdf_as_an_attachment(client, login, evidence_file):
    owner, innovation, pdf, _ = evidence_file
    login(owner)
    response, body = _download(client, innovation.id, pdf.id)
    assert response.status_code == 200 and body == PDF
    headers = response.headers
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == (
        "attachment; filename=\"SK Tim Bank Sampah _ Klojen.pdf\"; "
        "filename*=UTF-8''SK%20Tim%20Bank%20Sampah%20_%20Klojen.pdf")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in headers["Cache-Control"]
    assert "sandbox" in headers["Content-Security-Policy"]


def test_office_documents_go_out_as_octet_stream(client, login, evidence_file):
    owner, innovation, _, docx = evidence_file
    login(owner)
    response, body = _download(client, innovation.id, docx.id)
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="renja.docx"')
    assert body == docx_bytes()


def test_a_file_stored_as_html_or_svg_is_still_an_attachment_of_no_declared_type(client, login, evidence_file):
    # Rows written by other means (an import, an old version) must not make the browser render markup.
    owner, innovation, pdf, _ = evidence_file
    login(owner)
    for mime in ("text/html", "image/svg+xml"):
        pdf.mime = mime
        db.session.commit()
        response, _ = _download(client, innovation.id, pdf.id)
        assert response.headers["Content-Type"] == "application/octet-stream"
        assert response.headers["Content-Disposition"].startswith("attachment;")


def test_an_unicode_name_gets_an_rfc5987_filename(client, login, evidence_file):
    owner, innovation, pdf, _ = evidence_file
    pdf.original_name = "Laporan Évaluasi.pdf"
    db.session.commit()
    login(owner)
    response, _ = _download(client, innovation.id, pdf.id)
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"Laporan Evaluasi.pdf\"; filename*=UTF-8''Laporan%20%C3%89valuasi.pdf")


def test_another_innovator_is_refused_the_download_and_the_delete(client, login_as, evidence_file):
    _, innovation, pdf, _ = evidence_file
    before = _snapshot()
    login_as(Role.INNOVATOR)
    assert _download(client, innovation.id, pdf.id)[0].status_code == 403
    assert client.post(f"/proposals/{innovation.id}/evidence/{pdf.id}/delete").status_code == 403
    upload = client.post(f"/proposals/{innovation.id}/evidence/files", content_type="multipart/form-data",
                         data={"file-kind": "sk_tim", "file-file": (io.BytesIO(PDF), "x.pdf")})
    assert upload.status_code == 403
    assert _snapshot() == before


def test_a_reviewer_not_assigned_is_refused_but_an_assigned_one_may_read(client, login, switch_to, make_user,
                                                                         evidence_file):
    owner, innovation, pdf, _ = evidence_file
    apply_move(innovation, owner, Move.SUBMIT, "diajukan")
    db.session.commit()
    before = _snapshot()
    stranger = make_user(Role.REVIEWER)
    login(stranger)
    assert _download(client, innovation.id, pdf.id)[0].status_code == 403
    assert client.post(f"/proposals/{innovation.id}/evidence/{pdf.id}/delete").status_code == 403
    assert _snapshot() == before

    assigned = make_user(Role.REVIEWER)
    db.session.add(Assignment(round=ReviewRound(innovation=innovation, stage=innovation.stage, blind=True),
                              reviewer=assigned))
    db.session.commit()
    switch_to(assigned)
    assert _download(client, innovation.id, pdf.id)[0].status_code == 200  # even in a blind round


def test_visitors_are_sent_to_the_login_page(client, evidence_file):
    _, innovation, pdf, _ = evidence_file
    response, _ = _download(client, innovation.id, pdf.id)
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]


def test_evidence_of_another_proposal_is_not_found_through_this_one(client, login, make_user, evidence_file):
    owner, innovation, pdf, _ = evidence_file
    mine = login(make_user(Role.INNOVATOR))
    own_draft = services.create_draft(mine, {"title": "Punya saya"})
    db.session.commit()
    before = _snapshot()
    assert _download(client, own_draft.id, pdf.id)[0].status_code == 404
    assert client.post(f"/proposals/{own_draft.id}/evidence/{pdf.id}/delete").status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("stored_name", ["../../../etc/passwd", "../secret", "a" * 31 + "/", "../" + "0" * 29])
def test_path_tricks_in_stored_names_lead_nowhere(client, login, evidence_file, stored_name):
    owner, innovation, pdf, _ = evidence_file
    pdf.stored_name = stored_name
    db.session.commit()
    login(owner)
    response, body = _download(client, innovation.id, pdf.id)
    assert response.status_code == 404 and b"root:" not in body


def test_a_link_has_nothing_to_download(client, login, evidence_file):
    owner, innovation, _, _ = evidence_file
    link = Evidence(innovation_id=innovation.id, stage=innovation.stage, kind="lainnya",
                    link_url="https://video.example/v")
    db.session.add(link)
    db.session.commit()
    login(owner)
    assert _download(client, innovation.id, link.id)[0].status_code == 404


def test_delete_removes_the_row_then_the_file_after_commit(client, login, evidence_file):
    owner, innovation, pdf, docx = evidence_file
    pdf_id, path, kept = pdf.id, storage.path_for(pdf.stored_name), storage.path_for(docx.stored_name)
    login(owner)
    response = client.post(f"/proposals/{innovation.id}/evidence/{pdf_id}/delete")
    assert response.status_code == 302
    assert db.session.get(Evidence, pdf_id) is None and not path.exists()
    assert kept.exists()


def test_a_failed_commit_keeps_the_file(client, login, evidence_file, monkeypatch):
    owner, innovation, pdf, _ = evidence_file
    pdf_id, path = pdf.id, storage.path_for(pdf.stored_name)
    login(owner)
    real_commit = Session.commit

    def commit_failing_in_requests(session):
        if has_request_context():
            raise RuntimeError("database went away")
        return real_commit(session)

    monkeypatch.setattr(Session, "commit", commit_failing_in_requests)
    response = client.post(f"/proposals/{innovation.id}/evidence/{pdf_id}/delete")
    monkeypatch.undo()
    assert response.status_code == 500
    assert path.exists() and db.session.get(Evidence, pdf_id) is not None


def test_nothing_is_deleted_once_submitted(client, login, evidence_file):
    owner, innovation, pdf, _ = evidence_file
    apply_move(innovation, owner, Move.SUBMIT, "diajukan")
    db.session.commit()
    login(owner)
    assert client.post(f"/proposals/{innovation.id}/evidence/{pdf.id}/delete").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 2
    assert storage.path_for(pdf.stored_name).exists()
