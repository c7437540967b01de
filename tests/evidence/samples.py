"""Sample file contents for the evidence tests: accepted documents and impostors."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from flask import current_app

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """The same members always give the same bytes: a fixed timestamp, not the clock's."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


def docx_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>", **(extra or {})})


def ole_bytes(stream_name: str) -> bytes:
    """A compound file whose first directory entry (right after the 512-byte header) names `stream_name`."""
    header = bytes.fromhex("D0CF11E0A1B11AE1").ljust(512, b"\x00")
    name = stream_name.encode("utf-16-le")
    entry = name.ljust(64, b"\x00") + (len(name) + 2).to_bytes(2, "little") + b"\x02"
    return header + entry.ljust(128, b"\x00") * 4


def stored_files() -> set[Path]:
    """Every file under the upload folder (temporary files included)."""
    root = Path(current_app.config["UPLOAD_DIR"])
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()
