"""Export of a year's assessments: one row per innovation and indicator, in the national form's order."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from innolab.readiness.defaults import current_year
from innolab.vocab import Role

from .conftest import add_evidence, assess, by_name
from .test_seed import NATIONAL_ORDER


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def exported(indicator_set, make_innovation):
    first = make_innovation("Posyandu Digital")
    sk = add_evidence(first, "sk_inovasi", "SK Wali Kota")
    assess(first, indicator_set, first.test_owner, levels={"Regulasi inovasi": 3, "Video inovasi": 2},
           evidence={"Regulasi inovasi": [sk]})
    second = make_innovation("=HYPERLINK(\"http://contoh\")")
    assess(second, indicator_set, second.test_owner, levels={"Kemanfaatan": 1})
    return first, second


def test_csv_rows_follow_the_national_form_for_each_innovation(client, login_as, exported):
    login_as(Role.COORDINATOR)
    response = client.get(f"/readiness/export?year={current_year()}&format=csv")
    assert f"penilaian-iid-{current_year()}.csv" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert len(rows) == 2 * 20
    first = [row for row in rows if row["Inovasi"] == "Posyandu Digital"]
    assert [(row["Indikator"], int(row["Bobot"])) for row in first] == NATIONAL_ORDER
    assert [int(row["No. indikator"]) for row in first] == list(range(1, 21))
    regulation, video = first[0], first[19]
    assert (regulation["Tingkat"], regulation["Uraian tingkat"], regulation["Nilai"]) == ("3", "Peraturan daerah", "9")
    assert regulation["Bukti dukung"] == "SK / Perkada / Perda tentang inovasi: SK Wali Kota"
    assert (regulation["Status bukti"], video["Status bukti"]) == ("lengkap", "kurang bukti")
    assert (first[0]["Skor inovasi"], first[0]["Skor maksimum"], first[0]["Predikat"]) == ("17", "111",
                                                                                           "Kurang Inovatif")


def test_a_formula_typed_as_a_title_stays_text(client, login_as, exported):
    login_as(Role.COORDINATOR)
    titles = {row["Inovasi"] for row in read_csv(client.get("/readiness/export"))}
    assert "'=HYPERLINK(\"http://contoh\")" in titles


def test_the_export_follows_a_reordered_table(client, login_as, exported, indicator_set):
    login_as(Role.COORDINATOR)
    video = by_name(indicator_set, "Video inovasi")
    client.post(f"/readiness/indicators/move?id={video.id}", data={"direction": "up"})
    rows = [row for row in read_csv(client.get("/readiness/export")) if row["Inovasi"] == "Posyandu Digital"]
    assert [row["Indikator"] for row in rows][-2:] == ["Video inovasi", "Monitoring dan evaluasi"]


def test_xlsx_holds_the_same_rows_and_a_summary(client, login_as, exported):
    login_as(Role.COORDINATOR)
    assert "Unduh XLSX" in client.get("/readiness/").get_data(as_text=True)
    response = client.get("/readiness/export?format=xlsx")
    assert response.status_code == 200 and response.headers["Content-Disposition"].endswith('.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    detail, summary = workbook.worksheets
    values = list(detail.iter_rows(values_only=True))
    assert len(values) == 1 + 40
    header = values[0]
    names = [row[header.index("Indikator")] for row in values[1:] if row[header.index("Inovasi")] == "Posyandu Digital"]
    assert names == [name for name, _weight in NATIONAL_ORDER]
    totals = {row[1]: (row[3], row[5], row[6]) for row in summary.iter_rows(min_row=2, values_only=True)}
    assert totals["Posyandu Digital"] == (17, "Kurang Inovatif", 1)


@pytest.mark.parametrize("role", [Role.INNOVATOR, Role.VIEWER, Role.REVIEWER, Role.ADMIN])
def test_only_coordinators_export(client, login_as, exported, role):
    login_as(role)
    assert client.get("/readiness/export").status_code == 403
