"""Journey 1 in Chromium: an innovator drafts a proposal, attaches evidence, and submits it.

Also: text typed into the proposal form survives a save that fails because the session has expired, and the
journey works with the keyboard alone.
"""
from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from innolab.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from innolab.vocab import Role

pytestmark = pytest.mark.e2e

INNOVATOR_EMAIL = next(email for role, email, _ in DEMO_ACCOUNTS if role is Role.INNOVATOR)
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def follow(target: Locator) -> None:
    """Click something that loads a page, and wait until that page has loaded.

    Moving on while a page still loads would abort its requests, which the test server reports as leaked files.
    """
    with target.page.expect_navigation():
        target.click()


def fill_login(page: Page, email: str = INNOVATOR_EMAIL) -> None:
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(DEMO_PASSWORD)
    follow(page.get_by_role("button", name="Masuk", exact=True))


def start_draft(page: Page, title: str) -> None:
    """From the dashboard: Usulan saya → new proposal → title and half a summary → save."""
    follow(page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Usulan saya"))
    expect(page.get_by_role("heading", name="Usulan saya", exact=True)).to_be_visible()
    follow(page.get_by_role("link", name="Buat usulan baru").first)
    expect(page.get_by_role("heading", name="Usulan inovasi baru")).to_be_visible()
    page.get_by_label("Judul inovasi", exact=True).fill(title)
    page.get_by_label("Ringkasan", exact=True).fill("Warga mengambil nomor antrean")
    follow(page.get_by_role("button", name="Simpan draf"))
    expect(page.get_by_text("Draf tersimpan.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/proposals/\d+/edit$"))


def test_innovator_drafts_attaches_evidence_and_submits(page: Page, tmp_path):
    title = f"Antrean Daring Puskesmas Dinoyo {secrets.token_hex(3)}"
    pdf = tmp_path / "SK Tim Antrean Daring.pdf"
    pdf.write_bytes(PDF)

    page.goto("/login")
    fill_login(page)
    start_draft(page, title)

    # The half-finished draft is really saved: a reload shows it, and so does "Usulan saya".
    page.reload()
    expect(page.get_by_label("Judul inovasi", exact=True)).to_have_value(title)
    expect(page.get_by_label("Ringkasan", exact=True)).to_have_value("Warga mengambil nomor antrean")
    expect(page.get_by_text("Ada isian yang belum tersimpan")).to_be_hidden()

    page.get_by_label("Ringkasan", exact=True).fill(
        "Warga mengambil nomor antrean puskesmas dari rumah lewat WhatsApp dan datang saat gilirannya tiba.")
    page.get_by_label("Jenis inovasi", exact=True).select_option(label="Digital")
    page.get_by_label("Bentuk inovasi", exact=True).select_option(label="Inovasi pelayanan publik")
    page.get_by_label("Urusan pemerintahan", exact=True).select_option(label="Kesehatan")
    page.get_by_label("Latar belakang", exact=True).fill("Antrean pagi mengular sejak pukul lima.")
    page.get_by_label("Tujuan", exact=True).fill("Waktu tunggu turun dari 3 jam menjadi 30 menit.")
    page.get_by_label("Kebaruan / nilai tambah", exact=True).fill("Nomor antrean dan pengingat lewat WhatsApp.")
    page.get_by_label("Penerima manfaat", exact=True).fill("Pasien rawat jalan Puskesmas Dinoyo")
    follow(page.get_by_role("button", name="Simpan draf"))
    expect(page.get_by_text("Perubahan tersimpan.")).to_be_visible()

    # Evidence: a real PDF file and a video link, each with its kind.
    follow(page.get_by_role("link", name="Kelola bukti dukung"))
    expect(page.get_by_role("heading", name=f"Bukti dukung: {title}")).to_be_visible()
    upload_form = page.get_by_role("form", name="Unggah berkas")
    upload_form.get_by_label("Jenis bukti dukung").select_option(label="SK tim atau surat tugas")
    upload_form.get_by_label("Judul / keterangan").fill("SK Tim Antrean Daring")
    file_input = upload_form.get_by_label("Berkas")
    file_input.set_input_files({"name": "video-mentah.pdf", "mimeType": "application/pdf",
                                "buffer": b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)})
    expect(upload_form.get_by_text("Berkas terlalu besar: maksimal 10 MB per berkas. Pilih berkas lain.")
           ).to_be_visible()
    expect(file_input).to_have_value("")  # refused before any upload
    file_input.set_input_files(pdf)
    expect(upload_form.get_by_text("Berkas terlalu besar")).to_be_hidden()
    follow(upload_form.get_by_role("button", name="Unggah berkas"))
    expect(page.get_by_text("Berkas bukti dukung tersimpan.")).to_be_visible()
    gate = page.get_by_test_id("checklist-prototyping")
    expect(gate.locator('[data-kind="sk_tim"]')).to_have_attribute("data-done", "yes")
    expect(gate.get_by_text("Masih kurang: Dokumen perencanaan (RKPD/Renja)")).to_be_visible()

    link_form = page.get_by_role("form", name="Tambah tautan")
    link_form.get_by_label("Jenis bukti dukung").select_option(label="Lainnya")
    link_form.get_by_label("Judul / keterangan").fill("Video profil layanan (4 menit)")
    link_form.get_by_label("Alamat tautan (URL)").fill("https://www.youtube.com/watch?v=antrean-dinoyo")
    follow(link_form.get_by_role("button", name="Tambah tautan"))
    expect(page.get_by_text("Tautan bukti dukung tersimpan.")).to_be_visible()
    evidence = page.get_by_role("table", name="Bukti dukung yang sudah dilampirkan")
    expect(evidence.get_by_role("link", name="SK Tim Antrean Daring")).to_have_attribute(
        "href", re.compile(r"/evidence/\d+/download$"))
    video = evidence.get_by_role("link", name=re.compile("Video profil layanan"))
    expect(video).to_have_attribute("rel", "noopener noreferrer")

    # The file comes back as a download, byte for byte.
    with page.expect_download() as download_info:
        evidence.get_by_role("link", name="SK Tim Antrean Daring").click()
    download = download_info.value
    assert download.suggested_filename == "SK Tim Antrean Daring.pdf"
    assert Path(download.path()).read_bytes() == PDF

    # Submit from the form; the proposal is now with the lab.
    follow(page.get_by_role("link", name="Ubah", exact=True))
    follow(page.get_by_role("button", name="Ajukan", exact=True))
    expect(page.get_by_text("Usulan diajukan ke laboratorium inovasi.")).to_be_visible()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.locator(".badge.status-submitted")).to_have_text("Diajukan")
    timeline = page.get_by_role("region", name="Riwayat tahapan")
    expect(timeline.get_by_text("Ide · Diajukan")).to_be_visible()
    expect(timeline.get_by_text("Usulan diajukan.")).to_be_visible()
    expect(page.get_by_role("form", name="Unggah berkas")).to_have_count(0)  # locked while the lab works

    follow(page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Usulan saya"))
    row = page.get_by_role("row").filter(has_text=title)
    expect(row).to_contain_text("Diajukan")
    expect(row).to_contain_text("Menunggu seleksi administrasi")


def test_typed_text_survives_an_expired_session(page: Page, console):
    title = f"Bank Sampah Digital {secrets.token_hex(3)}"
    background = "Sampah plastik di Kelurahan Sukun belum terpilah; bank sampah mencatat setoran di buku tulis."
    page.goto("/login")
    fill_login(page)
    start_draft(page, title)
    edit_url = page.url

    page.get_by_label("Latar belakang", exact=True).fill(background)
    # The session ends while the innovator is still typing (signed out in another tab, as a timeout would).
    other_tab = page.context.new_page()
    other_tab.goto("/dashboard")
    follow(other_tab.get_by_role("button", name="Keluar", exact=True))
    expect(other_tab.get_by_text("Anda telah keluar.")).to_be_visible()
    other_tab.close()
    follow(page.get_by_role("button", name="Simpan draf"))
    # The save fails one of two ways, both right: the form's token died with the session (400, "form expired"), or
    # the browser still sent the old cookie, whose token passes but whose session row has ended (to the login page).
    expired = page.get_by_role("heading", name="Sesi formulir kedaluwarsa")
    sign_in_again = page.get_by_role("heading", name="Masuk ke InnoLab")
    expect(expired.or_(sign_in_again)).to_be_visible()
    if expired.is_visible():
        # The refused POST is the one console error this journey expects; any other still fails the test.
        expected = f"{edit_url}: Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
        assert expected in console.errors
        console.errors.remove(expected)

    page.goto(edit_url)
    expect(page).to_have_url(re.compile(r"/login\?next="))
    fill_login(page)
    expect(page).to_have_url(edit_url)
    field = page.get_by_label("Latar belakang", exact=True)
    expect(field).to_have_value("")
    banner = page.get_by_role("status").filter(has_text="Ada isian yang belum tersimpan")
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="Pulihkan").click()
    expect(field).to_have_value(background)
    expect(banner).to_be_hidden()

    follow(page.get_by_role("button", name="Simpan draf"))
    expect(page.get_by_text("Perubahan tersimpan.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Latar belakang", exact=True)).to_have_value(background)
    expect(page.get_by_text("Ada isian yang belum tersimpan")).to_be_hidden()


def tab_to(page: Page, target: Locator, limit: int = 120) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def press_to_load(page: Page, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def open_file_chooser(page: Page):
    """Open the picker from the focused file field with the keyboard, as a keyboard user would.

    The listener is attached before any key is pressed: Playwright turns on chooser interception asynchronously, and a
    picker that opens before that is a native one which blocks every later picker on the page.
    """
    choosers = []

    def caught(chooser) -> None:
        choosers.append(chooser)

    page.on("filechooser", caught)
    page.wait_for_timeout(200)  # let the interception switch reach the browser
    try:
        for key in ("Enter", "Space", "Enter"):
            page.keyboard.press(key)
            for _ in range(20):
                if choosers:
                    return choosers[0]
                page.wait_for_timeout(100)
    finally:
        page.remove_listener("filechooser", caught)
    raise AssertionError("the keyboard never opened the file picker")


def test_the_same_journey_works_with_the_keyboard_alone(page: Page, tmp_path):
    title = f"Layanan Akta Keliling {secrets.token_hex(3)}"
    pdf = tmp_path / "sk-tim.pdf"
    pdf.write_bytes(PDF)
    page.goto("/login")
    tab_to(page, page.get_by_label("E-mail", exact=True))
    page.keyboard.type(INNOVATOR_EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    press_to_load(page)

    tab_to(page, page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Usulan saya"))
    press_to_load(page)
    tab_to(page, page.get_by_role("link", name="Buat usulan baru").first)
    press_to_load(page)
    tab_to(page, page.get_by_label("Judul inovasi", exact=True))
    page.keyboard.type(title)
    for label, text in (("Jenis inovasi", "Digital"), ("Bentuk inovasi", "Inovasi pelayanan publik"),
                        ("Urusan pemerintahan", "Administrasi Kependudukan"), ("Ringkasan", "Akta lahir diantar."),
                        ("Latar belakang", "Warga jauh dari kantor."), ("Tujuan", "Akta terbit di kelurahan."),
                        ("Kebaruan / nilai tambah", "Petugas keliling."), ("Penerima manfaat", "Warga pinggiran")):
        tab_to(page, page.get_by_label(label, exact=True))
        page.keyboard.type(text)  # a closed select jumps to the option typed
    expect(page.get_by_label("Urusan pemerintahan", exact=True)).to_have_value("adminduk")
    tab_to(page, page.get_by_role("button", name="Simpan draf"))
    press_to_load(page)
    expect(page.get_by_text("Draf tersimpan.")).to_be_visible()

    tab_to(page, page.get_by_role("link", name="Kelola bukti dukung"))
    press_to_load(page)
    upload_form = page.get_by_role("form", name="Unggah berkas")
    tab_to(page, upload_form.get_by_label("Jenis bukti dukung"))
    page.keyboard.type("SK tim")
    tab_to(page, upload_form.get_by_label("Berkas"))
    open_file_chooser(page).set_files(pdf)
    tab_to(page, upload_form.get_by_role("button", name="Unggah berkas"))
    press_to_load(page)
    expect(page.get_by_text("Berkas bukti dukung tersimpan.")).to_be_visible()

    tab_to(page, page.get_by_role("link", name="Ubah", exact=True))
    press_to_load(page)
    tab_to(page, page.get_by_role("button", name="Ajukan", exact=True))
    press_to_load(page)
    expect(page.get_by_text("Usulan diajukan ke laboratorium inovasi.")).to_be_visible()
    expect(page.locator(".badge.status-submitted")).to_have_text("Diajukan")


def test_similar_innovations_appear_while_the_title_is_typed(page: Page):
    page.goto("/login")
    fill_login(page)
    page.goto("/proposals/new")
    panel = page.get_by_role("complementary", name="Inovasi serupa yang sudah ada")
    expect(panel).to_be_hidden()
    page.get_by_label("Judul inovasi", exact=True).press_sequentially("Bank sampah warga", delay=30)
    expect(panel).to_be_visible()
    links = panel.get_by_role("link")
    expect(links.first).to_contain_text("Sampah")
    assert links.count() <= 5
    # Typing on is never blocked, and the panel follows the newest text.
    page.get_by_label("Latar belakang", exact=True).fill("Stunting balita dan gizi ibu hamil di posyandu")
    expect(panel.get_by_role("link").filter(has_text=re.compile("Stunting|STUNTING|Gizi", re.I)).first).to_be_visible()
