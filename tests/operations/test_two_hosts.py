"""Two hosts, as production runs them: one PostgreSQL, one Redis, a shared upload folder, an index folder each.

Both are real gunicorn processes on their own loopback ports; only the database and Redis connect them.
"""
from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import pytest

from innolab.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from innolab.vocab import Role
from tests.servers import AppProcess, Browser, app_process, private_postgres, private_redis

EMAIL = {role: email for role, email, _name in DEMO_ACCOUNTS}


@dataclass
class Cluster:
    a: AppProcess
    b: AppProcess


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[Cluster]:
    with ExitStack() as stack:
        postgres = stack.enter_context(private_postgres())
        redis_url = stack.enter_context(private_redis())
        shared = tmp_path_factory.mktemp("shared")
        env = {
            "INNOLAB_DATABASE_URL": postgres.create_database("innolab"),
            "INNOLAB_REDIS_URL": redis_url,
            "INNOLAB_UPLOAD_DIR": str(shared / "uploads"),
            "INNOLAB_RATELIMIT_LOGIN": "6 per minute",
            "INNOLAB_PROXY_COUNT": "1",  # as behind the load balancer: the client address comes from it
        }
        a = stack.enter_context(app_process(tmp_path_factory.mktemp("host-a"), env, workers=2))
        a.flask("seed-demo")
        b = stack.enter_context(app_process(tmp_path_factory.mktemp("host-b"), env, workers=2, migrate=False))
        assert a.env["INNOLAB_INDEX_DIR"] != b.env["INNOLAB_INDEX_DIR"]
        yield Cluster(a, b)


def _on(host: AppProcess, browser: Browser) -> Browser:
    """The same user agent talking to another host: same cookies, as behind a load balancer."""
    other = host.browser()
    other.cookies.update(browser.cookies)
    return other


def test_a_proposal_saved_on_one_host_is_found_by_search_on_the_other_within_5_s(cluster):
    title = f"Pelayanan Akta Kelahiran Keliling {time.monotonic_ns() % 10**6}"
    on_a = cluster.a.browser()
    on_a.sign_in(EMAIL[Role.INNOVATOR], DEMO_PASSWORD)
    saved = on_a.submit("/proposals/new", {"title": title, "summary": "Akta diantar ke rumah warga."})
    assert saved.status_code == 302 and "/edit" in saved.headers["Location"]
    saved_at = time.monotonic()

    on_b = _on(cluster.b, on_a)
    while True:
        page = on_b.get("/search", params={"q": "melayani akta kelahiran keliling"})
        assert page.status_code == 200
        if title in html.unescape(re.sub(r"<[^>]+>", "", page.text)):
            break
        assert time.monotonic() - saved_at < 5, "host B's search never found the proposal saved on host A"
        time.sleep(0.2)


def test_a_session_started_on_one_host_is_honoured_and_ended_on_the_other(cluster):
    on_a = cluster.a.browser()
    on_a.sign_in(EMAIL[Role.COORDINATOR], DEMO_PASSWORD)
    on_b = _on(cluster.b, on_a)
    dashboard = on_b.get("/dashboard", allow_redirects=False)
    assert dashboard.status_code == 200 and "Rina Wulandari" in dashboard.text

    on_b.submit("/dashboard", {}, action="/logout")
    after = on_a.get("/dashboard", allow_redirects=False)
    assert after.status_code == 302 and "/login" in after.headers["Location"]


def test_failed_logins_are_counted_once_across_both_hosts(cluster):
    """With Redis the limit is the region's, not each worker's: alternating hosts does not buy more guesses."""
    attempts = []
    for i in range(7):
        host = cluster.a if i % 2 == 0 else cluster.b
        guesser = host.browser()
        guesser.headers["X-Forwarded-For"] = "203.0.113.7"  # one client, whichever host the balancer picks
        response = guesser.submit("/login", {"email": EMAIL[Role.ADMIN], "password": "salah-tebak"})
        attempts.append(response.status_code)
    # 6 per minute in all: three tries on each host are refused normally, the seventh is rate-limited.
    assert attempts[:6] == [200] * 6, attempts
    assert attempts[6] == 429, attempts
