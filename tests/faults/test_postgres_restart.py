"""Fault 5: PostgreSQL restarted under traffic; errors only while it is down, recovery without intervention.

InnoLab runs under gunicorn (2 workers) on a private PostgreSQL holding the demo city. Three clients loop: an
innovator (dashboard, catalogue, draft edit and save), a coordinator (dashboard, search) and an anonymous visitor
(catalogue, /healthz). Mid-stream the database is restarted, then stopped for a few seconds and started again.

Pass criteria, absolute:
- every request that started before the database went down or after it was back (pg_ctl returned) succeeded;
- a request that failed overlapped the outage, and got the friendly 503 page (never a stack trace, never a dropped
  connection: no worker died);
- /healthz said 503 while the database was stopped and 200 after;
- after each recovery both workers served successful requests (pool_pre_ping replaced their dead connections)
  and the app process was never restarted.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from innolab.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from innolab.vocab import Role
from tests.faults.traffic import Outcome, Traffic, failures, leaked, summary
from tests.servers import Browser, app_process, private_postgres

VERSION_INPUT = re.compile(r'name="version_id" type="hidden" value="(\d+)"')
ACCESS_LINE = re.compile(r'^pid=<(\d+)> "(\S+) (\S+) [^"]*" (\d+)$', re.MULTILINE)
UNAVAILABLE = "Layanan sedang tidak tersedia"
EMAILS = {role: email for role, email, _name in DEMO_ACCOUNTS}
DOWN_SECONDS = 3


@dataclass
class Outage:
    name: str
    down: float  # just before the database was told to stop
    up: float = 0.0  # once pg_ctl said it accepts connections again
    until: float = float("inf")  # when the next outage began
    marks: list[int] = field(default_factory=list)  # access-log offsets: (after the outage, end of observation)


def test_postgres_restart_under_traffic_heals_without_restarting_the_app(tmp_path):
    with private_postgres() as pg:
        env = {
            "INNOLAB_DATABASE_URL": pg.create_database("innolab"),
            "INNOLAB_RATELIMIT_LOGIN": "1000 per minute",
            # The worker's pid on every access-log line: which worker answered what.
            "GUNICORN_CMD_ARGS": "--access-logformat 'pid=%(p)s \"%(r)s\" %(s)s'",
        }
        with app_process(tmp_path, env, workers=2) as server:
            server.flask("seed-demo")
            gunicorn_pid = server.process.pid
            draft: dict[str, int] = {}

            def setup(browser: Browser, number: int) -> None:
                role = (Role.INNOVATOR, Role.COORDINATOR, None)[number]
                browser.role = role
                if role is not None:
                    browser.sign_in(EMAILS[role], DEMO_PASSWORD)
                if role is Role.INNOVATOR:
                    created = browser.submit("/proposals/new", {"title": "Draf uji basis data mati", "action": "save"})
                    assert created.status_code == 302, created.status_code
                    draft["id"] = int(created.headers["Location"].rstrip("/").split("/")[-2])

            def scenario(browser: Browser, hit) -> None:
                if browser.role is Role.INNOVATOR:
                    hit("dashboard", "GET", "/dashboard")
                    hit("catalogue", "GET", "/catalogue")
                    form = hit("edit-form", "GET", f"/proposals/{draft['id']}/edit")
                    if form is not None and form.status_code == 200:
                        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.text).group(1)
                        hit("draft-save", "POST", f"/proposals/{draft['id']}/edit", data={
                            "csrf_token": token, "version_id": VERSION_INPUT.search(form.text).group(1),
                            "title": f"Draf uji basis data mati {time.time():.3f}", "action": "save"})
                elif browser.role is Role.COORDINATOR:
                    hit("dashboard", "GET", "/dashboard")
                    hit("search", "GET", "/search", params={"q": "layanan"})
                else:
                    hit("catalogue", "GET", "/catalogue", params={"q": "puskesmas"})
                    hit("healthz", "GET", "/healthz")

            outages = []
            with Traffic(server.base_url, scenario, clients=3, setup=setup) as traffic:
                traffic.wait_for_requests(30)

                outages.append(Outage("restart", time.monotonic()))
                pg.restart()
                outages[-1].up = time.monotonic()
                observe(server, traffic, outages[-1])

                outages.append(Outage("stop, wait, start", time.monotonic()))
                outages[0].until = outages[1].down
                pg.stop()
                time.sleep(DOWN_SECONDS)
                pg.start()
                outages[-1].up = time.monotonic()
                observe(server, traffic, outages[-1])
            outcomes = traffic.snapshot()

            assert server.process.poll() is None and server.process.pid == gunicorn_pid
            log = server.log()

    print(f"\n{len(outcomes)} requests: {summary(outcomes)}")
    for outage in outages:
        during = [o for o in outcomes if overlaps(o, outage)]
        print(f"{outage.name}: database down {outage.up - outage.down:.1f} s; {len(during)} requests overlapped it, "
              f"{len(failures(during))} failed; {len(after(outcomes, outage))} requests after it, "
              f"{len(failures(after(outcomes, outage)))} failed")

    # No request outside an outage failed; none that failed got anything but the friendly 503 page.
    outside = [o for o in outcomes if not any(overlaps(o, outage) for outage in outages)]
    assert failures(outside) == [], summary(failures(outside))
    for outcome in failures(outcomes):
        assert outcome.status == 503, (outcome.label, outcome.status, outcome.error)
        assert UNAVAILABLE in outcome.body or outcome.label == "healthz", outcome.body[:500]
        assert not leaked(outcome), outcome.body
    # While the database was stopped the probe said so, and the users saw the notice.
    stopped = outages[1]
    assert any(o.label == "healthz" and o.status == 503 for o in outcomes if overlaps(o, stopped))
    assert any(o.label != "healthz" and o.status == 503 for o in outcomes if overlaps(o, stopped))
    # After each outage: every kind of page works again, on both workers.
    for outage in outages:
        later = after(outcomes, outage)
        assert {o.label for o in later} >= {"dashboard", "catalogue", "draft-save", "search", "healthz"}
        assert all(o.status == 302 for o in later if o.label == "draft-save")
        served = {int(pid) for pid, _method, _path, status in
                  ACCESS_LINE.findall(log[outage.marks[0]:outage.marks[1]]) if int(status) < 500}
        assert len(served) >= 2, f"after {outage.name} only workers {served} answered"


def observe(server, traffic: Traffic, outage: Outage) -> None:
    """Let the traffic run on after the database is back, noting where in the access log that began."""
    outage.marks.append(len(server.log()))
    traffic.wait_for_requests(40)
    outage.marks.append(len(server.log()))


def overlaps(outcome: Outcome, outage: Outage) -> bool:
    return outcome.started < outage.up and outcome.ended > outage.down


def after(outcomes: list[Outcome], outage: Outage) -> list[Outcome]:
    return [o for o in outcomes if o.started >= outage.up and o.ended <= outage.until]
