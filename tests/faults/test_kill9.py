"""Fault 1: kill -9 of the whole server while 200 submissions with uploads are in flight.

InnoLab runs under gunicorn (2 workers, the repository's gunicorn.conf.py) on a private PostgreSQL, whatever
INNOLAB_TEST_DATABASE_URL says. 200 submissions run at once from a thread pool (in two waves, see FIRST_WAVE):
each posts the new-proposal form and then a small PDF to the new proposal's upload form, each post with an
idempotency key of its own. (The pages render those keys, see tests/proposals and tests/evidence; here the clients
draw them with the same function, innolab.idempotency.new_key, and skip fetching 400 form pages so the test stays
fast.) With 160 requests in flight, the server's process group gets SIGKILL, then it is started again; every
client whose request got no answer sends the same request again, same key, as a browser's "resend" does.
Afterwards:

- every submission that was answered with success is in the database, its file on disk with the bytes sent, and
  it is found by search through the HTTP API;
- no retried key made a second proposal or a second evidence row (also for 20 submissions that were answered just
  before the kill and are resent anyway, as by a user whose next page never loaded);
- `flask evidence sweep` removes the files no row refers to (what the kill left, plus a temporary file and an
  unreferenced upload planted as a kill could leave them), and afterwards every file on disk belongs to a row.

The measured figures are printed (run with -s to see them).
"""
from __future__ import annotations

import hashlib
import re
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from innolab.config import normalise_database_url
from innolab.idempotency import new_key
from tests.servers import PYTHON, ROOT, AppProcess, Browser, app_process, private_postgres, wait_until

SUBMISSIONS = 200
ACCOUNTS = 8
# Two waves, so that whatever the machine's speed both kinds of request are in flight at the kill: the first 100
# submissions start at once; when 40 of them have been answered in full the other 100 start, and a moment later
# the server is killed, with the first wave's uploads and the second wave's proposals under way.
FIRST_WAVE = 100
KILL_AFTER = 40  # uploads answered before the second wave starts
SECOND_WAVE_HEAD_START = 0.3  # seconds between the second wave's start and the kill
PASSWORD = "Uji-Ketahanan-2026!"
WORD = "zkilsembilan"  # in every title: what the search looks for
MAX_ATTEMPTS = 6
RESENT_AFTER_SUCCESS = 20  # submissions answered right before the kill whose users resend them anyway

ACCOUNTS_SCRIPT = f"""
from innolab import create_app
from innolab.auth.services import create_user
from innolab.extensions import db
from innolab.models import Unit
from innolab.pipeline.defaults import ensure_reference_data
from innolab.vocab import Role, UnitKind

app = create_app()
with app.app_context():
    ensure_reference_data()
    region = Unit(name="Pemerintah Kota Uji", kind=UnitKind.PEMDA, code="99.01")
    unit = Unit(name="Dinas Uji Ketahanan", kind=UnitKind.OPD, parent=region, code="U-0001")
    db.session.add_all([region, unit])
    for n in range({ACCOUNTS}):
        create_user(email=f"inovator{{n}}@kota-uji.go.id", name=f"Inovator Uji {{n}}", unit=unit,
                    password={PASSWORD!r}, roles=[Role.INNOVATOR])
    db.session.commit()
"""


def _hidden(html: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    assert tag, f"no input {name} on the page"
    return re.search(r'value="([^"]*)"', tag.group(0)).group(1)


def _pdf(number: int) -> bytes:
    """A small PDF whose bytes differ per submission."""
    body = f"% InnoLab kill -9 submission {number}\n".encode() * 600
    return b"%PDF-1.4\n" + body + b"1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class Submission:
    number: int
    account: int
    content: bytes
    proposal_key: str = ""
    upload_key: str = ""
    innovation_id: int | None = None
    uploaded: bool = False
    proposal_answered_at: float = 0.0  # time.monotonic() of the success answers
    upload_answered_at: float = 0.0
    failed_posts: int = 0  # POSTs that got no answer and were sent again with the same key
    retried_proposal: bool = False
    retried_upload: bool = False
    problems: list[str] = field(default_factory=list)
    sent: dict[str, tuple[str, dict]] = field(default_factory=dict)  # what each POST sent: (path, fields)

    @property
    def title(self) -> str:
        return f"Layanan uji ketahanan {WORD} nomor {self.number}"


class Crowd:
    """The clients: signed-in cookies per account, and a gate they wait at while the server is down."""

    def __init__(self, server: AppProcess):
        self.server = server
        self.cookies: dict[int, requests.cookies.RequestsCookieJar] = {}
        self.csrf: dict[int, str] = {}  # the token of each account's session (it lives as long as the session)
        self.up = threading.Event()
        self.up.set()
        self.lock = threading.Lock()
        self.uploaded = 0
        self.server_errors: list[str] = []
        self.enough_uploaded = threading.Event()
        self.second_wave = threading.Event()

    def sign_in_all(self) -> None:
        for n in range(ACCOUNTS):
            browser = self.server.browser()
            browser.sign_in(f"inovator{n}@kota-uji.go.id", PASSWORD)
            page = browser.get("/proposals/new")
            assert _hidden(page.text, "idempotency_key")  # the real form carries a key
            self.cookies[n], self.csrf[n] = browser.cookies, _hidden(page.text, "csrf_token")

    def browser(self, account: int) -> Browser:
        browser = self.server.browser()
        browser.cookies.update(self.cookies[account])
        return browser

    def _send(self, call, submission: Submission, what: str):
        """Run one request; after a dropped connection or a server error, wait for the server and send it again."""
        for _attempt in range(MAX_ATTEMPTS):
            self.up.wait(60)
            try:
                response = call()
            except requests.RequestException:
                response = None
            if response is not None and response.status_code < 500:
                return response
            if response is not None:
                self.server_errors.append(f"{what} of submission {submission.number}: {response.status_code}")
            submission.failed_posts += 1
            if what == "POST proposal":
                submission.retried_proposal = True
            else:
                submission.retried_upload = True
            time.sleep(0.2)
        raise AssertionError(f"submission {submission.number}: {what} failed {MAX_ATTEMPTS} times")

    def resend(self, submission: Submission, which: str, browser: Browser | None = None) -> requests.Response:
        """Send a submission's proposal or upload POST (again), exactly as first sent."""
        browser = browser or self.browser(submission.account)
        path, fields = submission.sent[which]
        files = ({"file-file": (f"sk-tim-{submission.number}.pdf", submission.content, "application/pdf")}
                 if which == "upload" else None)
        return browser.post(path, data=fields, files=files, allow_redirects=False)

    def submit(self, submission: Submission) -> Submission:
        if submission.number >= FIRST_WAVE:
            assert self.second_wave.wait(60)
        browser, csrf = self.browser(submission.account), self.csrf[submission.account]
        submission.proposal_key, submission.upload_key = new_key(), new_key()
        form = {"csrf_token": csrf, "idempotency_key": submission.proposal_key, "title": submission.title,
                "summary": f"Ringkasan pengujian {WORD} {submission.number}.", "action": "save"}
        submission.sent["proposal"] = ("/proposals/new", form)
        created = self._send(lambda: self.resend(submission, "proposal", browser), submission, "POST proposal")
        match = re.fullmatch(r".*/proposals/(\d+)/edit", created.headers.get("Location", ""))
        if created.status_code != 302 or not match:
            submission.problems.append(f"proposal: {created.status_code} {created.text[:300]}")
            return submission
        submission.innovation_id, submission.proposal_answered_at = int(match.group(1)), time.monotonic()

        detail = f"/proposals/{submission.innovation_id}"
        fields = {"csrf_token": csrf, "file-idempotency_key": submission.upload_key, "file-kind": "sk_tim",
                  "file-title": f"SK Tim {submission.number}"}
        submission.sent["upload"] = (f"{detail}/evidence/files", fields)
        uploaded = self._send(lambda: self.resend(submission, "upload", browser), submission, "POST upload")
        if uploaded.status_code == 302 and uploaded.headers.get("Location", "").endswith(f"{detail}#bukti-dukung"):
            submission.uploaded, submission.upload_answered_at = True, time.monotonic()
            with self.lock:
                self.uploaded += 1
                if self.uploaded >= KILL_AFTER:
                    self.enough_uploaded.set()
        else:
            submission.problems.append(f"upload: {uploaded.status_code} {uploaded.text[:300]}")
        return submission


def _database(server: AppProcess):
    return create_engine(normalise_database_url(server.env["INNOLAB_DATABASE_URL"]), poolclass=NullPool)


def _searchable_ids(crowd: Crowd, account: int) -> set[int]:
    browser = crowd.browser(account)
    found, page = set(), 1
    while True:
        response = browser.get("/api/v1/innovations", params={"q": WORD, "per_page": 50, "page": page})
        if response.status_code != 200:
            return found
        body = response.json()
        found |= {item["id"] for item in body["items"]}
        if page * 50 >= body["total"]:
            return found
        page += 1


@pytest.fixture
def server(tmp_path):
    with private_postgres() as postgres:
        env = {
            "INNOLAB_DATABASE_URL": postgres.create_database("innolab"),
            "INNOLAB_REDIS_URL": "",  # per-worker rate limits; no Redis needed here
            "INNOLAB_RATELIMIT_LOGIN": "1000 per minute",
        }
        with app_process(tmp_path, env, workers=2) as running:
            made = subprocess.run([str(PYTHON), "-c", ACCOUNTS_SCRIPT], cwd=ROOT, env=running.env,
                                  capture_output=True, text=True)
            assert made.returncode == 0, made.stderr
            yield running


def test_kill_9_during_200_submissions_loses_and_duplicates_nothing(server):
    began = time.monotonic()
    uploads = Path(server.env["INNOLAB_UPLOAD_DIR"])
    crowd = Crowd(server)
    crowd.sign_in_all()
    submissions = [Submission(n, n % ACCOUNTS, _pdf(n)) for n in range(SUBMISSIONS)]

    with ThreadPoolExecutor(max_workers=SUBMISSIONS) as pool:
        futures = [pool.submit(crowd.submit, submission) for submission in submissions]
        assert crowd.enough_uploaded.wait(60), "the first submissions did not go through"
        crowd.second_wave.set()
        time.sleep(SECOND_WAVE_HEAD_START)
        crowd.up.clear()
        killed_at, killed = datetime.now(UTC), time.monotonic()
        server.kill()  # SIGKILL to the arbiter and both workers at once, mid-request
        server.start()
        restarted = time.monotonic()
        crowd.up.set()
        for future in futures:
            future.result(timeout=120)
    finished = time.monotonic()

    assert [s.problems for s in submissions if s.problems] == []
    assert crowd.server_errors == []  # failures are dropped connections only, never an error page
    assert all(s.innovation_id and s.uploaded for s in submissions)
    retried = [s for s in submissions if s.retried_proposal or s.retried_upload]
    assert retried, "the kill hit no request in flight: nothing was tested"

    # Users whose answer came just before the kill and who press "resend" anyway (the next page never loaded):
    # the same keys lead to the same proposal and evidence, nothing is added.
    answered_last = sorted((s for s in submissions if s.upload_answered_at and s.upload_answered_at < killed),
                           key=lambda s: s.upload_answered_at)[-RESENT_AFTER_SUCCESS:]
    for s in answered_last:
        again = crowd.resend(s, "proposal"), crowd.resend(s, "upload")
        assert [r.status_code for r in again] == [302, 302]
        assert again[0].headers["Location"].endswith(f"/proposals/{s.innovation_id}/edit")
        assert again[1].headers["Location"].endswith(f"/proposals/{s.innovation_id}#bukti-dukung")

    engine = _database(server)
    try:
        with engine.connect() as conn:
            proposals = conn.execute(text(
                "SELECT id, title, idempotency_key, created_at FROM innovation WHERE title LIKE :like"),
                {"like": f"%{WORD}%"}).all()
            evidence = conn.execute(text(
                "SELECT e.innovation_id, e.stored_name, e.sha256, e.size, e.idempotency_key, e.created_at "
                "FROM evidence e")).all()
            all_stored = set(conn.execute(text(
                "SELECT stored_name FROM evidence WHERE stored_name IS NOT NULL")).scalars())
    finally:
        engine.dispose()

    # No duplicates: one proposal per title (= per submission) and one evidence row per proposal.
    titles = [row.title for row in proposals]
    assert sorted(titles) == sorted(s.title for s in submissions)
    assert len(evidence) == SUBMISSIONS and len({row.innovation_id for row in evidence}) == SUBMISSIONS

    # Every success is in the database with the key it was sent with, and its file holds the bytes sent.
    by_id = {row.id: row for row in proposals}
    files_by_innovation = {row.innovation_id: row for row in evidence}
    for s in submissions:
        assert by_id[s.innovation_id].title == s.title and by_id[s.innovation_id].idempotency_key == s.proposal_key
        row = files_by_innovation[s.innovation_id]
        assert row.idempotency_key == s.upload_key
        path = uploads / row.stored_name[:2] / row.stored_name
        assert path.read_bytes() == s.content, f"submission {s.number}: file differs"
        assert row.sha256 == hashlib.sha256(s.content).hexdigest() and row.size == len(s.content)

    # Retries whose first attempt had committed before the kill: the key led them to the first row.
    replayed = sum(1 for s in submissions if s.retried_proposal and by_id[s.innovation_id].created_at < killed_at) \
        + sum(1 for s in submissions
              if s.retried_upload and files_by_innovation[s.innovation_id].created_at < killed_at)

    # Searchable through the HTTP API, by each owner (saves the kill cut off before indexing are caught up).
    wanted = {account: {s.innovation_id for s in submissions if s.account == account} for account in range(ACCOUNTS)}
    wait_until(lambda: all(wanted[a] <= _searchable_ids(crowd, a) for a in range(ACCOUNTS)), 30,
               "every saved proposal to be found by search")
    searchable_at = time.monotonic()

    # The sweep: what the kill left, plus a temporary file and an unreferenced upload as a kill leaves them.
    on_disk = {path for path in uploads.rglob("*") if path.is_file()}
    left_by_kill = {path for path in on_disk if path.name not in all_stored}
    shard = next(uploads.glob("[0-9a-f][0-9a-f]"))
    planted = {shard / ".upload-k1ll9x.part", shard / (shard.name + "0" * 30)}
    for path in planted:
        path.write_bytes(b"%PDF-1.4\n% setengah")
    result = server.flask("evidence", "sweep", "--older-than", "0")
    removed = int(re.search(r"(\d+) orphan file\(s\) removed", result.stdout).group(1))
    remaining = {path for path in uploads.rglob("*") if path.is_file()}
    assert removed == len(left_by_kill) + len(planted)
    assert {path.name for path in remaining} == all_stored  # every file on disk has a row, every row its file
    assert "0 row(s) with a missing file" in result.stdout

    proposals_before = sum(1 for s in submissions if s.proposal_answered_at < killed)
    uploads_before = sum(1 for s in submissions if s.upload_answered_at < killed)
    print(f"\nkill -9 fault test: {SUBMISSIONS} submissions from {ACCOUNTS} accounts, 2 gunicorn workers, "
          f"PostgreSQL\n  answered with success before the kill: {proposals_before} proposals, {uploads_before} "
          f"uploads ({uploads_before} submissions complete); submissions that resent a request: "
          f"{len(retried)} ({sum(s.retried_proposal for s in submissions)} proposals, "
          f"{sum(s.retried_upload for s in submissions)} uploads; {sum(s.failed_posts for s in submissions)} POSTs "
          f"resent in all, {replayed} found already saved); {len(answered_last)} answered submissions resent "
          f"after the restart; duplicates: 0\n  orphan files swept: {removed} ({len(left_by_kill)} left by the "
          f"kill, {len(planted)} planted)\n  restart to all done: {finished - restarted:.1f} s, search caught up "
          f"{searchable_at - finished:.1f} s later; test body {time.monotonic() - began:.1f} s")
