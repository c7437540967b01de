"""The upload folder against the evidence table: remove files no row refers to, report rows whose file is gone.

A crash (kill -9, power cut, a worker timeout) between the steps of storage.store_stream or after a committed
deletion leaves files nobody refers to: temporary `.upload-*.part` files, renamed files whose row never committed,
files of deleted rows. They are removed once older than a grace period, so an upload in flight (its file written,
its row not yet committed) is never taken. Files the application never writes (other names, other folders) are
only reported. Rows whose file is missing cannot be repaired here; they are reported for the operator.
"""
from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from innolab.evidence import storage
from innolab.extensions import db
from innolab.models import Evidence

DEFAULT_GRACE_MINUTES = 60  # far longer than any upload takes (the worker timeout is a minute)
_SHARD = re.compile(r"[0-9a-f]{2}")
_IN_BATCHES = 500


@dataclass(frozen=True)
class MissingFile:
    evidence_id: int
    innovation_id: int
    stored_name: str


@dataclass
class SweepReport:
    removed: list[Path] = field(default_factory=list)  # orphans removed (on a dry run: that would be removed)
    young: list[Path] = field(default_factory=list)  # orphans within the grace period, left for a later sweep
    foreign: list[Path] = field(default_factory=list)  # files the application never writes, left alone
    missing: list[MissingFile] = field(default_factory=list)  # rows whose file is not on disk
    referenced: int = 0  # files on disk that rows refer to
    dry_run: bool = False


def sweep(grace_seconds: float = DEFAULT_GRACE_MINUTES * 60, dry_run: bool = False) -> SweepReport:
    """Compare the upload folder with the evidence rows; unlink orphans older than `grace_seconds` unless dry_run.

    The folder is listed before the rows are read, and every orphan is checked against the table once more right
    before it is unlinked: a file is only taken when no committed row names it at that moment and it is older than
    the grace period, so an upload whose row commits meanwhile keeps its file.
    """
    report = SweepReport(dry_run=dry_run)
    ours = {}  # stored name -> path, for every file with a name store_stream generates, in its own shard
    temporary = []
    for path in _files(Path(current_app.config["UPLOAD_DIR"]), report):
        if storage.STORED_NAME.fullmatch(path.name) and path.name[:2] == path.parent.name:
            ours[path.name] = path
        elif path.name.startswith(storage.TEMP_PREFIX) and path.name.endswith(storage.TEMP_SUFFIX):
            temporary.append(path)
        else:
            report.foreign.append(path)

    rows = db.session.execute(select(Evidence.id, Evidence.innovation_id, Evidence.stored_name)
                              .where(Evidence.stored_name.is_not(None)).order_by(Evidence.id)).all()
    named = {stored_name for _id, _innovation_id, stored_name in rows}
    for evidence_id, innovation_id, stored_name in rows:
        if stored_name in ours:
            report.referenced += 1
        else:
            path = storage.path_for(stored_name)
            if path is None or not path.is_file():  # not merely stored after the folder was listed
                report.missing.append(MissingFile(evidence_id, innovation_id, stored_name))

    now = time.time()
    candidates = [path for name, path in ours.items() if name not in named] + temporary
    old = [path for path in candidates if _age(path, now) >= grace_seconds]
    report.young = sorted(set(candidates) - set(old))
    still_orphans = set(old) - {ours[name] for name in _named_now([p.name for p in old if p.name in ours])}
    for path in sorted(still_orphans):
        if not dry_run:
            with suppress(FileNotFoundError):
                path.unlink()
        report.removed.append(path)
    db.session.rollback()  # read only: end the transaction, hold no snapshot
    return report


def _files(root: Path, report: SweepReport) -> Iterator[Path]:
    """Files in the shard folders of `root`; anything else there is listed as foreign."""
    if not root.is_dir():
        return
    for entry in sorted(root.iterdir()):
        if entry.is_dir() and not entry.is_symlink() and _SHARD.fullmatch(entry.name):
            for path in sorted(entry.iterdir()):
                if path.is_file() and not path.is_symlink():
                    yield path
                else:
                    report.foreign.append(path)
        else:
            report.foreign.append(entry)


def _age(path: Path, now: float) -> float:
    try:
        return now - os.stat(path).st_mtime
    except FileNotFoundError:
        return 0.0  # gone meanwhile (renamed into place, or removed): not ours to take


def _named_now(names: list[str]) -> set[str]:
    """Which of `names` a row refers to now, in a fresh transaction."""
    db.session.rollback()
    found: set[str] = set()
    for start in range(0, len(names), _IN_BATCHES):
        batch = names[start:start + _IN_BATCHES]
        found.update(db.session.scalars(select(Evidence.stored_name).where(Evidence.stored_name.in_(batch))))
    return found
