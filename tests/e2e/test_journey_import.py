"""In Chromium: the lab's coordinator checks a spreadsheet, watches the upload progress, then imports it; the page
is updated in place (XMLHttpRequest) and shows the per-row report. Also: the lab queue offers its exports.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from innolab.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from innolab.extensions import db
from innolab.models import Innovation, Unit
from innolab.vocab import Role

pytestmark = pytest.mark.e2e

EMAIL, NAME = next((email, name) for role, email, name in DEMO_ACCOUNTS if role is Role.COORDINATOR)
# Watches the progress box of the page as loaded; the report replaces it, so what it saw is kept in window.
WATCH_PROGRESS = """() => {
  window.stayedOnPage = true;
  window.progressSeen = [];
  const box = document.getElementById('import-progress');
  const text = box.querySelector('[data-progress-text]');
  new MutationObserver(() => { if (!box.hidden) { window.progressSeen.push(text.textContent); } })
    .observe(box, {attributes: true, childList: true, characterData: true, subtree: true});
}"""


def sign_in(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("E-mail", exact=True).fill(EMAIL)
    page.get_by_label("Kata sandi", exact=True).fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("heading", name=f"Selamat datang, {NAME}")).to_be_visible()


def test_a_coordinator_checks_then_imports_a_file_with_upload_progress(page: Page, live_server):
    with live_server.app.app_context():
        code = db.session.scalar(select(Unit.code).where(Unit.code.is_not(None)).order_by(Unit.id))
    padding = "Ringkasan panjang. " * 1000  # within a cell's limit; the upload takes a moment even on loopback
    csv_text = ("external_ref,title,summary,unit_code,stage\n"
                f"E2E-IMPOR-1,Uji Coba Impor dari Lembar Kerja,{padding},{code},piloting\n"
                f"E2E-IMPOR-2,Tahap salah,,{code},inkubasi\n")
    upload = {"name": "daftar-lab.csv", "mimeType": "text/csv", "buffer": csv_text.encode()}

    sign_in(page)
    in_lab_before = lab_total(page)
    page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Impor inovasi").click()
    expect(page).to_have_url(re.compile(r"/transfer/import$"))
    expect(page.get_by_role("heading", name="Impor inovasi dari berkas")).to_be_visible()
    expect(page.locator("#import-progress")).to_be_hidden()

    page.evaluate(WATCH_PROGRESS)
    page.get_by_label("Berkas CSV atau XLSX").set_input_files(upload)
    page.get_by_role("button", name="Periksa saja").click()
    expect(page.get_by_role("heading", name="Hasil pemeriksaan (tidak ada yang disimpan)")).to_be_visible()
    assert page.evaluate("window.stayedOnPage") is True  # the report came in place, without a page load
    seen = page.evaluate("window.progressSeen")
    assert any(text.startswith("Mengunggah berkas:") for text in seen), seen
    assert any(text.startswith("Berkas terkirim.") for text in seen), seen
    report = page.get_by_test_id("import-report")
    expect(report).to_contain_text("Akan dibuat: 1")
    expect(report.get_by_test_id("issue")).to_have_count(1)
    expect(report.get_by_test_id("issue")).to_contain_text("inkubasi")
    with live_server.app.app_context():
        assert db.session.scalar(select(Innovation).where(Innovation.external_ref == "E2E-IMPOR-1")) is None

    # The report page's form works the same way: import the file for real.
    page.get_by_label("Berkas CSV atau XLSX").set_input_files(upload)
    page.get_by_role("button", name="Impor", exact=True).click()
    expect(page.get_by_role("heading", name="Hasil impor")).to_be_visible()
    expect(page.get_by_test_id("import-report")).to_contain_text("Dibuat: 1")
    expect(page.get_by_role("status").filter(has_text="Impor selesai: 1 dibuat")).to_be_visible()
    with live_server.app.app_context():
        imported = db.session.scalar(select(Innovation).where(Innovation.external_ref == "E2E-IMPOR-1"))
        assert imported is not None and imported.owner.email == EMAIL

    # At once in search, and counted on the dashboard.
    page.goto("/search?q=lembar+kerja")
    expect(page.get_by_test_id("result").filter(has_text="Uji Coba Impor dari Lembar Kerja")).to_be_visible()
    assert lab_total(page) == in_lab_before + 1


def lab_total(page: Page) -> int:
    """The dashboard's "Inovasi di lab" figure."""
    page.goto("/dashboard/lab")
    return int(page.locator('[data-figure="card:0"]').inner_text().replace(".", ""))


def test_the_lab_queue_offers_csv_and_xlsx_exports_of_its_filtered_list(page: Page):
    sign_in(page)
    page.goto("/lab/?status=all&stage=piloting")
    link = page.get_by_test_id("export-xlsx")
    expect(link).to_have_attribute("href", re.compile(r"stage=piloting.*format=xlsx"))
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
