"""Stored and reflected XSS in a real Chromium: script typed into a proposal's title and summary, a comment, a unit's
name, a person's name and a search query never runs on any page that shows it.

Three layers are checked on every page: no JavaScript dialog opens (page.on("dialog")), no element the payload would
create exists in the DOM (so escaping holds even without the CSP), and no CSP violation or console error occurs
(the new_page fixture fails the test on those). The proposal form's similar-innovations panel, which builds its list
from JSON in JavaScript, is driven by typing the payload.

This module serves its own small app (the new_page fixture picks this live_server up), so the hostile records never
reach the demo city that the journeys use.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from innolab import create_app
from innolab.auth.services import create_user
from innolab.extensions import db
from innolab.models import Comment, CommentVisibility, Notification
from innolab.pipeline.defaults import ensure_reference_data
from innolab.pipeline.stages import Stage, Status
from innolab.proposals import services
from innolab.vocab import Role, UnitKind
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.e2e

PAYLOAD = ("<script>alert('script')</script>\"><img src=x onerror=alert('img')>"
           "<svg onload=alert('svg')>'-alert('quote')-'")
# What the payload would put into the DOM if it were not escaped.
INJECTED = "script:not([src]), img[src='x'], svg[onload], [onerror], [onload]"
EMAILS = {role: f"xss-{role.value}@kota-uji.go.id" for role in (Role.INNOVATOR, Role.COORDINATOR, Role.VIEWER)}


def _seed() -> dict:
    ensure_reference_data()
    region = _unit("Pemerintah Kota Uji XSS", UnitKind.PEMDA, None, "99.98")
    hostile_unit = _unit(PAYLOAD, UnitKind.KELURAHAN, region, "XSS-1")
    lab_unit = _unit("Bapperida", UnitKind.OPD, region, "XSS-2")
    owner = create_user(email=EMAILS[Role.INNOVATOR], name=PAYLOAD, unit=hostile_unit, password=TEST_PASSWORD,
                        roles=[Role.INNOVATOR])
    create_user(email=EMAILS[Role.COORDINATOR], name="Koordinator Lab", unit=lab_unit, password=TEST_PASSWORD,
                roles=[Role.COORDINATOR])
    create_user(email=EMAILS[Role.VIEWER], name="Lurah Uji", unit=hostile_unit, password=TEST_PASSWORD,
                roles=[Role.VIEWER])
    made = []
    for n in (1, 2):
        innovation = services.create_draft(owner, {
            "title": f"{PAYLOAD} {n}", "summary": f"Ringkasan {PAYLOAD}", "background": PAYLOAD,
            "affair": "kesehatan", "innovation_type": "digital", "form": "pelayanan_publik", "tags": [PAYLOAD]})
        innovation.stage, innovation.status = Stage.PILOTING, Status.IN_PROGRESS
        innovation.published, innovation.replicable = True, True
        made.append(innovation)
    db.session.flush()
    db.session.add_all([
        Comment(innovation_id=made[0].id, author_id=owner.id, body=PAYLOAD,
                visibility=CommentVisibility.PARTICIPANTS),
        Notification(user_id=owner.id, kind="comment.posted", innovation_id=made[0].id, payload={"title": PAYLOAD},
                     url=f"/proposals/{made[0].id}/comments"),
    ])
    db.session.commit()
    return {"innovation_id": made[0].id}


def _unit(name, kind, parent, code):
    from innolab.models import Unit

    unit = Unit(name=name, kind=kind, parent=parent, code=code)
    db.session.add(unit)
    return unit


@pytest.fixture(scope="module")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """This module's own app on a free loopback port, with CSRF and every security header, seeded with payloads."""
    data = tmp_path_factory.mktemp("xss-e2e")
    app = create_app({
        "SECRET_KEY": "e2e-xss-secret-key", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{data / 'xss.sqlite3'}",
        "INDEX_DIR": str(data / "index"), "UPLOAD_DIR": str(data / "uploads"), "MAIL_SERVER": None,
        "RATELIMIT_LOGIN": "1000 per minute", "SEARCH_REPAIR_IN_BACKGROUND": False,
    })
    with app.app_context():
        db.create_all()
        app.config["XSS_SEED"] = _seed()
    app.extensions["innolab.search"].ensure_ready(background=False)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-xss-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def dialogs() -> list[str]:
    return []


def watch(page: Page, dialogs: list[str]) -> Page:
    def on_dialog(dialog) -> None:
        dialogs.append(f"{page.url}: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page


def sign_in(page: Page, role: Role) -> None:
    page.goto("/login")
    page.get_by_label("E-mail", exact=True).fill(EMAILS[role])
    page.get_by_label("Kata sandi", exact=True).fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page).to_have_url(f"{page.url.split('/dashboard')[0]}/dashboard")


def visit(page: Page, path: str, dialogs: list[str], shows_payload: bool = True) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    injected = page.locator(INJECTED).count()
    assert injected == 0, f"{path}: {injected} element(s) made from the payload"
    if shows_payload:  # the typed text is there, as text
        assert page.get_by_text("alert('script')", exact=False).count() > 0, f"{path} does not show the text"
    assert not dialogs, f"a dialog opened: {dialogs}"


def test_pages_of_the_innovator(new_page, live_server, dialogs):
    page = watch(new_page(), dialogs)
    innovation_id = live_server.app.config["XSS_SEED"]["innovation_id"]
    sign_in(page, Role.INNOVATOR)
    for path in ("/dashboard", "/proposals/", f"/proposals/{innovation_id}", f"/proposals/{innovation_id}/comments",
                 f"/proposals/{innovation_id}/evidence", "/notifications/", "/account", "/catalogue",
                 f"/catalogue/{innovation_id}", f"/catalogue?q={quote('alert script')}", f"/search?q={quote(PAYLOAD)}"):
        visit(page, path, dialogs, shows_payload=path != "/account")


def test_the_similar_panel_builds_its_list_as_text(new_page, live_server, dialogs):
    page = watch(new_page(), dialogs)
    innovation_id = live_server.app.config["XSS_SEED"]["innovation_id"]
    sign_in(page, Role.INNOVATOR)
    visit(page, f"/proposals/{innovation_id}/edit", dialogs, shows_payload=False)
    page.locator("#title").fill(f"{PAYLOAD} alert script")
    listed = page.locator("[data-similar-list] li")
    expect(listed.first).to_be_visible()  # the panel really filled in from the JSON answer
    expect(listed.first).to_contain_text("alert('script')")
    assert page.locator(INJECTED).count() == 0 and not dialogs


def test_pages_of_the_lab(new_page, live_server, dialogs):
    page = watch(new_page(), dialogs)
    innovation_id = live_server.app.config["XSS_SEED"]["innovation_id"]
    sign_in(page, Role.COORDINATOR)
    for path in ("/dashboard/lab", "/dashboard/report", "/lab/?status=all", f"/proposals/{innovation_id}",
                 f"/lab/{innovation_id}/decide", f"/search?q={quote(PAYLOAD)}"):
        visit(page, path, dialogs)


def test_pages_of_a_unit_head_and_a_visitor(new_page, live_server, dialogs):
    innovation_id = live_server.app.config["XSS_SEED"]["innovation_id"]
    lurah = watch(new_page(), dialogs)
    sign_in(lurah, Role.VIEWER)
    for path in ("/dashboard/unit", f"/catalogue/{innovation_id}", f"/search?q={quote(PAYLOAD)}"):
        visit(lurah, path, dialogs)
    visitor = watch(new_page(), dialogs)
    for path in ("/catalogue", f"/catalogue/{innovation_id}", f"/catalogue?q={quote(PAYLOAD)}"):
        visit(visitor, path, dialogs)
