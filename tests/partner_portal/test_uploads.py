import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from partner_portal import uploads
from partner_portal.uploads import check_document
from tests import documents


def office_file(name, marker):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(marker, "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue())


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize(
    ("upload", "content_type"),
    [
        (SimpleUploadedFile("brief.pdf", documents.pdf()), "application/pdf"),
        (SimpleUploadedFile("photo.PNG", PNG), "image/png"),
        (
            SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20),
            "image/jpeg",
        ),
        (
            office_file("report.docx", "word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            office_file("data.xlsx", "xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            SimpleUploadedFile(
                "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 20
            ),
            "application/msword",
        ),
    ],
    ids=["pdf", "png", "jpeg", "docx", "xlsx", "doc"],
)
def test_documents_are_recognised_by_their_content(upload, content_type):
    assert check_document(upload).content_type == content_type


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"), "bad_content"),
        (SimpleUploadedFile("page.pdf", b"<html><script>x</script>"), "bad_content"),
        (SimpleUploadedFile("brief.docx", documents.pdf()), "extension_mismatch"),
        (SimpleUploadedFile("photo.pdf", PNG), "extension_mismatch"),
        (office_file("report.xlsx", "word/document.xml"), "extension_mismatch"),
        (SimpleUploadedFile("empty.pdf", b""), "empty"),
        (SimpleUploadedFile("archive.zip", b"PK\x03\x04broken"), "bad_content"),
    ],
    ids=[
        "exe-as-pdf",
        "html-as-pdf",
        "pdf-as-docx",
        "png-as-pdf",
        "docx-as-xlsx",
        "empty",
        "broken-zip",
    ],  # fmt: skip
)
def test_files_that_are_not_what_they_claim_are_refused(upload, code):
    with pytest.raises(ValidationError) as refused:
        check_document(upload)

    assert refused.value.code == code


def test_files_over_10_mb_are_refused_with_their_size(settings):
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))

    with pytest.raises(ValidationError) as refused:
        check_document(upload)

    assert refused.value.code == "too_large"
    assert "10.0" in refused.value.messages[0]


def refusal_code(name, content):
    with pytest.raises(ValidationError) as refused:
        check_document(SimpleUploadedFile(name, content))
    return refused.value.code


@pytest.mark.parametrize(
    "content",
    [
        b"<html><!-- %PDF-1.7 --><script>alert(1)</script></html>\n%%EOF",
        b'<svg xmlns="http://www.w3.org/2000/svg"><!--%PDF-1.4--></svg>%%EOF',
        b"     \n%PDF-1.7\n" + documents.pdf()[9:],  # more than 4 bytes before it
    ],
    ids=["html", "svg", "late-header"],
)
def test_a_file_that_does_not_start_with_the_pdf_header_is_not_a_pdf(content):
    assert refusal_code("brief.pdf", content) == "bad_content"


def test_a_pdf_cut_short_before_its_end_marker_is_refused():
    assert refusal_code("brief.pdf", documents.pdf()[:-20]) == "bad_content"


def test_a_pdf_with_a_little_whitespace_before_its_header_is_accepted():
    upload = SimpleUploadedFile("brief.pdf", b"\r\n" + documents.pdf())

    assert check_document(upload).content_type == "application/pdf"


JS_ACTION = b"<< /S /JavaScript /JS (app.alert('x')) >>"


@pytest.mark.parametrize(
    ("objects", "catalog"),
    [
        ([JS_ACTION], b"/OpenAction 4 0 R"),
        ([b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"], b"/OpenAction 4 0 R"),
        ([b"<< /S /Launch /F (cmd.exe) >>"], b"/OpenAction 4 0 R"),
        ([b"<< /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >>"], b"/Names 4 0 R"),
        ([documents.object_stream(JS_ACTION)], b"/OpenAction 10 0 R"),
        (
            [documents.object_stream(b"<< /S /JavaScr#69pt /JS (x) >>")],
            b"/AA << /O 10 0 R >>",
        ),
    ],
    ids=[
        "open-action-js",
        "escaped-names",
        "launch",
        "embedded-file",
        "js-in-object-stream",
        "escaped-in-object-stream",
    ],
)
def test_a_pdf_with_active_content_is_refused(objects, catalog):
    content = documents.pdf(*objects, catalog_extra=catalog)

    assert refusal_code("brief.pdf", content) == "active_content"


def test_an_object_stream_that_cannot_be_inflated_is_refused():
    broken = documents.stream_object(
        b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", b"not zlib data"
    )

    assert refusal_code("brief.pdf", documents.pdf(broken)) == "unreadable"


@pytest.mark.parametrize(
    ("objects", "catalog"),
    [
        ([], b"/OpenAction [3 0 R /Fit]"),
        # Compressed image data that happens to spell /JS is not a dictionary.
        (
            [
                documents.stream_object(
                    b"/Type /XObject /Subtype /Image /Filter /DCTDecode",
                    b"\xff\xd8\x00/JS (\x07\x00/JS\n\x99",
                )
            ],
            b"",
        ),
        ([documents.object_stream(b"<< /Type /Font /Subtype /Type1 >>")], b""),
    ],
    ids=["open-at-page-one", "js-bytes-in-image", "harmless-object-stream"],
)
def test_ordinary_pdfs_are_accepted(objects, catalog):
    upload = SimpleUploadedFile(
        "brief.pdf", documents.pdf(*objects, catalog_extra=catalog)
    )

    assert check_document(upload).content_type == "application/pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.docx", documents.docx(**{"word/vbaProject.bin": b"\x00" * 20})),
        ("data.xlsx", documents.zipped({
            "[Content_Types].xml": "<Types/>",
            "xl/workbook.xml": "<x/>",
            "xl/macrosheets/sheet1.xml": "<x/>",
        })),
        ("minutes.odt", documents.odt(**{"Basic/Standard/Module1.xml": "<x/>"})),
        ("minutes.odt", documents.odt(**{"Scripts/python/run.py": "import os"})),
        (
            "old.doc",
            uploads.OLE2_MAGIC + b"\x00" * 100 + "_VBA_PROJECT".encode("utf-16-le"),
        ),
    ],
    ids=["docx-vba", "xlsx-macrosheet", "odt-basic", "odt-python", "doc-vba"],
)  # fmt: skip
def test_office_documents_with_macros_are_refused(name, content):
    assert refusal_code(name, content) == "macros"


def test_an_opendocument_text_is_recognised():
    upload = SimpleUploadedFile("minutes.odt", documents.odt())

    assert check_document(upload).extension == "odt"


@pytest.fixture(scope="module")
def zip_bomb():
    """An OpenDocument whose 'mimetype' member unpacks to 256 MB (about 250 kB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("mimetype", "w", force_zip64=True) as member:
            member.write(b"application/vnd.oasis.opendocument.text")
            zeros = b" " * (1024 * 1024)
            for _ in range(256):
                member.write(zeros)
        archive.writestr("content.xml", "<x/>")
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_without_unpacking_it(zip_bomb):
    upload = SimpleUploadedFile("minutes.odt", zip_bomb)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationError) as refused:
            check_document(upload)
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(zip_bomb) < 1024 * 1024
    assert refused.value.code == "zip_bomb"
    assert peak < 4 * 1024 * 1024, f"peak memory {peak} bytes"
    assert elapsed < 2, f"took {elapsed:.1f} s"


def test_the_mimetype_member_is_read_with_a_cap_whatever_it_declares(monkeypatch):
    # Below the ratio and size limits, yet far more than a mimetype needs.
    content = documents.zipped(
        {"mimetype": "application/vnd.oasis.opendocument.text" + "x" * 900_000},
        compression=zipfile.ZIP_STORED,
    )
    tracemalloc.start()
    try:
        code = refusal_code("minutes.odt", content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert code == "bad_content"
    # The upload itself is in memory once (about 0.9 MB); nothing near it again.
    assert peak < 512 * 1024, f"peak memory {peak} bytes"


def test_a_file_is_checked_once_however_often_it_is_asked(monkeypatch):
    calls = []
    real_sniff = uploads.sniff
    monkeypatch.setattr(
        uploads, "sniff", lambda upload: calls.append(1) or real_sniff(upload)
    )
    upload = SimpleUploadedFile("report.docx", documents.docx())

    first = check_document(upload)
    second = check_document(upload)

    assert first == second
    assert len(calls) == 1
