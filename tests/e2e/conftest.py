"""End-to-end fixtures: the real app served over HTTP, driven by Debian's headless Chromium through Playwright.

The live server has its own database, seeded with the demo city, separate from the one the rest of the suite
empties after every test: a temporary SQLite file by default, or a scratch database created next to
INNOLAB_TEST_DATABASE_URL's on the same PostgreSQL server (and dropped afterwards).

Playwright never downloads a browser here: it launches the Chromium at INNOLAB_CHROMIUM (default
/usr/bin/chromium; `python3 dev.py test` installs it on Debian).
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from innolab import create_app
from innolab.config import normalise_database_url
from innolab.extensions import db

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Report CSP violations to the console even where the browser would only count them.
CSP_REPORTER = """
document.addEventListener('securitypolicyviolation', function (e) {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
});
"""


@dataclass
class LiveServer:
    url: str
    app: object


@pytest.fixture(scope="session")
def _e2e_database_url(tmp_path_factory) -> Iterator[str]:
    base = os.environ.get("INNOLAB_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path_factory.mktemp('e2e-db') / 'e2e.sqlite3'}"
        return
    url = make_url(normalise_database_url(base))
    scratch = f"{url.database}_e2e"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{scratch}"'))
    try:
        yield url.set(database=scratch).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        admin.dispose()


def _seed_demo(app) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    if result.exit_code == 0:
        return
    if "not written yet" not in result.output:
        raise RuntimeError(f"seed-demo failed:\n{result.output}") from result.exception
    # Stop-gap until the demo seed exists: just the five demo logins.
    from innolab.auth.services import create_user
    from innolab.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
    from innolab.models import Unit
    from innolab.vocab import UnitKind

    with app.app_context():
        unit = Unit(name="Pemerintah Kota Demo", kind=UnitKind.PEMDA, code="99.99")
        db.session.add(unit)
        for role, email, name in DEMO_ACCOUNTS:
            create_user(email=email, name=name, unit=unit, password=DEMO_PASSWORD, roles=[role])
        db.session.commit()


@pytest.fixture(scope="session")
def live_server(_e2e_database_url, tmp_path_factory) -> Iterator[LiveServer]:
    """The whole app on a free loopback port, with CSRF and every security header as in production."""
    data = tmp_path_factory.mktemp("e2e-data")
    app = create_app(
        {
            "SECRET_KEY": "e2e-secret-key",
            "SQLALCHEMY_DATABASE_URI": _e2e_database_url,
            "INDEX_DIR": str(data / "index"),
            "UPLOAD_DIR": str(data / "uploads"),
            "MAIL_SERVER": None,
            # Every journey signs in again; keep the limiter on but out of the way.
            "RATELIMIT_LOGIN": "1000 per minute",
        }
    )
    with app.app_context():
        db.create_all()  # tests/test_migrations.py checks that the migrations build this same schema
    _seed_demo(app)
    app.extensions["innolab.search"].ensure_ready(background=False)  # journeys search from their first step
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
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


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("INNOLAB_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(
            f"Chromium not found at {executable}: install Debian's chromium (python3 dev.py test does it as root) "
            "or set INNOLAB_CHROMIUM.",
            pytrace=False,
        )
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@dataclass
class ConsoleLog:
    """Console errors, uncaught exceptions and CSP violations seen during one test."""

    errors: list[str] = field(default_factory=list)


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def new_page(browser, live_server, console) -> Iterator[Callable[[], object]]:
    """Opens pages, each in a fresh browser context in Indonesian (one per person when a journey has several).

    Fails the test on any console error, uncaught exception or CSP violation in any of them.
    """
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta")
        contexts.append(context)
        context.set_default_timeout(10_000)
        context.add_init_script(CSP_REPORTER)
        page = context.new_page()

        def on_console(msg) -> None:
            if msg.type == "error":
                console.errors.append(f"{page.url}: {msg.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: console.errors.append(f"{page.url}: uncaught {exc}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    if console.errors:
        pytest.fail("browser console errors:\n" + "\n".join(console.errors), pytrace=False)


@pytest.fixture
def page(new_page) -> object:
    """A fresh browser context per test, in Indonesian; fails the test on any console error or CSP violation."""
    return new_page()
