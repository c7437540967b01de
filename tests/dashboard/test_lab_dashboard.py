"""Every number on the dashboards equals an independent SQL aggregate over the seeded demo city."""
from __future__ import annotations

import re
import statistics
from datetime import datetime

import pytest
from markupsafe import escape
from sqlalchemy import text

from innolab.demo import DEMO_PASSWORD
from innolab.demo.seed import seed_demo
from innolab.extensions import db
from innolab.models import User
from innolab.review.queries import local_today
from innolab.vocab import ReplicationStatus, Role


@pytest.fixture
def demo():
    seed_demo()
    db.session.commit()


@pytest.fixture
def demo_login(login):
    def sign_in(prefix: str) -> User:
        return login(db.session.query(User).filter(User.email.like(f"{prefix}@%")).one(), password=DEMO_PASSWORD)
    return sign_in


def figures_on(page: str) -> dict[str, str]:
    """data-figure="key" → the number shown (thousands separators removed)."""
    found = {}
    for key, body in re.findall(r'data-figure="([^"]+)"[^>]*>(.*?)</(?:td|a)>', page, re.S):
        number = re.sub(r"<[^>]+>", "", body).strip().replace(".", "").replace(",", ".")
        found[key] = number
    return found


def sql(query: str, **params):
    return db.session.execute(text(query), params).all()


LAB = "status <> 'draft'"


def year_clause(year):
    # The dashboard's year: the year an innovation started, else the year it was created.
    return "" if year is None else (
        f" AND CAST(COALESCE(EXTRACT(YEAR FROM started_on), EXTRACT(YEAR FROM created_at)) AS INTEGER) = {int(year)}"
        if db.engine.dialect.name == "postgresql" else
        f" AND CAST(COALESCE(strftime('%Y', started_on), strftime('%Y', created_at)) AS INTEGER) = {int(year)}")


@pytest.mark.parametrize("year", [None, 2025])
def test_coordinator_dashboard_numbers_match_sql(demo, client, demo_login, year):
    demo_login("koordinator")
    page = client.get("/dashboard/lab" + (f"?year={year}" if year else "")).get_data(as_text=True)
    shown = figures_on(page)
    where = LAB + year_clause(year)

    for stage, status, count in sql(f"SELECT stage, status, COUNT(*) FROM innovation WHERE {where} GROUP BY 1, 2"):
        assert shown[f"funnel:{stage}:{status}"] == str(count), (stage, status)
    total = sql(f"SELECT COUNT(*) FROM innovation WHERE {where}")[0][0]
    assert shown["card:0"] == str(total)

    in_lab = f"SELECT id FROM innovation WHERE {where}"
    for stage, count in sql(f"SELECT to_stage, COUNT(DISTINCT innovation_id) FROM stage_event "
                            f"WHERE innovation_id IN ({in_lab}) GROUP BY 1"):
        if f"entered:{stage}" in shown:
            assert shown[f"entered:{stage}"] == str(count)
        if f"moved:{stage}" in shown:
            assert shown[f"moved:{stage}"] == str(count)

    today = local_today()
    overdue = sql(f"SELECT COUNT(*) FROM assignment a JOIN review_round r ON r.id = a.round_id "
                  f"WHERE a.status = 'pending' AND a.due_on < :today AND r.innovation_id IN ({in_lab})",
                  today=today)[0][0]
    assert shown["card:1"] == str(overdue)
    for reviewer_id, pending in sql(f"SELECT a.reviewer_id, COUNT(*) FROM assignment a JOIN review_round r "
                                    f"ON r.id = a.round_id WHERE a.status = 'pending' AND r.innovation_id IN "
                                    f"({in_lab}) GROUP BY 1"):
        assert shown[f"pending:{reviewer_id}"] == str(pending)
    for reviewer_id, done in sql(f"SELECT a.reviewer_id, COUNT(*) FROM assignment a JOIN review_round r "
                                 f"ON r.id = a.round_id JOIN review v ON v.assignment_id = a.id "
                                 f"WHERE a.status = 'submitted' AND v.submitted_at IS NOT NULL "
                                 f"AND r.innovation_id IN ({in_lab}) GROUP BY 1"):
        assert shown[f"submitted:{reviewer_id}"] == str(done)

    replications = dict(sql(
        f"SELECT status, COUNT(*) FROM replication WHERE source_innovation_id IN ({in_lab}) GROUP BY 1"))
    for index, status in enumerate(ReplicationStatus):  # the chart lists every status in this order
        assert shown[f"replications:{index}"] == str(replications.get(status.value, 0)), status

    scaling = dict(sql(f"SELECT status, COUNT(*) FROM innovation WHERE {where} AND stage = 'scaling' GROUP BY 1"))
    assert shown["card:2"] == str(scaling.get("active", 0))
    assert shown["card:3"] == str(scaling.get("stopped", 0))
    if year is None:
        check_median_days(shown)


def check_median_days(shown: dict) -> None:
    firsts = {}
    for innovation_id, stage, entered in sql(
            f"SELECT innovation_id, to_stage, MIN(created_at) FROM stage_event WHERE innovation_id IN "
            f"(SELECT id FROM innovation WHERE {LAB}) GROUP BY 1, 2"):
        firsts[(innovation_id, stage)] = entered if isinstance(entered, datetime) else datetime.fromisoformat(
            str(entered))
    order = ["ideation", "prototyping", "piloting", "scaling"]
    for stage, following in zip(order, order[1:], strict=False):
        days = [(firsts[(i, following)] - entered).total_seconds() / 86400
                for (i, s), entered in firsts.items() if s == stage and (i, following) in firsts]
        expected = f"{round(statistics.median(days), 1)}".replace(".", ",").rstrip("0").rstrip(",") if days else "—"
        assert shown[f"median:{stage}"].replace(",", ".").rstrip("0").rstrip(".") == \
            expected.replace(",", ".").rstrip("0").rstrip("."), stage


def test_the_unit_head_dashboard_counts_their_units_innovations(demo, client, demo_login):
    lurah = demo_login("lurah")
    page = client.get("/dashboard/unit").get_data(as_text=True)
    shown = figures_on(page)
    rows = dict(sql("SELECT stage, COUNT(*) FROM innovation WHERE unit_id IN "
                    "(SELECT id FROM unit WHERE id = :unit OR parent_id = :unit) AND status <> 'draft' GROUP BY 1",
                    unit=lurah.unit_id))
    for index, stage in enumerate(["ideation", "prototyping", "piloting", "scaling"]):
        assert shown[f"unit-stages:{index}"] == str(rows.get(stage, 0))
    runs = sql("SELECT COUNT(*) FROM replication WHERE adopting_unit_id = :unit", unit=lurah.unit_id)[0][0]
    assert page.count("/replications/") >= runs


def test_only_coordinators_see_the_lab_dashboard(client, login_as):
    login_as(Role.VIEWER)
    assert client.get("/dashboard/lab").status_code == 403


def test_the_yearly_report_lists_the_scaling_innovations_of_the_year(demo, client, demo_login):
    demo_login("koordinator")
    page = client.get("/dashboard/report?year=2025").get_data(as_text=True)
    assert "Laporan tahunan laboratorium inovasi 2025" in page and "css/print.css" in page
    titles = [row[0] for row in sql(f"SELECT title FROM innovation WHERE {LAB}{year_clause(2025)} "
                                    "AND stage = 'scaling'")]
    assert titles, "the demo city has innovations in scaling in 2025"
    for title in titles:
        assert str(escape(title)) in page
    shown = figures_on(page)
    for index, stage in enumerate(["ideation", "prototyping", "piloting", "scaling"]):
        count = sql(f"SELECT COUNT(*) FROM innovation WHERE {LAB}{year_clause(2025)} AND stage = :stage",
                    stage=stage)[0][0]
        assert shown[f"report-stages:{index}"] == str(count)
