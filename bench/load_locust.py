"""Locust users for bench/load.py (run by it as `locust -f bench/load_locust.py --headless …`; not on its own).

LOAD_PLAN names the JSON plan bench/load.py wrote (accounts, ids, queries); LOAD_PHASE is one endpoint's name for
a dedicated throughput phase, or "mixed"; LOAD_RESULT is where every request's time and outcome are written.
Exact response times are kept (locust's own percentiles are bucketed), and requests of the users' set-up (signing
in) are kept apart from the measured ones.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from collections import defaultdict
from urllib.parse import urlencode

from locust import between, constant, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())  # noqa: SIM115
PHASE = os.environ.get("LOAD_PHASE", "mixed")
RESULT = os.environ["LOAD_RESULT"]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version_id"[^>]*value="([^"]*)"')
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SETUP = "setup: "  # names of requests that only prepare a user

times: dict[str, list[float]] = defaultdict(list)
errors: dict[str, int] = defaultdict(int)
error_samples: list[str] = []
window: dict[str, float] = {}
writers = itertools.count()
signins = itertools.count()


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, **_kw):
    times[name].append(response_time)
    if exception is not None:
        errors[name] += 1
        if len(error_samples) < 20:
            status = getattr(response, "status_code", None)
            error_samples.append(f"{name}: {status} {exception!s:.200}")


@events.test_start.add_listener
def _start(**_kw):
    window["start"] = time.time()


@events.test_stop.add_listener
def _stop(**_kw):
    window["stop"] = time.time()


@events.quitting.add_listener
def _write(**_kw):
    window.setdefault("stop", time.time())
    with open(RESULT, "w") as out:
        json.dump({"phase": PHASE, "seconds": window["stop"] - window.get("start", window["stop"]),
                   "times": times, "errors": errors, "error_samples": error_samples}, out)


def _check(response, *statuses: int) -> None:
    if response.status_code not in statuses:
        response.failure(f"HTTP {response.status_code}")
    else:
        response.success()


def _token(page: str, pattern=CSRF) -> str | None:
    match = pattern.search(page or "")
    return match.group(1) if match else None


class Bench(FastHttpUser):
    abstract = True
    # Dedicated phases measure capacity: each user fires its next request as soon as the last one returns.
    wait_time = constant(0) if PHASE != "mixed" else between(0.2, 1.0)

    def get(self, url: str, name: str, *statuses: int, **kwargs):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False, **kwargs) as response:
            _check(response, *(statuses or (200,)))
            return response

    def post(self, url: str, data: dict, name: str, *statuses: int):
        with self.client.post(url, data=urlencode(data), headers=FORM, name=name, catch_response=True,
                              allow_redirects=False) as response:
            _check(response, *(statuses or (302,)))
            return response

    def sign_in(self, email: str, name: str = SETUP + "login", form_name: str = SETUP + "login form") -> None:
        token = _token(self.get("/login", form_name).text)
        self.post("/login", {"csrf_token": token, "email": email, "password": PLAN["password"]}, name)

    # -- one request each ------------------------------------------------------------------------------------

    def healthz(self):
        self.get("/healthz", "healthz")

    def catalogue(self):
        args = {}
        if random.random() < 0.5:
            facet, values = random.choice(list(PLAN["facets"].items()))
            args[facet] = random.choice(values)
        if random.random() < 0.3:
            args["page"] = random.randint(2, 5)
        if random.random() < 0.2:
            args["sort"] = random.choice(["newest", "replicated"])
        self.get("/catalogue" + (f"?{urlencode(args)}" if args else ""), "catalogue list")

    def profile(self):
        self.get(f"/catalogue/{random.choice(PLAN['published_ids'])}", "profile")

    def search(self):
        args = {"q": random.choice(PLAN["queries"])}
        if random.random() < 0.6:
            facet, values = random.choice(list(PLAN["facets"].items()))
            args[facet] = random.choice(values)
        self.get(f"/search?{urlencode(args)}", "search + facets")

    def dashboard(self):
        self.get("/dashboard/lab", "dashboard (lab)")

    def login(self):
        self.client.cookiejar.clear()
        self.sign_in(PLAN["login_accounts"][next(signins) % len(PLAN["login_accounts"])], "login", "login form")

    def draft_save(self):
        url = f"/proposals/{self.draft_id}/edit"
        page = self.get(url, "draft form").text
        self.edits += 1
        fields = dict(self.fields)  # the whole form, as a browser sends it, with the summary edited
        fields["summary"] = f"{fields['summary']} Revisi ke-{self.edits}."
        self.post(url, {"csrf_token": _token(page), "version_id": _token(page, VERSION) or "", **fields},
                  "draft save")


def _writer_setup(user: Bench) -> None:
    n = next(writers) % len(PLAN["writers"])
    writer = PLAN["writers"][n]
    user.draft_id, user.fields = writer["draft_id"], writer["fields"]
    user.edits = 0
    user.sign_in(writer["email"])


if PHASE == "mixed":

    class Visitor(Bench):
        """Someone browsing the public catalogue."""

        weight = 6

        @task(4)
        def list_page(self):
            self.catalogue()

        @task(4)
        def profile_page(self):
            self.profile()

        @task(1)
        def health(self):
            self.healthz()

    class Searcher(Bench):
        """A civil servant looking for innovations to learn from, with facets."""

        weight = 4

        def on_start(self):
            self.sign_in(random.choice(PLAN["viewers"]))

        @task
        def search_page(self):
            self.search()

    class Coordinator(Bench):
        weight = 1

        def on_start(self):
            self.sign_in(random.choice(PLAN["coordinators"]))

        @task(1)
        def dashboard_page(self):
            self.dashboard()

        @task(2)
        def search_page(self):
            self.search()

    class Writer(Bench):
        """An innovator saving a draft (form page, then the save)."""

        weight = 2

        def on_start(self):
            _writer_setup(self)

        @task
        def save(self):
            self.draft_save()

    class SigningIn(Bench):
        weight = 1

        @task
        def sign(self):
            self.login()

else:

    class Dedicated(Bench):
        """One endpoint only, as fast as the server answers."""

        def on_start(self):
            if PHASE in ("search", "dashboard"):
                self.sign_in(random.choice(PLAN["coordinators"]))
            elif PHASE == "draft_save":
                _writer_setup(self)

        @task
        def one(self):
            getattr(self, PHASE)()
