"""Evidence files on disk: generated names in sharded folders, written whole or not at all.

A file joins or leaves the disk together with its database row: a new file is written to a temporary name in its
final folder, flushed to disk (fsync), renamed into place and the rename made durable (fsync of the folder); only
then may the row that names it commit. A new file is removed again when its transaction does not commit, and a
deleted row's file is unlinked only after the deletion has been committed. What a crash leaves between those steps
(a temporary file, a renamed file whose row never committed, a file whose deletion was committed) is a file no row
refers to, which `flask evidence sweep` (innolab.evidence.sweep) removes.
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import event

from innolab.evidence import filetypes
from innolab.evidence.filetypes import FileType
from innolab.extensions import db

MAX_FILE_BYTES = 10 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
STORED_NAME = re.compile(r"[0-9a-f]{32}")
TEMP_PREFIX, TEMP_SUFFIX = ".upload-", ".part"  # an upload being written
_NEW_FILES = "innolab.evidence.new_files"  # keys in Session.info
_DOOMED_FILES = "innolab.evidence.doomed_files"


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    size: int
    sha256: str
    filetype: FileType


class FileRefused(Exception):
    """The upload is not kept; `reason` is 'too_large', 'empty' or 'type'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def path_for(stored_name: str | None) -> Path | None:
    """Where a stored file lives, or None for a name we never generate (so '../x' can never reach the disk)."""
    if not stored_name or not STORED_NAME.fullmatch(stored_name):
        return None
    return Path(current_app.config["UPLOAD_DIR"]) / stored_name[:2] / stored_name


def store_stream(stream, max_bytes: int = MAX_FILE_BYTES) -> StoredFile:
    """Copy `stream` under a new random name if its content is an accepted type; else FileRefused, nothing kept.

    The file is written to a temporary name in its final folder and renamed into place, so no reader ever sees a
    partial file. It is registered to disappear again unless the current transaction commits.
    """
    name = secrets.token_hex(16)
    final = path_for(name)
    if not final.parent.is_dir():
        final.parent.mkdir(parents=True, exist_ok=True)
        _fsync_dir(final.parent.parent)  # the new shard folder itself must survive a crash
    fd, temp_name = tempfile.mkstemp(dir=final.parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    temp = Path(temp_name)
    try:
        digest, size = hashlib.sha256(), 0
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK_BYTES):
                size += len(chunk)
                if size > max_bytes:
                    raise FileRefused("too_large")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise FileRefused("empty")
        filetype = filetypes.detect(temp)
        if filetype is None:
            raise FileRefused("type")
        os.replace(temp, final)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    db.session.info.setdefault(_NEW_FILES, set()).add(name)
    # Without this a power cut could lose the rename after the row naming the file has committed.
    _fsync_dir(final.parent)
    return StoredFile(name, size, digest.hexdigest(), filetype)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def store_bytes(content: bytes) -> StoredFile:
    """store_stream for content already in memory (demo data, imports)."""
    return store_stream(BytesIO(content))


def remove_after_commit(stored_name: str | None) -> None:
    """Unlink the file once the current transaction has committed; keep it if the transaction is rolled back."""
    if stored_name:
        db.session.info.setdefault(_DOOMED_FILES, set()).add(stored_name)


def discard(stored_name: str | None) -> None:
    """Remove a stored file now, if it exists."""
    path = path_for(stored_name)
    if path is not None:
        with suppress(FileNotFoundError):
            path.unlink()


def _after_commit(session) -> None:
    for name in session.info.pop(_DOOMED_FILES, ()):
        discard(name)
    session.info.pop(_NEW_FILES, None)  # committed: these files now belong to rows


def _after_transaction_end(session, transaction) -> None:
    # Runs after commit too, but then _after_commit has already emptied both lists.
    if transaction.parent is not None:
        return  # a savepoint: the outer transaction decides
    for name in session.info.pop(_NEW_FILES, ()):
        discard(name)
    session.info.pop(_DOOMED_FILES, None)


def init_app(app: Flask) -> None:
    """Tie files to transactions of the app's database session (once per process: the session class is shared)."""
    for name, listener in (("after_commit", _after_commit), ("after_transaction_end", _after_transaction_end)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
