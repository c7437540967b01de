"""Content decides the type: accepted documents are recognised, impostors behind a right extension are not."""
import pytest

from innolab.evidence import filetypes
from tests.evidence.samples import HTML, PDF, PNG, SVG, docx_bytes, ole_bytes, zip_bytes

ACCEPTED = [
    (PDF, "pdf", "application/pdf"),
    (PNG, "png", "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpg", "image/jpeg"),
    (b"GIF89a\x01\x00\x01\x00", "gif", "image/gif"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp", "image/webp"),
    (docx_bytes(), "docx", filetypes.DOCX.mime),
    (zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}), "xlsx", filetypes.XLSX.mime),
    (zip_bytes({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}), "pptx", filetypes.PPTX.mime),
    (zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), "odt",
     filetypes.ODT.mime),
    (zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "ods", filetypes.ODS.mime),
    (ole_bytes("WordDocument"), "doc", "application/msword"),
    (ole_bytes("Workbook"), "xls", "application/vnd.ms-excel"),
    (ole_bytes("PowerPoint Document"), "ppt", "application/vnd.ms-powerpoint"),
]

REFUSED = {
    "html": HTML,
    "svg": SVG,
    "svg with xml prolog": b'<?xml version="1.0"?>' + SVG,
    "shell script": b"#!/bin/sh\nrm -rf ~\n",
    "windows executable": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64,
    "linux executable": b"\x7fELF\x02\x01\x01" + b"\x00" * 64,
    "javascript": b"alert(1);",
    "zip without content types": zip_bytes({"word/document.xml": b"<w/>"}),
    "plain zip": zip_bytes({"readme.txt": b"hello"}),
    "ooxml of no known kind": zip_bytes({"[Content_Types].xml": b"<Types/>", "other/part.xml": b"<x/>"}),
    "macro-enabled word": docx_bytes({"word/vbaProject.bin": b"\x00macro"}),
    "odf of another kind": zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.graphics"}),
    "broken zip": b"PK\x03\x04" + b"\x00" * 40,
    "installer (ole without office streams)": ole_bytes("SummaryInformation"),
    "pdf marker later in the file": b"<html>%PDF-1.4</html>",
    "empty": b"",
}


@pytest.mark.parametrize(("content", "extension", "mime"), ACCEPTED, ids=[a[1] for a in ACCEPTED])
def test_accepted_documents_are_recognised_by_content(tmp_path, content, extension, mime):
    path = tmp_path / "unggahan.bin"  # the name says nothing
    path.write_bytes(content)
    assert filetypes.detect(path) == filetypes.FileType(extension, mime)


@pytest.mark.parametrize("content", REFUSED.values(), ids=REFUSED.keys())
def test_everything_else_is_refused_whatever_its_name(tmp_path, content):
    path = tmp_path / "laporan.pdf"
    path.write_bytes(content)
    assert filetypes.detect(path) is None


def test_ole_stream_name_counts_only_as_a_directory_entry(tmp_path):
    # The name in running text (not on a 128-byte entry boundary, no length/type) does not make a Word file.
    path = tmp_path / "x.doc"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1").ljust(515, b"\x00") + "WordDocument".encode("utf-16-le"))
    assert filetypes.detect(path) is None


@pytest.mark.parametrize(("stored", "served"), [
    ("application/pdf", "application/pdf"),
    ("image/png", "image/png"),
    (filetypes.DOCX.mime, "application/octet-stream"),
    ("image/svg+xml", "application/octet-stream"),
    ("text/html", "application/octet-stream"),
    (None, "application/octet-stream"),
])
def test_only_pdf_and_raster_images_keep_their_type_on_download(stored, served):
    assert filetypes.download_mime(stored) == served
