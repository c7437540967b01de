"""An innovation's self-assessment: levels and linked evidence per indicator, the score, and what lacks evidence."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import Answer, Assessment, IndicatorSet
from innolab.pipeline.stages import Status
from innolab.readiness.defaults import current_year
from innolab.readiness.queries import assessment_of, card_for
from innolab.vocab import ReplicationStatus, Role

from .conftest import add_evidence, assess, by_name, form_data, replicate


def url(innovation, **query):
    suffix = "".join(f"{'?' if not i else '&'}{k}={v}" for i, (k, v) in enumerate(query.items()))
    return f"/readiness/innovations/{innovation.id}{suffix}"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def score_on(page: str) -> tuple[int, int]:
    found = re.search(r'data-testid="score">(\d+)</span>\s*<span class="text-muted">/ <span data-testid="maximum">(\d+)',
                      page)
    return int(found[1]), int(found[2])


def test_a_team_member_chooses_levels_links_evidence_and_sees_the_score(client, login, indicator_set, innovation):
    sk = add_evidence(innovation, "sk_inovasi", "SK Wali Kota 2025")
    video = add_evidence(innovation, "video", "Video profil")
    login(innovation.test_member)
    response = client.post(url(innovation), data=form_data(
        indicator_set, levels={"Regulasi inovasi": 2, "Video inovasi": 3, "Ketersediaan SDM": 1},
        evidence={"Regulasi inovasi": [sk.id], "Video inovasi": [video.id]}))
    assert response.status_code == 302 and response.headers["Location"].startswith(url(innovation))
    assessment = db.session.scalar(select(Assessment))
    levels = {a.indicator.name: a.level for a in assessment.answers if a.level}
    assert levels == {"Regulasi inovasi": 2, "Video inovasi": 3, "Ketersediaan SDM": 1}
    assert assessment.updated_by_id == innovation.test_member.id
    page = client.get(url(innovation)).get_data(as_text=True)
    assert score_on(page) == (3 * 2 + 4 * 3 + 2 * 1, 111)
    # Ketersediaan SDM claims level 1 without its team decree: the only indicator lacking evidence.
    missing = re.search(r'data-testid="missing-list">(.*?)</ul>', page, re.S)[1]
    assert "Ketersediaan SDM" in missing and "Regulasi" not in missing and "Video" not in missing
    assert page.count('data-testid="lacks-evidence"') == 1
    regulation = by_name(indicator_set, "Regulasi inovasi").id
    assert re.search(rf'<input checked[^>]*name="evidence_{regulation}" type="checkbox" value="{sk.id}"', page)
    assert not re.search(rf'<input checked[^>]*name="evidence_{regulation}" type="checkbox" value="{video.id}"', page)


def test_the_proposal_page_shows_the_panel_with_the_score(client, login, indicator_set, innovation):
    assess(innovation, indicator_set, innovation.test_owner, levels={"Kemanfaatan": 3})
    login(innovation.test_owner)
    page = client.get(f"/proposals/{innovation.id}").get_data(as_text=True)
    assert 'data-testid="readiness-panel"' in page
    assert 'data-testid="readiness-score">9<' in page
    assert "1 indikator kurang bukti" in page
    assert url(innovation, year=indicator_set.year) in page


def test_evidence_of_a_kind_that_does_not_prove_the_level_is_still_lacking(indicator_set, innovation):
    photo = add_evidence(innovation, "foto_tangkapan")
    assess(innovation, indicator_set, innovation.test_owner, levels={"Regulasi inovasi": 1},
           evidence={"Regulasi inovasi": [photo]})
    card = card_for(innovation, indicator_set, assessment_of(innovation, indicator_set))
    assert [line.indicator.name for line in card.missing] == ["Regulasi inovasi"]


def test_deleting_linked_evidence_makes_the_level_lack_evidence_again(client, login, indicator_set, innovation):
    innovation.status = Status.IN_PROGRESS  # the team may delete evidence while it may edit
    db.session.commit()
    sk = add_evidence(innovation, "sk_inovasi")
    assess(innovation, indicator_set, innovation.test_owner, levels={"Regulasi inovasi": 3},
           evidence={"Regulasi inovasi": [sk]})
    login(innovation.test_owner)
    assert client.post(f"/proposals/{innovation.id}/evidence/{sk.id}/delete").status_code == 302
    db.session.expire_all()
    card = card_for(innovation, indicator_set, assessment_of(innovation, indicator_set))
    assert [line.indicator.name for line in card.missing] == ["Regulasi inovasi"]
    assert card.score == 9  # the claim stays; only its proof is gone


def test_the_replication_indicator_follows_the_replication_records(client, login, indicator_set, innovation,
                                                                   make_unit):
    replications = [replicate(innovation, make_unit, status) for status in (
        ReplicationStatus.INTERESTED, ReplicationStatus.IMPLEMENTING, ReplicationStatus.STOPPED)]
    login(innovation.test_owner)
    replication_id = by_name(indicator_set, "Replikasi").id
    data = form_data(indicator_set)
    data[f"level_{replication_id}"] = "3"  # a hand-made level for it is ignored
    assert client.post(url(innovation), data=data).status_code == 302
    page = client.get(url(innovation)).get_data(as_text=True)
    assert 'data-auto-level="2"' in page and "2 replikasi yang masih berjalan" in page
    assert score_on(page)[0] == 3 * 2
    assert db.session.scalar(select(Answer.level).where(Answer.indicator_id == replication_id)) == 0

    replications[0].status = ReplicationStatus.STOPPED
    db.session.commit()
    page = client.get(url(innovation)).get_data(as_text=True)
    assert 'data-auto-level="1"' in page and score_on(page)[0] == 3
    replicate(innovation, make_unit, ReplicationStatus.EVALUATED)
    replicate(innovation, make_unit, ReplicationStatus.PLANNING)
    replicate(innovation, make_unit, ReplicationStatus.INTERESTED)
    assert score_on(client.get(url(innovation)).get_data(as_text=True))[0] == 3 * 3  # ≥ 3× is the top level


def test_a_level_out_of_range_is_refused_next_to_its_field_and_nothing_is_saved(client, login, indicator_set,
                                                                                innovation):
    login(innovation.test_owner)
    data = form_data(indicator_set, levels={"Regulasi inovasi": 2, "Alat kerja": 4})
    response = client.post(url(innovation), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    field = f"level_{by_name(indicator_set, 'Alat kerja').id}"
    assert f'id="{field}-error"' in page and "Pilih tingkat 0 sampai 3." in page
    assert (count(Assessment), count(Answer)) == (0, 0)
    data[field] = "dua"
    assert f'id="{field}-error"' in client.post(url(innovation), data=data).get_data(as_text=True)
    assert count(Assessment) == 0


def test_evidence_of_another_innovation_is_refused_and_nothing_is_saved(client, login, indicator_set, innovation,
                                                                        make_innovation):
    own = add_evidence(innovation, "sk_inovasi")
    foreign = add_evidence(make_innovation("Inovasi Lain"), "video")
    assess(innovation, indicator_set, innovation.test_owner, levels={"Regulasi inovasi": 1},
           evidence={"Regulasi inovasi": [own]})
    before = assessment_of(innovation, indicator_set)
    version = before.version_id
    login(innovation.test_owner)
    page = client.post(url(innovation), data=form_data(
        indicator_set, levels={"Regulasi inovasi": 3, "Video inovasi": 3}, version_id=version,
        evidence={"Regulasi inovasi": [own.id], "Video inovasi": [foreign.id]})).get_data(as_text=True)
    field = f"evidence_{by_name(indicator_set, 'Video inovasi').id}"
    assert f'id="{field}-error"' in page and "bukti dukung yang sudah diunggah untuk inovasi ini" in page
    db.session.expire_all()
    after = assessment_of(innovation, indicator_set)
    assert after.version_id == version
    assert {a.indicator.name: a.level for a in after.answers if a.level} == {"Regulasi inovasi": 1}
    assert not any(item.id == foreign.id for a in after.answers for item in a.evidence)


def test_a_stale_form_is_refused_so_nobody_overwrites_another_save(client, login, switch_to, indicator_set,
                                                                   innovation):
    login(innovation.test_owner)
    opened = form_data(indicator_set, levels={"Kemanfaatan": 1})
    assert client.post(url(innovation), data=opened).status_code == 302
    version = assessment_of(innovation, indicator_set).version_id
    switch_to(innovation.test_member)
    assert client.post(url(innovation), data=form_data(indicator_set, levels={"Kemanfaatan": 2},
                                                       version_id=version)).status_code == 302
    switch_to(innovation.test_owner)
    page = client.post(url(innovation), data=form_data(indicator_set, levels={"Kemanfaatan": 3},
                                                       version_id=version)).get_data(as_text=True)
    assert "sudah disimpan orang lain" in page
    db.session.expire_all()
    answer = next(a for a in assessment_of(innovation, indicator_set).answers if a.indicator.name == "Kemanfaatan")
    assert answer.level == 2
    # A form opened before the first save cannot create a second assessment either.
    assert "sudah disimpan orang lain" in client.post(url(innovation), data=opened).get_data(as_text=True)
    assert count(Assessment) == 1


def test_an_indicator_added_after_the_form_was_opened_is_left_alone(client, login, indicator_set, innovation):
    login(innovation.test_owner)
    data = form_data(indicator_set, levels={"Kemanfaatan": 1})
    data["indicator_ids"] = ",".join(data["indicator_ids"].split(",")[:-1])  # the form did not show the last one
    del data[f"evidence_{indicator_set.indicators[-1].id}"]
    del data[f"level_{indicator_set.indicators[-1].id}"]
    assert client.post(url(innovation), data=data).status_code == 302
    answered = {a.indicator_id for a in db.session.scalar(select(Assessment)).answers}
    assert indicator_set.indicators[-1].id not in answered and len(answered) == 19


def test_coordinators_assess_innovations_the_lab_sees(client, login_as, indicator_set, innovation):
    login_as(Role.COORDINATOR)
    assert client.get(url(innovation)).status_code == 200
    assert client.post(url(innovation), data=form_data(indicator_set, levels={"Alat kerja": 3})).status_code == 302
    assert count(Assessment) == 1


def test_a_coordinator_may_not_assess_someone_elses_private_draft(client, login_as, indicator_set, make_innovation):
    draft = make_innovation(status=Status.DRAFT, published=False)
    login_as(Role.COORDINATOR)
    assert client.get(url(draft)).status_code == 403


def test_the_team_assesses_its_own_draft(client, login, indicator_set, make_innovation):
    draft = make_innovation(status=Status.DRAFT, published=False)
    login(draft.test_member)
    assert client.get(url(draft)).status_code == 200


def test_strangers_viewers_and_reviewers_are_refused(client, login_as, switch_to, make_user, indicator_set,
                                                     innovation):
    for roles in ((Role.INNOVATOR,), (Role.VIEWER,), (Role.REVIEWER,), (Role.ADMIN,)):
        switch_to(make_user(*roles))
        assert client.get(url(innovation)).status_code == 403, roles
        assert client.post(url(innovation), data=form_data(indicator_set, levels={"Alat kerja": 1})).status_code == 403
    assert count(Assessment) == 0


def test_the_panel_is_only_for_those_who_may_assess(client, login_as, indicator_set, innovation):
    login_as(Role.VIEWER)  # may read the published innovation, may not assess it
    response = client.get(f"/proposals/{innovation.id}")
    assert response.status_code == 200
    assert 'data-testid="readiness-panel"' not in response.get_data(as_text=True)


def test_a_past_years_assessment_is_read_only(client, login, indicator_set, innovation):
    indicator_set.year = current_year() - 1
    db.session.commit()
    login(innovation.test_owner)
    page = client.get(url(innovation)).get_data(as_text=True)
    assert 'data-testid="closed"' in page and "Simpan penilaian" not in page
    page = client.post(url(innovation), data=form_data(indicator_set, levels={"Alat kerja": 1})).get_data(
        as_text=True)
    assert "sudah lewat" in page and count(Assessment) == 0


def test_the_year_is_chosen_in_the_url(client, login, indicator_set, innovation):
    db.session.add(IndicatorSet(year=current_year() + 1, indicators=[]))
    db.session.commit()
    login(innovation.test_owner)
    page = client.get(url(innovation, year=current_year() + 1)).get_data(as_text=True)
    assert f"indeks inovasi daerah {current_year() + 1}" in page
    assert f"indeks inovasi daerah {current_year()}" in client.get(url(innovation)).get_data(as_text=True)
