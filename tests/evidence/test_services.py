"""Evidence rules: kinds from the team's checklists, plain web links, harmless download names, editable only."""
import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from innolab.domain import DomainError
from innolab.evidence import filetypes, services
from innolab.extensions import db
from innolab.models import Evidence
from innolab.pipeline.stages import Stage, Status
from innolab.pipeline.transitions import Move
from innolab.proposals.services import apply_move
from tests.evidence.samples import PDF, stored_files


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Evidence))


def test_kinds_come_from_this_and_the_next_stage_checklist(team_draft):
    _, innovation = team_draft
    # ideation asks for a photo (optional); the gate into prototyping needs the team decree and planning papers
    assert services.allowed_kinds(innovation) == ["foto_tangkapan", "sk_tim", "perencanaan", "kerja_sama", "lainnya"]


def test_evidence_is_filed_under_the_stage_whose_checklist_names_its_kind(team_draft):
    user, innovation = team_draft
    photo = services.add_link(innovation, user, "foto_tangkapan", "", "https://foto.example/a")
    decree = services.add_link(innovation, user, "sk_tim", "", "https://dokumen.example/sk")
    other = services.add_link(innovation, user, "lainnya", "", "https://dokumen.example/x")
    assert (photo.stage, decree.stage, other.stage) == (Stage.IDEATION, Stage.PROTOTYPING, Stage.IDEATION)


@pytest.mark.parametrize("kind", ["video", "sk_inovasi", "tidak_ada", ""])
def test_kinds_outside_the_checklists_are_refused(team_draft, kind):
    user, innovation = team_draft
    with pytest.raises(DomainError) as error:
        services.add_link(innovation, user, kind, "", "https://video.example/v")
    assert error.value.errors[0][0] == "kind"
    assert _count() == 0


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(document.cookie)", "ftp://arsip.example/file.pdf",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox", "//video.example/v",
    "video.example/v", "https://", "https://video.example/a b", "https://video.example/\nx",
    "https://video.example/" + "a" * 1000,
])
def test_only_plain_web_links_are_kept(team_draft, url):
    user, innovation = team_draft
    with pytest.raises(DomainError) as error:
        services.add_link(innovation, user, "foto_tangkapan", "", url)
    assert error.value.errors[0][0] == "url"
    assert _count() == 0


def test_a_video_link_is_kept_as_typed(team_draft):
    user, innovation = team_draft
    evidence = services.add_link(innovation, user, "foto_tangkapan", " Video ", " https://youtu.be/abc?t=1 ")
    assert (evidence.link_url, evidence.title, evidence.stored_name, evidence.is_link) == (
        "https://youtu.be/abc?t=1", "Video", None, True)


@pytest.mark.parametrize(("original", "expected"), [
    ("Laporan Monev 2025.pdf", "Laporan Monev 2025.pdf"),
    ("../../etc/passwd", "passwd.pdf"),
    ("C:\\Users\\siti\\SK Tim.exe", "SK Tim.pdf"),  # the real type decides the extension
    ('<img src=x onerror=alert(1)>.pdf', "img src_x onerror_alert(1).pdf"),
    ("..", "bukti-dukung.pdf"),
    ("", "bukti-dukung.pdf"),
    (None, "bukti-dukung.pdf"),
    ("Surat\x00Tugas\r\n.pdf", "SuratTugas.pdf"),
    ("Survei kepuasan — Kelurahan Oro-oro Dowo.pdf", "Survei kepuasan _ Kelurahan Oro-oro Dowo.pdf"),
])
def test_download_names_are_harmless(original, expected):
    assert services.download_name(original, filetypes.PDF) == expected


def test_download_names_keep_indonesian_letters_and_are_bounded():
    name = services.download_name("Ringkasan " + "é" * 300 + ".docx", filetypes.DOCX)
    assert name.startswith("Ringkasan é") and name.endswith(".docx") and len(name) <= 130


def test_nothing_changes_once_the_proposal_is_submitted(team_draft):
    user, innovation = team_draft
    kept = services.add_link(innovation, user, "foto_tangkapan", "", "https://foto.example/a")
    apply_move(innovation, user, Move.SUBMIT, "diajukan")
    db.session.commit()
    assert innovation.status is Status.SUBMITTED
    before = stored_files()
    upload = FileStorage(io.BytesIO(PDF), filename="sk.pdf")
    for attempt in (lambda: services.add_file(innovation, user, "sk_tim", "", upload),
                    lambda: services.add_link(innovation, user, "sk_tim", "", "https://dokumen.example/sk"),
                    lambda: services.delete_evidence(kept, user)):
        with pytest.raises(DomainError):
            attempt()
    db.session.rollback()
    assert _count() == 1 and stored_files() == before
