"""What a file really is, decided by its content, never by its name.

Only documents people attach as evidence are accepted: PDF, PNG, JPEG, GIF, WEBP, Office Open XML, legacy Office
(OLE) and OpenDocument. Everything else (HTML, SVG, scripts, executables, archives, installers) is refused.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileType:
    extension: str
    mime: str


PDF = FileType("pdf", "application/pdf")
PNG = FileType("png", "image/png")
JPEG = FileType("jpg", "image/jpeg")
GIF = FileType("gif", "image/gif")
WEBP = FileType("webp", "image/webp")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = FileType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
DOC = FileType("doc", "application/msword")
XLS = FileType("xls", "application/vnd.ms-excel")
PPT = FileType("ppt", "application/vnd.ms-powerpoint")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text")
ODS = FileType("ods", "application/vnd.oasis.opendocument.spreadsheet")
ODP = FileType("odp", "application/vnd.oasis.opendocument.presentation")

# Types a download may declare; every other file goes out as application/octet-stream.
DECLARED_ON_DOWNLOAD = frozenset(t.mime for t in (PDF, PNG, JPEG, GIF, WEBP))
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
OOXML_PARTS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX), ("ppt/presentation.xml", PPTX))
ODF_TYPES = {t.mime: t for t in (ODT, ODS, ODP)}
# Top-level stream names of the legacy Office formats, as stored in the compound file's directory.
OLE_STREAMS = (("WordDocument", DOC), ("Workbook", XLS), ("Book", XLS), ("PowerPoint Document", PPT))
OLE_DIR_ENTRY = 128
OLE_STREAM_TYPE = b"\x02"


def download_mime(stored_mime: str | None) -> str:
    """The Content-Type to serve a stored file with: its own for PDF and raster images, else octet-stream."""
    return stored_mime if stored_mime in DECLARED_ON_DOWNLOAD else "application/octet-stream"


def detect(path: Path) -> FileType | None:
    """The accepted type of the file at `path`, or None when it is not one we take."""
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(ZIP_MAGIC):
        return _zip_document(path)
    if head.startswith(OLE_MAGIC):
        return _ole_document(path.read_bytes())
    return None


def _zip_document(path: Path) -> FileType | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    return None  # macro-enabled documents run code when opened
                return next((kind for part, kind in OOXML_PARTS if part in names), None)
            if "mimetype" in names:
                with archive.open("mimetype") as fh:
                    # Read a few bytes only: the member is tiny in a real document, and we never inflate more.
                    declared = fh.read(100).decode("ascii", "replace").strip()
                return ODF_TYPES.get(declared)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, NotImplementedError, RuntimeError, ValueError):
        return None
    return None


def _ole_document(content: bytes) -> FileType | None:
    # Directory entries start on 128-byte boundaries (sectors are multiples of 128 bytes and the header is one
    # 512-byte sector), so matching a name there together with its length and "stream" type is precise.
    for name, kind in OLE_STREAMS:
        encoded = name.encode("utf-16-le")
        length = (len(encoded) + 2).to_bytes(2, "little")
        start = content.find(encoded)
        while start != -1:
            if (start % OLE_DIR_ENTRY == 0 and content[start + 64:start + 66] == length
                    and content[start + 66:start + 67] == OLE_STREAM_TYPE):
                return kind
            start = content.find(encoded, start + 1)
    return None  # another compound file, e.g. an .msi installer
