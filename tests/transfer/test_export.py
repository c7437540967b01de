"""Exports: the list the user is looking at, with its filters, as CSV or XLSX, holding only what they may see."""
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from innolab.extensions import db
from innolab.models import Assignment, Replication, ReviewRound
from innolab.models.types import utcnow
from innolab.pipeline.defaults import ensure_reference_data
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.review.rubrics import current_rubric
from innolab.transfer import queries
from innolab.vocab import ReplicationStatus, Role, UnitKind
from tests.review.conftest import submitted_review
from tests.transfer.conftest import read_csv_rows, read_xlsx

HIGH = [5, 4, 4, 4, 4, 4, 4]  # 82 on the default rubric
MIDDLE = [3, 3, 3, 3, 3, 3, 3]  # 60
LOW = [2, 2, 2, 2, 2, 2, 2]  # 40


def _innovation(owner, title, stage=Stage.PILOTING, status=Status.IN_PROGRESS, published=False, **values):
    innovation = services.create_draft(owner, {"title": title, **values})
    innovation.stage, innovation.status, innovation.published = stage, status, published
    db.session.commit()
    return innovation


@pytest.fixture
def region(make_user, make_unit, units):
    """Two innovators' work in every state the permission rules tell apart, and a lab coordinator."""
    alice = make_user(Role.INNOVATOR, unit=units["dukcapil"], name="Alice")
    bob = make_user(Role.INNOVATOR, unit=units["puskesmas"], name="Bob")
    return {
        "alice": alice, "bob": bob,
        "alice_draft": _innovation(alice, "Draf rahasia Alice", Stage.IDEATION, Status.DRAFT),
        "bob_draft": _innovation(bob, "Draf rahasia Bob", Stage.IDEATION, Status.DRAFT),
        "submitted": _innovation(bob, "Usulan yang sedang dinilai lab", Stage.PROTOTYPING, Status.IN_REVIEW),
        "published": _innovation(alice, "Layanan Akta Terbit", published=True, affair="adminduk",
                                 sdgs=[16], tags=["akta", "warga"], budget=Decimal("1250000.5"),
                                 started_on=date(2022, 1, 10)),
        "published_health": _innovation(bob, "Posyandu Terbit", Stage.SCALING, Status.ACTIVE, published=True,
                                        affair="kesehatan"),
    }


def _titles(data: bytes, fmt: str = "csv") -> list[str]:
    rows = read_csv_rows(data) if fmt == "csv" else read_xlsx(data)
    header = rows[0]
    return [row[header.index("title")] for row in rows[1:]]


def test_a_viewers_search_export_holds_no_one_elses_drafts_or_the_labs_work(client, login_as, region):
    login_as(Role.VIEWER)
    response = client.get("/transfer/export/search?format=csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    assert sorted(_titles(response.data)) == ["Layanan Akta Terbit", "Posyandu Terbit"]


def test_an_innovator_exports_their_own_draft_but_not_anothers(client, login, region):
    login(region["alice"])
    titles = _titles(client.get("/transfer/export/search?format=xlsx").data, "xlsx")
    assert sorted(titles) == ["Draf rahasia Alice", "Layanan Akta Terbit", "Posyandu Terbit"]


def test_the_search_export_follows_the_query_and_facets(client, login_as, region):
    login_as(Role.COORDINATOR)
    assert _titles(client.get("/transfer/export/search?q=akta").data) == ["Layanan Akta Terbit"]
    assert _titles(client.get("/transfer/export/search?affair=kesehatan").data) == ["Posyandu Terbit"]
    # Everything the lab sees: submitted work and the catalogue, never a draft.
    assert sorted(_titles(client.get("/transfer/export/search").data)) == [
        "Layanan Akta Terbit", "Posyandu Terbit", "Usulan yang sedang dinilai lab"]


def test_the_catalogue_export_holds_only_published_innovations(client, login, region):
    login(region["alice"])  # even their own draft is not in the catalogue
    assert sorted(_titles(client.get("/transfer/export/catalogue?format=csv").data)) == [
        "Layanan Akta Terbit", "Posyandu Terbit"]


def test_a_coordinators_lab_export_follows_the_queue_filters(client, login_as, region):
    login_as(Role.COORDINATOR)
    assert _titles(client.get("/transfer/export/lab").data) == ["Usulan yang sedang dinilai lab"]  # waiting on the lab
    assert sorted(_titles(client.get("/transfer/export/lab?status=all").data)) == [
        "Layanan Akta Terbit", "Posyandu Terbit", "Usulan yang sedang dinilai lab"]
    assert _titles(client.get("/transfer/export/lab?status=all&stage=scaling&format=xlsx").data, "xlsx") == [
        "Posyandu Terbit"]
    assert _titles(client.get(f"/transfer/export/lab?status=all&unit={region['alice'].unit_id}").data) == [
        "Layanan Akta Terbit"]


def test_the_innovation_row_reads_back_as_the_import_columns(client, login_as, region):
    login_as(Role.VIEWER)
    rows = read_csv_rows(client.get("/transfer/export/catalogue?affair=adminduk").data)
    header, [row] = rows[0], rows[1:]
    assert header[-1] == "score" and header[:3] == ["external_ref", "title", "summary"]
    values = dict(zip(header, row, strict=True))
    assert values | {"summary": ""} == {
        "external_ref": "", "title": "Layanan Akta Terbit", "summary": "", "background": "", "goals": "",
        "novelty": "", "implementation": "", "significance": "", "adaptability": "", "resources": "",
        "sustainability": "", "beneficiaries": "", "innovation_type": "", "form": "", "initiator": "",
        "affair": "Administrasi Kependudukan dan Pencatatan Sipil", "sdgs": "16", "tags": "akta, warga",
        "unit_code": "OPD-DUKCAPIL", "stage": "piloting", "status": "in_progress", "started_on": "2022-01-10",
        "trial_on": "", "applied_on": "", "budget": "1250000.50", "published": "ya", "replicable": "tidak",
        "score": "",
    }


def _round(innovation, number, values_list, opened, reviewers):
    """A review round of `innovation` with one assignment per entry: a submitted review of those scores, or None
    for a reviewer who has not sent theirs."""
    round_ = ReviewRound(innovation_id=innovation.id, stage=innovation.stage, number=number, opened_at=opened)
    db.session.add(round_)
    rubric = current_rubric(innovation.stage)
    for values in values_list:
        assignment = Assignment(round=round_, reviewer_id=reviewers.pop().id, due_on=date.today())
        db.session.add(assignment)
        db.session.flush()
        if values is not None:
            submitted_review(assignment, rubric, values)
    db.session.commit()
    return round_


@pytest.fixture
def reviewers(make_user):
    ensure_reference_data()  # the default rubric of every stage
    db.session.commit()
    return [make_user(Role.REVIEWER, name=f"Penilai {n}") for n in range(8)]


def test_the_score_is_the_mean_of_the_newest_round_with_submitted_reviews(region, reviewers):
    scored = region["submitted"]
    now = utcnow()
    _round(scored, 1, [LOW, LOW], now - timedelta(days=30), reviewers)  # 40, superseded
    _round(scored, 2, [HIGH, MIDDLE, None], now - timedelta(days=10), reviewers)  # (82 + 60) / 2; pending: no say
    _round(scored, 3, [None], now - timedelta(days=1), reviewers)  # nothing submitted yet: the score stays 71
    scores = queries.latest_scores([scored, region["published"]])
    assert scores == {scored.id: 71.0}
    header, rows = queries.export_table(queries.INNOVATIONS, [scored, region["published"]], None)
    assert [row[header.index("score")] for row in rows] == [71.0, None]


def test_reviews_are_exported_to_coordinators_only(client, login_as, login, region, reviewers):
    _round(region["submitted"], 1, [HIGH, MIDDLE, None], utcnow(), reviewers)
    login_as(Role.COORDINATOR)
    rows = read_csv_rows(client.get("/transfer/export/lab?kind=reviews&status=all").data)
    header, body = rows[0], rows[1:]
    assert header[:12] == list(queries.REVIEW_COLUMNS)
    assert "Signifikansi" in header[12:]  # one column per rubric criterion
    assert [(r[header.index("title")], r[header.index("total")], r[header.index("recommendation")]) for r in body] == [
        ("Usulan yang sedang dinilai lab", "82.00", "advance"), ("Usulan yang sedang dinilai lab", "60.00", "advance")]
    assert body[0][header.index("Signifikansi")] == "4"

    client.post("/logout")
    login(region["bob"])  # the proposal's own innovator does not see its reviewers' scores
    assert client.get("/transfer/export/search?kind=reviews").status_code == 403


def test_replications_are_exported_as_far_as_the_user_may_follow_them(client, login, make_user, make_unit, region):
    source = region["published_health"]
    kecamatan = make_unit("Kecamatan Klojen", UnitKind.KECAMATAN)
    mine = make_unit("Kelurahan Oro-oro Dowo", UnitKind.KELURAHAN, parent=kecamatan, code="35.73.01.1001")
    theirs = make_unit("Kelurahan Kauman", UnitKind.KELURAHAN, parent=kecamatan, code="35.73.01.1002")
    lurah = make_user(Role.VIEWER, unit=mine)
    for unit in (mine, theirs):
        db.session.add(Replication(source=source, adopting_unit=unit, contact=f"Lurah {unit.name}",
                                   status=ReplicationStatus.PLANNING, started_on=date(2024, 5, 1)))
    db.session.commit()

    login(lurah)
    rows = read_csv_rows(client.get("/transfer/export/catalogue?kind=replications").data)
    header, body = rows[0], rows[1:]
    assert header == list(queries.REPLICATION_COLUMNS)
    assert [(r[header.index("adopting_unit")], r[header.index("status")], r[header.index("started_on")])
            for r in body] == [("Kelurahan Oro-oro Dowo", "planning", "2024-05-01")]
    client.post("/logout")
    login(region["bob"])  # the source's team follows every replication of it
    rows = read_csv_rows(client.get("/transfer/export/catalogue?kind=replications").data)
    assert sorted(r[rows[0].index("adopting_unit")] for r in rows[1:]) == ["Kelurahan Kauman",
                                                                          "Kelurahan Oro-oro Dowo"]


def test_formula_like_text_stays_text_in_both_formats(client, login, region):
    innovation = region["published"]
    innovation.summary = '=HYPERLINK("http://contoh.invalid","klik")'
    innovation.beneficiaries = "-warga lansia"
    db.session.commit()
    login(region["alice"])
    rows = read_csv_rows(client.get("/transfer/export/catalogue?q=akta").data)
    values = dict(zip(rows[0], rows[1], strict=True))
    assert values["summary"] == "'=HYPERLINK(\"http://contoh.invalid\",\"klik\")"  # a spreadsheet shows, not runs it
    assert values["beneficiaries"] == "'-warga lansia"

    sheet = load_workbook(io.BytesIO(client.get("/transfer/export/catalogue?q=akta&format=xlsx").data)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("summary") + 1)
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://contoh.invalid","klik")'


def test_unknown_format_or_kind_is_not_found(client, login_as, region):
    login_as(Role.COORDINATOR)
    assert client.get("/transfer/export/lab?format=pdf").status_code == 404
    assert client.get("/transfer/export/lab?kind=users").status_code == 404


def test_a_search_too_large_to_export_sends_the_user_back_with_a_reason(client, login_as, region, monkeypatch):
    monkeypatch.setattr(queries, "SEARCH_LIMIT", 1)
    login_as(Role.VIEWER)
    response = client.get("/transfer/export/catalogue?sort=newest&format=csv")
    assert response.status_code == 302 and response.headers["Location"] == "/catalogue?sort=newest"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Hasil ini berisi 2 inovasi, lebih dari 1 yang dapat diekspor sekaligus." in page


def test_the_list_pages_offer_exports_that_carry_their_filters(client, login_as, region):
    login_as(Role.COORDINATOR)
    queue = client.get("/lab/?stage=prototyping&status=all&page=1").get_data(as_text=True)
    assert 'href="/transfer/export/lab?stage=prototyping&amp;status=all&amp;kind=innovations&amp;format=csv"' in queue
    assert "Ekspor XLSX" in queue and "kind=reviews" in queue
    search = client.get("/search?q=akta&affair=adminduk").get_data(as_text=True)
    assert 'href="/transfer/export/search?q=akta&amp;affair=adminduk&amp;kind=innovations&amp;format=xlsx"' in search


def test_visitors_get_no_export_links_and_viewers_no_review_export(client, login_as, region):
    assert 'data-testid="export-links"' not in client.get("/catalogue").get_data(as_text=True)
    login_as(Role.VIEWER)
    page = client.get("/catalogue").get_data(as_text=True)
    assert "/transfer/export/catalogue?kind=innovations&amp;format=csv" in page
    assert "kind=reviews" not in page and "kind=replications" in page
