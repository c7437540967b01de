#!/usr/bin/env python3
"""InnoLab developer commands (standard library only; needs Python 3.11+).

    python3 dev.py run [--host H] [--port N]   set up .venv, migrate, seed the demo city, serve
    python3 dev.py test [PYTEST ARGS...]       set up .venv with test tools, check Chromium, run pytest
    python3 dev.py translations                extract the UI strings, update the English catalogue, compile it
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".innolab-installed"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
DEFAULT_CHROMIUM = "/usr/bin/chromium"
TRANSLATIONS = ROOT / "innolab" / "translations"
CATALOGUES = ("en",)  # the source strings are Indonesian; these are the languages translated from them


def say(message: str) -> None:
    print(f"[dev.py] {message}", flush=True)


def die(message: str, code: int = 2) -> None:
    print(f"[dev.py] ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(code)


def run(*cmd, env: dict | None = None) -> None:
    say("$ " + " ".join(str(c) for c in cmd))
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)
    if code != 0:
        die(f"command failed with exit code {code}", code)


def ensure_venv(dev: bool) -> None:
    """Create .venv and install the project into it, unless pyproject.toml is unchanged since last time."""
    if sys.version_info < (3, 11):  # noqa: UP036  (dev.py must explain itself on an older Python)
        die("InnoLab needs Python 3.11 or newer.")
    if not PYTHON.exists():
        say(f"creating virtual environment in {VENV}")
        try:
            venv.create(VENV, with_pip=True)
        except Exception as exc:  # e.g. Debian without python3-venv
            shutil.rmtree(VENV, ignore_errors=True)
            die(f"could not create {VENV} ({exc}). On Debian/Ubuntu: apt-get install python3-venv")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    wanted = "dev" if dev else "base"
    installed = STAMP.read_text().split() if STAMP.exists() else []
    if installed[:1] == [digest] and (wanted in installed[1:] or "dev" in installed[1:]):
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[dev]" if dev else ".")
    STAMP.write_text(f"{digest} {wanted}\n")


def venv_env() -> dict:
    env = dict(os.environ)
    env["VIRTUAL_ENV"] = str(VENV)
    env["PATH"] = f"{PYTHON.parent}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("PYTHONUNBUFFERED", "1")
    env["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"  # we drive the system Chromium, never download one
    return env


def flask(*args, env: dict) -> None:
    run(PYTHON, "-m", "flask", "--app", "innolab", *args, env=env)


def cmd_run(opts: argparse.Namespace) -> None:
    ensure_venv(dev=False)
    revisions = list((ROOT / "migrations" / "versions").glob("*.py"))
    if not revisions:
        die("no database migrations in migrations/versions/ - cannot create the schema. "
            "Generate them with: .venv/bin/flask --app innolab db migrate -m 'initial schema'")
    env = venv_env()
    flask("db", "upgrade", env=env)
    flask("seed-demo", env=env)
    say(f"InnoLab is starting on http://{opts.host}:{opts.port}/  (Ctrl+C stops it)")
    cmd = [str(PYTHON), "-m", "flask", "--app", "innolab", "run", "--host", opts.host, "--port", str(opts.port)]
    try:
        sys.exit(subprocess.call(cmd, cwd=ROOT, env=env))
    except KeyboardInterrupt:
        sys.exit(0)


def find_chromium() -> str | None:
    path = os.environ.get("INNOLAB_CHROMIUM") or DEFAULT_CHROMIUM
    return path if Path(path).exists() else None


def find_postgres() -> str | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")) or ([Path(p)] if (p := shutil.which("pg_ctl")) else [])
    return str(found[-1]) if found else None


# What the tests start for real, beside Python: Debian package -> how to find it. The process tests (tests/faults,
# tests/operations) run their own throwaway PostgreSQL and Redis servers; the end-to-end tests drive Chromium.
SYSTEM_TOOLS = {
    "chromium": find_chromium,
    "postgresql": find_postgres,
    "redis-server": lambda: shutil.which("redis-server"),
}


def ensure_system_tools(skip: set[str]) -> dict[str, str]:
    """Find the servers and the browser the tests use; install what is missing as root with apt, or stop."""
    wanted = {name: find for name, find in SYSTEM_TOOLS.items() if name not in skip}
    missing = [name for name, find in wanted.items() if find() is None]
    if "chromium" in missing and os.environ.get("INNOLAB_CHROMIUM"):
        die(f"INNOLAB_CHROMIUM points at {os.environ['INNOLAB_CHROMIUM']}, which does not exist.")
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if missing and as_root and shutil.which("apt-get"):
        say(f"not found: {', '.join(missing)}; installing Debian's packages for the tests")
        apt_env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run("apt-get", "update", env=apt_env)
        run("apt-get", "install", "-y", "--no-install-recommends", *missing, env=apt_env)
        missing = [name for name, find in wanted.items() if find() is None]
    if missing:
        die(f"the tests need {', '.join(missing)} and it was not found.\n"
            f"  Install it (Debian/Ubuntu: sudo apt-get install {' '.join(missing)}); INNOLAB_CHROMIUM may point at "
            "another Chromium/Chrome binary.\n  To run the tests without a browser: python3 dev.py test -m 'not e2e'")
    return {name: find() for name, find in wanted.items()}


def cmd_test(opts: argparse.Namespace, pytest_args: list[str]) -> None:
    ensure_venv(dev=True)
    env = venv_env()
    without_browser = "not e2e" in " ".join(pytest_args)
    found = ensure_system_tools(skip={"chromium"} if without_browser else set())
    if not without_browser:
        env["INNOLAB_CHROMIUM"] = found["chromium"]
    cmd = [str(PYTHON), "-m", "pytest", *pytest_args]
    say("$ " + " ".join(cmd))
    sys.exit(subprocess.call(cmd, cwd=ROOT, env=env))


def cmd_translations(opts: argparse.Namespace) -> None:
    """Extract every UI string into messages.pot, merge it into each catalogue, compile the .mo files."""
    ensure_venv(dev=False)
    env = venv_env()
    pybabel = (PYTHON, "-m", "babel.messages.frontend")
    pot = TRANSLATIONS / "messages.pot"
    # "." with babel.cfg's patterns: innolab/**.py and templates/**; hidden folders such as .venv are skipped.
    run(*pybabel, "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-o", pot, "--no-location",
        "--sort-output", "--project", "InnoLab", ".", env=env)
    for lang in CATALOGUES:
        if (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").exists():
            run(*pybabel, "update", "-i", pot, "-d", TRANSLATIONS, "-l", lang, "--ignore-obsolete", env=env)
        else:
            run(*pybabel, "init", "-i", pot, "-d", TRANSLATIONS, "-l", lang, env=env)
    run(*pybabel, "compile", "-d", TRANSLATIONS, "--statistics", env=env)
    say("translate every new (empty) or fuzzy entry in innolab/translations/*/LC_MESSAGES/messages.po, then run "
        "this again; tests/test_translations.py fails while any is left")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python3 dev.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="{run,test,translations}")
    p_run = sub.add_parser("run", help="migrate, seed the demo data and serve on http://127.0.0.1:5000")
    p_run.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p_run.add_argument("--port", type=int, default=5000, help="port to listen on (default 5000)")
    sub.add_parser("test", help="run the whole test suite, end-to-end browser tests included",
                   description="Run pytest in .venv; every argument after 'test' goes to pytest.", add_help=False)
    sub.add_parser("translations", help="extract UI strings, update and compile the translation catalogues")
    if argv[:1] == ["test"]:  # hand everything after 'test' to pytest untouched (even -h, -k, -x ...)
        cmd_test(argparse.Namespace(command="test"), argv[1:])
    opts = parser.parse_args(argv)
    if opts.command == "translations":
        cmd_translations(opts)
    else:
        cmd_run(opts)


if __name__ == "__main__":
    main(sys.argv[1:])
