"""Static analysis (ASVS V15.2): bandit finds no medium- or high-severity issue in the application's code.

A finding that is a false positive is annotated on its line as `# nosec BXXX # <reason>`, so the reason is read
where the code is; `bandit -r innolab` (without -ll) lists the remaining low-severity notes.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BANDIT = Path(sys.executable).with_name("bandit")


def test_no_medium_or_high_findings():
    assert BANDIT.exists(), f"bandit is not installed next to {sys.executable}: pip install -e '.[dev]'"
    result = subprocess.run([str(BANDIT), "-r", "innolab", "-ll", "-f", "json", "-q"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout)
    assert report["errors"] == [], report["errors"]
    findings = [f"{r['filename']}:{r['line_number']} {r['test_id']} ({r['issue_severity']}): {r['issue_text']}"
                for r in report["results"]]
    assert not findings, "bandit findings to fix or annotate with '# nosec BXXX # reason':\n" + "\n".join(findings)
    assert result.returncode == 0, result.stderr


def test_every_nosec_names_its_check_and_gives_a_reason():
    """A bare `# nosec` would silence every check on its line, and a reason-less one explains nothing."""
    bare = []
    for path in sorted((ROOT / "innolab").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "# nosec" not in line:
                continue
            tail = line.split("# nosec", 1)[1]
            codes, _, reason = tail.partition("#")
            if not codes.strip().startswith("B") or not reason.strip():
                bare.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not bare, "nosec without a check id and a reason:\n" + "\n".join(bare)
