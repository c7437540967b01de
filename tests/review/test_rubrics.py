"""Rubric editing: a save is a new version, past reviews keep theirs, bad weights are refused with nothing written."""
from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import Criterion, Review, Rubric
from innolab.pipeline.stages import Stage
from innolab.review.rubrics import current_rubric
from innolab.vocab import Role
from tests.review.conftest import card

LEVELS = ("Sangat kurang", "Kurang", "Cukup", "Baik", "Sangat baik")


def rubric_form(rows, based_on=1, action="save") -> dict:
    """The editor as a browser posts it; each row is (name, weight[, position[, remove]])."""
    data = {"based_on": str(based_on), "action": action}
    for i, (name, weight, *rest) in enumerate(rows):
        position = rest[0] if rest else i + 1
        data |= {f"criteria-{i}-name": name, f"criteria-{i}-weight": str(weight),
                 f"criteria-{i}-position": str(position), f"criteria-{i}-description": f"Uraian {name}"}
        data |= {f"criteria-{i}-level_{n}": text for n, text in enumerate(LEVELS, start=1)}
        if len(rest) > 1 and rest[1]:
            data[f"criteria-{i}-remove"] = "y"
    return data


def _rubric_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Rubric))


def test_rubric_list_shows_the_current_weights_per_stage(client, rubrics, login_as):
    login_as(Role.COORDINATOR)
    html = client.get("/review/rubrics").get_data(as_text=True)
    for stage in Stage:
        assert f'data-testid="rubric-{stage.value}"' in html
    assert "Signifikansi" in html and "30%" in html and "versi 1" in html


def test_editor_opens_with_the_current_criteria(client, rubrics, login_as):
    login_as(Role.COORDINATOR)
    html = client.get("/review/rubrics/piloting/edit").get_data(as_text=True)
    assert 'name="based_on" type="hidden" value="1"' in html
    assert 'value="Adaptabilitas (replikasi)"' in html and 'name="criteria-6-level_5"' in html
    assert client.get("/review/rubrics/nowhere/edit").status_code == 404


def test_save_creates_a_new_version_and_past_reviews_keep_theirs(client, setup, switch_to):
    client.post(f"/review/assignments/{setup.assignment.id}", data=card(setup.rubric, [4]))
    old_id = setup.rubric.id
    coordinator = switch_to(setup.coordinator)
    response = client.post("/review/rubrics/ideation/edit",
                           data=rubric_form([("Kebaruan", 40), ("Manfaat", 60)]))
    assert response.status_code == 302
    new = current_rubric(Stage.IDEATION)
    assert (new.version, new.is_current, new.created_by_id) == (2, True, coordinator.id)
    assert [(c.name, c.weight, c.level_descriptors) for c in new.criteria] == [
        ("Kebaruan", 40, list(LEVELS)), ("Manfaat", 60, list(LEVELS))]
    old = db.session.get(Rubric, old_id)
    assert old.is_current is False and len(old.criteria) == 7
    assert db.session.scalar(select(Review.rubric_id)) == old_id
    assert current_rubric(Stage.PILOTING).version == 1  # other stages untouched

    switch_to(setup.reviewer)
    html = client.get(f"/review/assignments/{setup.assignment.id}").get_data(as_text=True)
    assert "Rubrik versi 1" in html and "Signifikansi" in html  # the review stays pinned to version 1


def test_weights_not_summing_to_100_are_refused_with_the_actual_sum(client, rubrics, login_as):
    login_as(Role.COORDINATOR)
    before = _rubric_count()
    response = client.post("/review/rubrics/ideation/edit",
                           data=rubric_form([("Kebaruan", 40), ("Manfaat", 55)]))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="weights-error"' in html and "Jumlah bobot harus tepat 100%; sekarang 95%." in html
    assert 'value="Manfaat"' in html  # what was typed is shown again
    assert _rubric_count() == before and current_rubric(Stage.IDEATION).version == 1


def test_each_weight_positive_and_each_name_required(client, rubrics, login_as):
    login_as(Role.COORDINATOR)
    before = db.session.scalar(select(func.count()).select_from(Criterion))
    response = client.post("/review/rubrics/ideation/edit",
                           data=rubric_form([("Kebaruan", 100), ("", 0), ("Manfaat", "x")]))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="criteria-1-name-error"' in html and "Nama kriteria wajib diisi." in html
    assert 'id="criteria-1-weight-error"' in html and 'id="criteria-2-weight-error"' in html
    assert html.count("Bobot harus bilangan bulat lebih dari 0.") == 2
    assert 'id="weights-error"' not in html  # the weights do sum to 100
    assert db.session.scalar(select(func.count()).select_from(Criterion)) == before


def test_rows_are_removed_and_reordered_by_position(client, rubrics, login_as):
    login_as(Role.COORDINATOR)
    rows = [("Satu", 50, 3), ("Dua", 30, 1), ("Buang", 99, 2, True), ("Tiga", 20, 2)]
    assert client.post("/review/rubrics/scaling/edit", data=rubric_form(rows)).status_code == 302
    assert [(c.name, c.position) for c in current_rubric(Stage.SCALING).criteria] == [
        ("Dua", 0), ("Tiga", 1), ("Satu", 2)]


def test_adding_a_row_keeps_what_was_typed_and_saves_nothing(client, rubrics, login_as):
    login_as(Role.COORDINATOR)
    before = _rubric_count()
    response = client.post("/review/rubrics/ideation/edit",
                           data=rubric_form([("Kebaruan", 40)], action="add"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Kebaruan"' in html and 'name="criteria-1-name"' in html
    assert _rubric_count() == before


def test_a_second_coordinators_save_is_a_conflict(client, rubrics, login_as):
    login_as(Role.COORDINATOR)
    first = rubric_form([("Kebaruan", 40), ("Manfaat", 60)], based_on=1)
    assert client.post("/review/rubrics/ideation/edit", data=first).status_code == 302
    second = rubric_form([("Dampak", 100)], based_on=1)
    response = client.post("/review/rubrics/ideation/edit", data=second)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "sudah diubah koordinator lain" in html and 'value="Dampak"' in html
    assert [c.name for c in current_rubric(Stage.IDEATION).criteria] == ["Kebaruan", "Manfaat"]


def test_history_lists_every_version_read_only(client, rubrics, login_as):
    login_as(Role.COORDINATOR)
    client.post("/review/rubrics/ideation/edit", data=rubric_form([("Kebaruan", 40), ("Manfaat", 60)]))
    html = client.get("/review/rubrics/ideation/history").get_data(as_text=True)
    assert html.count('data-testid="rubric-version"') == 2
    assert "Versi 2" in html and "Versi 1" in html and "dipakai sekarang" in html
    assert "<form" not in html.split('id="main"')[1]


XSS = '<script>alert("x")</script>'


def test_typed_rubric_text_comes_out_escaped_on_every_page(client, setup, switch_to, make_assignment):
    switch_to(setup.coordinator)
    rows = rubric_form([(XSS, 60), ("Manfaat", 40)])
    rows |= {"criteria-0-description": XSS, "criteria-0-level_3": XSS}
    assert client.post("/review/rubrics/ideation/edit", data=rows).status_code == 302
    pages = [client.get(url).get_data(as_text=True) for url in (
        "/review/rubrics", "/review/rubrics/ideation/edit", "/review/rubrics/ideation/history")]
    fresh = make_assignment(setup.innovation)  # first opened after the edit: scored on version 2
    rubric = current_rubric(Stage.IDEATION)
    switch_to(fresh.reviewer)
    pages.append(client.post(f"/review/assignments/{fresh.id}", data=card(
        rubric, [None, 3], [XSS, XSS], recommendation="advance", overall_note=XSS, action="submit")).get_data(
        as_text=True))
    client.post(f"/review/assignments/{fresh.id}", data=card(
        rubric, [4, 3], [XSS, XSS], recommendation="advance", overall_note=XSS, version=fresh.review.version_id,
        action="submit"))
    switch_to(setup.coordinator)
    pages.append(client.get(f"/review/innovations/{setup.innovation.id}/scores").get_data(as_text=True))
    for html in pages:
        assert XSS not in html
        assert "&lt;script&gt;alert(" in html
