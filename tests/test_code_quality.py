"""The code passes the project's lint rules (pyproject.toml [tool.ruff]): unused imports, undefined names,
import order, likely bugs (flake8-bugbear) and outdated syntax fail the suite, not a reviewer's eye."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "innolab", "tests", "migrations/env.py", "dev.py"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
