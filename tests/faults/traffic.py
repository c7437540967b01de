"""A stream of real HTTP requests against a server under a fault, every outcome recorded with its time.

Each client thread owns one Browser (a requests.Session is not thread-safe) and runs its scenario in a loop until the
traffic stops; a scenario calls `hit(label, method, path, **kwargs)` for each request. The fault tests then judge the
outcomes against the times the fault began and ended.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import requests

from tests.servers import Browser

# What a user may see on an error page; what they must never see.
LEAKS = ("Traceback", "sqlalchemy", "psycopg", "whoosh", "File \"/", "OperationalError")


@dataclass(frozen=True)
class Outcome:
    client: int
    label: str
    started: float
    ended: float
    status: int | None  # None: no HTTP response at all (connection reset, timeout)
    error: str = ""
    body: str = ""  # kept for error responses only


class Traffic:
    def __init__(self, base_url: str, scenario: Callable[[Browser, Callable], None], clients: int = 2,
                 setup: Callable[[Browser, int], None] | None = None, pause: float = 0.0):
        self.base_url = base_url
        self.scenario = scenario
        self.setup = setup
        self.pause = pause
        self.outcomes: list[Outcome] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(clients)]
        self._failures: list[BaseException] = []

    def __enter__(self) -> Traffic:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(60)
        if self._failures:
            raise self._failures[0]

    def _run(self, number: int) -> None:
        browser = Browser(self.base_url)
        try:
            if self.setup:
                self.setup(browser, number)

            def hit(label: str, method: str, path: str, **kwargs) -> requests.Response | None:
                return self._hit(browser, number, label, method, path, **kwargs)

            while not self._stop.is_set():
                self.scenario(browser, hit)
                if self.pause:
                    time.sleep(self.pause)
        except BaseException as exc:  # noqa: BLE001 (reported by stop(), in the test's thread)
            self._failures.append(exc)
            self._stop.set()

    def _hit(self, browser: Browser, number: int, label: str, method: str, path: str, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 20)
        started = time.monotonic()
        try:
            response = browser.request(method, path, **kwargs)
        except requests.RequestException as exc:
            self._record(Outcome(number, label, started, time.monotonic(), None, error=repr(exc)))
            return None
        body = response.text if response.status_code >= 500 else ""
        self._record(Outcome(number, label, started, time.monotonic(), response.status_code, body=body))
        return response

    def _record(self, outcome: Outcome) -> None:
        with self._lock:
            self.outcomes.append(outcome)

    # -- judging ------------------------------------------------------------------------------------------------

    def snapshot(self) -> list[Outcome]:
        with self._lock:
            return list(self.outcomes)

    def count(self) -> int:
        with self._lock:
            return len(self.outcomes)

    def wait_for_requests(self, more: int, timeout: float = 30) -> None:
        """Return once `more` further requests have completed (the traffic really flows)."""
        target = self.count() + more
        deadline = time.monotonic() + timeout
        while self.count() < target:
            if self._failures:
                raise self._failures[0]
            if time.monotonic() > deadline:
                raise AssertionError(f"traffic stalled: {self.count()} of {target} requests done")
            time.sleep(0.05)


def failures(outcomes: list[Outcome]) -> list[Outcome]:
    """Outcomes that are no answer at all or a server error."""
    return [o for o in outcomes if o.status is None or o.status >= 500]


def summary(outcomes: list[Outcome]) -> str:
    counts = Counter((o.label, o.status) for o in outcomes)
    return ", ".join(f"{label} {status}: {n}" for (label, status), n in sorted(counts.items(), key=str))


def leaked(outcome: Outcome) -> bool:
    return any(word in outcome.body for word in LEAKS)
