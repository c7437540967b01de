"""Journey 3 in Chromium: a lurah finds a proven innovation in the catalogue, prints its profile, and replicates it.

Also: an anonymous visitor browses the catalogue and a profile without being offered to replicate, and a search
with a typo offers the corrected spelling.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from innolab.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from innolab.vocab import Role

pytestmark = pytest.mark.e2e

LURAH_EMAIL, LURAH_NAME = next((email, name) for role, email, name in DEMO_ACCOUNTS if role is Role.VIEWER)
LURAH_UNIT = "Kelurahan Sawojajar"  # the demo viewer's unit (innolab/demo/people.py DEMO_UNITS)
# "sehat" occurs in the demo texts as "Kesehatan": a hit proves the Indonesian stemmer, not a literal match.
QUERY = "sehat"
REPLICATE = "Replikasi inovasi ini"
A4_POINTS = (595.28, 841.89)


def follow(target: Locator) -> None:
    """Click something that loads a page and wait for it: leaving a page mid-load aborts its requests."""
    with target.page.expect_navigation():
        target.click()


def nav(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name=name, exact=True)


def flash(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def sign_in(page: Page, email: str, name: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(DEMO_PASSWORD)
    follow(page.get_by_role("button", name="Masuk", exact=True))
    expect(page.get_by_role("heading", name=f"Selamat datang, {name}")).to_be_visible()


def wait_for_index(page: Page, attempts: int = 60) -> None:
    """Wait until the catalogue lists the demo city (conftest builds the index before serving; this is a safety net).

    While an index is being rebuilt the catalogue says so, or (during a first build) lists nothing at all.
    """
    for _ in range(attempts):
        if page.get_by_test_id("result-count").count() and result_count(page) > 0:
            return
        page.wait_for_timeout(500)
        page.reload()
    raise AssertionError("the search index never became ready")


def result_count(page: Page) -> int:
    """The number in "N inovasi cocok dengan …" above the results."""
    text = page.get_by_test_id("result-count").inner_text()
    match = re.match(r"\s*(\d[\d.]*) inovasi", text)
    assert match, text
    return int(match.group(1).replace(".", ""))


def replication_count(page: Page) -> int:
    """The profile's "Direplikasi: N unit"."""
    text = page.get_by_test_id("replication-count").inner_text()
    match = re.fullmatch(r"(\d+) unit", text.strip())
    assert match, text
    return int(match.group(1))


def search(page: Page, query: str, sort: str | None = None) -> None:
    box = page.get_by_role("search")
    box.get_by_label("Kata kunci", exact=True).fill(query)
    if sort:
        box.get_by_label("Urutkan", exact=True).select_option(label=sort)
    follow(box.get_by_role("button", name="Cari", exact=True))


def apply_facet(page: Page, facet: str, option: str) -> int:
    """Click a facet option; the result count becomes the option's own count, and the option shows as selected."""
    group = page.get_by_role("region", name=facet, exact=True)
    link = group.get_by_role("link", name=option, exact=True)
    expected = int(link.locator("xpath=..").locator(".badge").inner_text().replace(".", ""))
    follow(link)
    selected = page.get_by_role("region", name=facet, exact=True).get_by_role(
        "link", name=f"Hapus saringan: {option}")
    expect(selected).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("link", name="Hapus semua saringan")).to_be_visible()
    assert result_count(page) == expected
    return expected


def card_counts(page: Page) -> list[int]:
    counts = page.get_by_test_id("result").get_by_test_id("replication-count").all_inner_texts()
    return [int(re.match(r"(\d+) replikasi", text.strip()).group(1)) for text in counts]


def open_replicable_profile(page: Page) -> tuple[str, str]:
    """Open, from the results, the first innovation of another unit that the lurah's unit does not yet replicate."""
    cards = page.get_by_test_id("result")
    results_url = page.url
    for index in range(cards.count()):
        card = page.get_by_test_id("result").nth(index)
        unit = card.locator("p.text-muted").first.inner_text().split(" · ")[0].strip()
        if unit == LURAH_UNIT:
            continue
        title = card.get_by_role("heading", level=2).inner_text().strip()
        follow(card.get_by_role("heading", level=2).get_by_role("link"))
        expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
        replicators = page.get_by_role("region", name="Unit yang mereplikasi", exact=True)
        if page.get_by_role("link", name=REPLICATE).count() and not replicators.get_by_text(LURAH_UNIT).count():
            return title, unit
        page.goto(results_url)
    raise AssertionError("no result the lurah's unit could still replicate")


def test_lurah_finds_prints_and_replicates_an_innovation(page: Page, tmp_path):
    sign_in(page, LURAH_EMAIL, LURAH_NAME)

    # 1. The catalogue from the main menu; a search in another inflection than the texts use, highlighted.
    follow(nav(page, "Katalog"))
    expect(page.get_by_role("heading", name="Katalog Inovasi", level=1)).to_be_visible()
    expect(nav(page, "Katalog")).to_have_attribute("aria-current", "page")
    wait_for_index(page)
    everything = result_count(page)
    search(page, QUERY)
    expect(page.get_by_test_id("result-count")).to_contain_text(f"inovasi cocok dengan “{QUERY}”")
    found = result_count(page)
    assert 0 < found < everything
    expect(page.get_by_test_id("suggestion")).to_have_count(0)
    marks = page.get_by_test_id("result").locator("mark")
    expect(marks.first).to_be_visible()
    marked = {text.strip().lower() for text in marks.all_inner_texts()}
    assert "kesehatan" in marked, marked  # the stem matched, not the letters typed
    expect(page.get_by_test_id("result").first.locator(".snippet mark").first).to_be_visible()

    # Narrow down by facets: the count shrinks to the facet's number, and the filter shows as selected.
    health = apply_facet(page, "Urusan", "Kesehatan")
    assert health < found
    expect(page.get_by_label("Kata kunci", exact=True)).to_have_value(QUERY)
    for card in page.get_by_test_id("result").all():
        expect(card).to_contain_text("Kesehatan")
    replicable = apply_facet(page, "Dapat direplikasi", "Ya")
    assert 0 < replicable < health
    expect(page.get_by_role("region", name="Urusan", exact=True).get_by_role(
        "link", name="Hapus saringan: Kesehatan")).to_be_visible()  # both filters hold

    # Sorted by most replicated, the filters kept.
    search(page, QUERY, sort="Paling banyak direplikasi")
    expect(page.get_by_label("Urutkan", exact=True)).to_have_value("replicated")
    assert result_count(page) == replicable
    counts = card_counts(page)
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1], counts

    # 2. The profile of an innovation from another unit, open for replication.
    title, unit = open_replicable_profile(page)
    profile = page.get_by_test_id("profile")
    expect(profile.locator("h1 + p")).to_contain_text(unit)
    expect(profile.locator("dt:text-is('Urusan pemerintahan') + dd")).to_have_text("Kesehatan")
    replicators = page.get_by_role("region", name="Unit yang mereplikasi", exact=True)
    expect(replicators).to_be_visible()
    expect(replicators.get_by_text(LURAH_UNIT)).to_have_count(0)
    similar = page.get_by_role("region", name="Inovasi serupa", exact=True)
    expect(similar.get_by_test_id("similar").get_by_role("link").first).to_be_visible()
    expect(similar.get_by_role("link", name=title, exact=True)).to_have_count(0)  # not itself
    evidence = page.get_by_role("region", name="Bukti dukung", exact=True)
    expect(evidence.get_by_role("listitem").first).to_be_visible()
    expect(page.get_by_role("link", name=REPLICATE)).to_be_visible()
    before = replication_count(page)
    # The count is of the units listed, less those that stopped (they stay listed, last).
    listed = replicators.get_by_role("listitem")
    stopped = listed.filter(has_text="Dihentikan").count()
    expect(listed).to_have_count(before + stopped)

    # 3. Printing: only the profile, on A4.
    page.emulate_media(media="print")
    for hidden in (page.get_by_role("navigation", name="Navigasi utama"), page.locator("footer"),
                   page.get_by_role("navigation", name="Jejak halaman"), page.get_by_role("link", name=REPLICATE),
                   page.get_by_role("button", name="Cetak profil"), page.get_by_role("button", name="Keluar"),
                   similar):
        expect(hidden).to_be_hidden()
    for shown in (page.get_by_role("heading", name=title, level=1), page.get_by_text("Profil inovasi · InnoLab"),
                  page.get_by_test_id("replication-count"), evidence, replicators,
                  page.get_by_role("heading", name="Perjalanan inovasi")):
        expect(shown).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)  # no format given: print.css asks for A4
    assert pdf.startswith(b"%PDF-")
    boxes = {(float(w), float(h)) for w, h in re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)}
    assert boxes and all(abs(w - A4_POINTS[0]) < 2 and abs(h - A4_POINTS[1]) < 2 for w, h in boxes), boxes
    (tmp_path / "profil.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")
    expect(page.get_by_role("navigation", name="Navigasi utama")).to_be_visible()
    expect(page.get_by_text("Profil inovasi · InnoLab")).to_be_hidden()

    # "Cetak profil" opens the browser's print dialog (stubbed: headless Chromium has none to show).
    page.add_init_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
    page.reload()
    page.get_by_role("button", name="Cetak profil").click()
    page.wait_for_function("window.__printed > 0")
    assert page.evaluate("window.__printed") == 1
    profile_url = page.url

    # 4. Register the replication: the unit defaults to the lurah's own.
    follow(page.get_by_role("link", name=REPLICATE))
    expect(page.get_by_role("heading", name=REPLICATE, level=1)).to_be_visible()
    expect(page.get_by_text(f"meniru “{title}” dari {unit}")).to_be_visible()
    unit_select = page.get_by_label("Unit yang mereplikasi", exact=True)
    expect(unit_select.locator("option:checked")).to_have_text(LURAH_UNIT)
    expect(page.get_by_label("Buat juga draf usulan replikasi", exact=False)).to_have_count(0)  # not an innovator
    contact = "Agus Santoso, Lurah Sawojajar, 0812-3456-7890"
    plan = "Meniru alur layanan untuk warga Sawojajar; kader kelurahan dilatih oleh puskesmas asal."
    start = date.today() + timedelta(days=30)
    page.get_by_label("Narahubung", exact=True).fill(contact)
    page.get_by_label("Rencana replikasi", exact=True).fill(plan)
    page.get_by_label("Rencana mulai", exact=True).fill(start.isoformat())
    follow(page.get_by_role("button", name="Daftarkan replikasi"))

    flash(page, "Replikasi tercatat. Unit asal sudah diberi tahu.")
    expect(page).to_have_url(re.compile(r"/replications/\d+$"))
    detail_url = page.url
    expect(page.get_by_role("heading", name=f"Replikasi oleh {LURAH_UNIT}", level=1)).to_be_visible()
    expect(page.get_by_test_id("replication-status")).to_have_text("Berminat")
    expect(page.get_by_text(contact)).to_be_visible()
    expect(page.get_by_text(plan)).to_be_visible()
    history = page.get_by_test_id("replication-history").get_by_role("listitem")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("Berminat")
    expect(history.first).to_contain_text("Replikasi didaftarkan.")
    expect(history.first).to_contain_text(LURAH_NAME)

    # Back on the profile: one more replicating unit, and it is this one.
    follow(page.get_by_role("navigation", name="Jejak halaman").get_by_role("link", name=title))
    expect(page).to_have_url(profile_url)
    assert replication_count(page) == before + 1
    mine = page.get_by_role("region", name="Unit yang mereplikasi", exact=True).get_by_role(
        "listitem").filter(has_text=LURAH_UNIT)
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Berminat")

    # 5. Later, from the unit's replications: planning has started.
    follow(nav(page, "Replikasi"))
    ours = page.get_by_role("region", name="Yang dijalankan unit kami", exact=True)
    row = ours.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))
    expect(row).to_contain_text("Berminat")
    follow(row.get_by_role("link", name=title, exact=True))
    expect(page).to_have_url(detail_url)
    update = page.get_by_role("region", name="Perbarui perkembangan", exact=True)
    update.get_by_label("Status", exact=True).select_option(label="Perencanaan")
    note = "Rapat perencanaan dengan puskesmas asal sudah digelar; anggaran diusulkan di APBD Perubahan."
    update.get_by_label("Catatan perkembangan", exact=True).fill(note)
    follow(update.get_by_role("button", name="Simpan", exact=True))
    flash(page, "Perkembangan replikasi tersimpan.")
    expect(page.get_by_test_id("replication-status")).to_have_text("Perencanaan")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("Perencanaan")
    expect(history.first).to_contain_text(note)
    expect(history.first).to_contain_text(LURAH_NAME)
    expect(history.nth(1)).to_contain_text("Berminat")

    page.goto(profile_url)
    assert replication_count(page) == before + 1  # still counted while planning
    expect(page.get_by_role("region", name="Unit yang mereplikasi", exact=True).get_by_role(
        "listitem").filter(has_text=LURAH_UNIT)).to_contain_text("Perencanaan")


def test_anonymous_visitor_browses_and_a_typo_gets_a_suggestion(page: Page):
    page.goto("/catalogue")
    expect(page.get_by_role("heading", name="Katalog Inovasi", level=1)).to_be_visible()
    wait_for_index(page)
    expect(page.get_by_role("link", name="Masuk", exact=True)).to_be_visible()
    expect(nav(page, "Replikasi")).to_have_count(0)

    # A profile of a replicable innovation: readable, but replicating needs an account of the unit.
    apply_facet(page, "Dapat direplikasi", "Ya")
    card = page.get_by_test_id("result").first
    title = card.get_by_role("heading", level=2).inner_text().strip()
    follow(card.get_by_role("heading", level=2).get_by_role("link"))
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_test_id("replication-count")).to_have_text(re.compile(r"^\d+ unit$"))
    expect(page.get_by_role("region", name="Bukti dukung", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Cetak profil")).to_be_visible()
    expect(page.get_by_role("link", name=REPLICATE)).to_have_count(0)
    expect(page.get_by_role("link", name="Halaman usulan")).to_have_count(0)

    # A typo: nothing found, but the corrected spelling is one click away.
    follow(page.get_by_role("navigation", name="Jejak halaman").get_by_role("link", name="Katalog Inovasi"))
    search(page, "pelayann")
    expect(page.get_by_test_id("result")).to_have_count(0)
    expect(page.get_by_test_id("empty-state")).to_be_visible()
    suggestion = page.get_by_test_id("suggestion")
    expect(suggestion).to_contain_text("Mungkin maksud Anda:")
    follow(suggestion.get_by_role("link", name="pelayanan", exact=True))
    expect(page.get_by_label("Kata kunci", exact=True)).to_have_value("pelayanan")
    assert result_count(page) > 0
    expect(page.get_by_test_id("result").first).to_be_visible()
    expect(page.get_by_test_id("result").locator("mark").first).to_be_visible()
    expect(page.get_by_test_id("suggestion")).to_have_count(0)
