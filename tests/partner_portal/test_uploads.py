import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from partner_portal.uploads import check_document


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
        (SimpleUploadedFile("brief.pdf", b"%PDF-1.7\n..."), "application/pdf"),
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
        (SimpleUploadedFile("brief.docx", b"%PDF-1.7\n..."), "extension_mismatch"),
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
