"""Real server processes for tests of what crosses process boundaries: PostgreSQL, Redis and InnoLab under gunicorn.

Each helper starts a private server in a temporary folder on a free loopback port and removes it afterwards, so
these tests run the same in both CI runs and never touch a server someone else relies on.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout: float, what: str, interval: float = 0.05):
    """Poll `check()` until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found: apt-get install postgresql")
    return found[-1].parent


class PostgresServer:
    """A throwaway PostgreSQL cluster that a test may stop, restart and kill."""

    def __init__(self, workdir: Path):
        self.bin = _postgres_bin()
        self.workdir = workdir
        self.data = workdir / "data"
        self.port = free_port()
        # initdb refuses to run as root; Debian's package creates the postgres user for this.
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def init(self) -> None:
        if self._as:
            shutil.chown(self.workdir, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C.UTF-8")

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.workdir} -c fsync=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.workdir / "server.log"), "-w",
                  "-t", "60", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        self._run(str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q",
                  "-c", f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextmanager
def private_postgres() -> Iterator[PostgresServer]:
    # Not under pytest's tmp_path: its parents are private to root, and the server runs as postgres.
    workdir = Path(tempfile.mkdtemp(prefix="innolab-pg-"))
    server = PostgresServer(workdir)
    try:
        server.init()
        server.start()
        yield server
    finally:
        if (server.data / "postmaster.pid").exists():
            try:
                server.stop("immediate")
            except subprocess.CalledProcessError:
                pass
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def private_redis() -> Iterator[str]:
    """A Redis server on a free loopback port, without persistence; yields its URL."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: _accepts(port), 10, f"redis on port {port}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class CommandFailed(subprocess.CalledProcessError):
    def __init__(self, args, result: subprocess.CompletedProcess):
        super().__init__(result.returncode, ["flask", *args], result.stdout, result.stderr)

    def __str__(self) -> str:
        return f"{super().__str__()}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


class AppProcess:
    """InnoLab served by gunicorn with the repository's gunicorn.conf.py, as in production."""

    def __init__(self, workdir: Path, env: dict[str, str], workers: int = 1):
        self.workdir = workdir
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"gunicorn-{self.port}.log"
        self.env = {
            **os.environ,
            "INNOLAB_SECRET_KEY": "test-secret-shared-by-every-host",
            "INNOLAB_INDEX_DIR": str(workdir / "index"),
            "INNOLAB_UPLOAD_DIR": str(workdir / "uploads"),
            "INNOLAB_BIND": f"127.0.0.1:{self.port}",
            "INNOLAB_ACCESS_LOG": "-",
            "WEB_CONCURRENCY": str(workers),
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.process: subprocess.Popen | None = None

    def flask(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
        """Run a `flask --app innolab` command with this server's settings; a failure carries its output."""
        result = subprocess.run([str(PYTHON), "-m", "flask", "--app", "innolab", *args], cwd=ROOT, env=self.env,
                                input=input, capture_output=True, text=True)
        if result.returncode != 0:
            raise CommandFailed(args, result)
        return result

    def start(self, timeout: float = 30) -> AppProcess:
        log = open(self.log_path, "ab")  # noqa: SIM115  (kept open for the process's lifetime)
        self.process = subprocess.Popen(
            [str(PYTHON), "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()
        wait_until(self._healthy, timeout, f"gunicorn on {self.base_url} (log: {self.log_path})", interval=0.1)
        return self

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
        try:
            return requests.get(f"{self.base_url}/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the whole process group: with SIGKILL the arbiter and its workers die at once, mid-request."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(30)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def browser(self) -> Browser:
        return Browser(self.base_url)


@contextmanager
def app_process(workdir: Path, env: dict[str, str], workers: int = 1, migrate: bool = True) -> Iterator[AppProcess]:
    server = AppProcess(workdir, env, workers)
    try:
        if migrate:
            server.flask("db", "upgrade")
        server.start()
        yield server
    finally:
        server.stop()


class Browser(requests.Session):
    """A user agent against a real server: keeps cookies and sends the CSRF token the page carries."""

    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url

    def request(self, method, url, *args, **kwargs):
        if url.startswith("/"):
            url = self.base_url + url
        kwargs.setdefault("timeout", 30)
        return super().request(method, url, *args, **kwargs)

    def csrf_token(self, path: str) -> str:
        page = self.get(path)
        page.raise_for_status()
        match = CSRF_INPUT.search(page.text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def submit(self, form_path: str, data: dict, action: str | None = None, **kwargs) -> requests.Response:
        """GET the form page, then POST `data` with its CSRF token to `action` (default: the same path)."""
        token = self.csrf_token(form_path)
        return self.post(action or form_path, data={"csrf_token": token, **data}, allow_redirects=False, **kwargs)

    def sign_in(self, email: str, password: str) -> requests.Response:
        response = self.submit("/login", {"email": email, "password": password})
        assert response.status_code == 302, f"login of {email} failed: {response.status_code}"
        return response
