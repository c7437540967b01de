"""Journey: every demo account signs in, sees the navigation its role needs, in Indonesian, and signs out."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from innolab.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from innolab.vocab import Role

pytestmark = pytest.mark.e2e

# What each role's badge says on the dashboard, as a person reads it.
ROLE_BADGES = {
    Role.ADMIN: "Administrator",
    Role.COORDINATOR: "Koordinator Lab",
    Role.REVIEWER: "Penilai",
    Role.INNOVATOR: "Inovator",
    Role.VIEWER: "Pimpinan Unit",
}
PHONE = {"width": 390, "height": 844}


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()


@pytest.mark.parametrize(("role", "email", "name"), DEMO_ACCOUNTS, ids=[str(role) for role, _, _ in DEMO_ACCOUNTS])
def test_each_role_signs_in_sees_its_menu_and_signs_out(page: Page, role: Role, email: str, name: str):
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", name="Masuk ke InnoLab")).to_be_visible()

    sign_in(page, email)

    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", name=f"Selamat datang, {name}")).to_be_visible()
    expect(page.get_by_test_id("role-badge")).to_contain_text([ROLE_BADGES[role]])

    nav = page.get_by_role("navigation", name="Navigasi utama")
    expect(nav.get_by_test_id("account-link")).to_contain_text(name)
    expect(nav.get_by_role("link", name="Beranda", exact=True)).to_have_attribute("aria-current", "page")
    admin_menu = nav.get_by_role("button", name="Administrasi")
    if role is Role.ADMIN:
        expect(nav.get_by_role("link", name="Pengguna")).to_be_hidden()
        admin_menu.click()
        expect(nav.get_by_role("link", name="Pengguna", exact=True)).to_be_visible()
        expect(nav.get_by_role("link", name="Unit kerja", exact=True)).to_be_visible()
        nav.get_by_role("link", name="Pengguna", exact=True).click()
        expect(page).to_have_url(re.compile(r"/admin/users$"))
    else:
        expect(admin_menu).to_have_count(0)
        expect(page.get_by_role("link", name="Pengguna")).to_have_count(0)
        expect(page.get_by_role("link", name="Unit kerja")).to_have_count(0)

    page.get_by_role("button", name="Keluar", exact=True).click()

    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_text("Anda telah keluar.")).to_be_visible()
    expect(page.get_by_test_id("account-link")).to_have_count(0)
    page.goto("/dashboard")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_text("Silakan masuk untuk membuka halaman ini.")).to_be_visible()


def test_phone_menu_collapses_behind_the_toggler(page: Page):
    page.set_viewport_size(PHONE)
    admin_email = next(email for role, email, _ in DEMO_ACCOUNTS if role is Role.ADMIN)
    sign_in(page, admin_email)
    expect(page).to_have_url(re.compile(r"/dashboard$"))

    nav = page.get_by_role("navigation", name="Navigasi utama")
    toggler = nav.get_by_role("button", name="Buka menu")
    account = nav.get_by_test_id("account-link")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(account).to_be_hidden()
    expect(nav.get_by_role("button", name="Keluar")).to_be_hidden()

    page.wait_for_load_state("load")  # Bootstrap's script must be there to open the menu
    toggler.click()

    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(account).to_be_visible()
    expect(nav.get_by_role("link", name="Beranda", exact=True)).to_be_visible()
    nav.get_by_role("button", name="Administrasi").click()
    expect(nav.get_by_role("link", name="Unit kerja", exact=True)).to_be_visible()
    # The page itself fits the phone: nothing makes it scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    nav.get_by_role("button", name="Keluar", exact=True).click()
    expect(page).to_have_url(re.compile(r"/login$"))


def test_language_selector_switches_the_login_page_to_english_and_back(page: Page):
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "id")

    page.get_by_label("Bahasa", exact=True).select_option("en")  # the selector submits itself on change

    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Sign in to InnoLab")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_label("Password", exact=True)).to_be_visible()
    expect(page.locator("#lang-select")).to_have_value("en")

    page.get_by_label("Language", exact=True).select_option("id")

    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", name="Masuk ke InnoLab")).to_be_visible()
    expect(page.get_by_role("button", name="Masuk", exact=True)).to_be_visible()
    expect(page.locator("#lang-select")).to_have_value("id")
