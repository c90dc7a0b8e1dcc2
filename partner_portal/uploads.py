"""Uploads are judged by their content, not their name: a file must really be a PDF,
an image or an Office document, its extension must agree, and it must be small.

The office opens these files in desktop programs, so what a desktop program would run
or unpack is refused where it can be seen in the bytes:

- A PDF must *start* with ``%PDF-`` (after at most a few bytes of whitespace) and end
  with ``%%EOF`` in its last kilobyte. An HTML or SVG page with ``%PDF-`` somewhere
  near its top (a polyglot a browser would render as a page) is not a PDF.
- A PDF may not name ``/JavaScript`` or ``/JS`` (scripts, e.g. run by
  ``/OpenAction`` when the file opens), ``/Launch`` (starts a program),
  ``/EmbeddedFile(s)`` (files carried inside, e.g. an executable), ``/RichMedia``
  (Flash and video players) or ``/XFA`` (XML forms, which carry scripts in streams we
  do not parse). Names are compared after decoding ``#xx`` escapes (``/J#53``), and the
  compressed object streams (``/ObjStm``) that can hide such dictionaries are inflated,
  with a byte budget, and read too; one that cannot be read is refused, since what it
  holds cannot be checked. A plain ``/OpenAction`` (open at page 1) stays allowed.
- A zip (Office Open XML, OpenDocument) is opened once, its member list read from the
  central directory, and at most a few hundred bytes of one member (``mimetype``) are
  ever decompressed. Archives that declare too many members, too many unpacked bytes
  in all, or a member that unpacks to hundreds of times its packed size (a "zip
  bomb" for the person who opens it) are refused before anything is read.
- Macros: OOXML with ``vbaProject.bin`` or Excel 4 macro sheets, OpenDocument with
  ``Basic/`` or ``Scripts/``, and old binary Office files with a VBA project.

A file is checked once per upload: the form and the service both ask, the answer is
kept on the upload object.
"""

import re
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_MARKERS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
# What each detected kind is served as, and the extensions a person may give it.
KINDS = {
    "pdf": ("application/pdf", {"pdf"}),
    "png": ("image/png", {"png"}),
    "jpeg": ("image/jpeg", {"jpg", "jpeg"}),
    "gif": ("image/gif", {"gif"}),
    "webp": ("image/webp", {"webp"}),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {"docx"},
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        {"xlsx"},
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        {"pptx"},
    ),
    "ole2": ("application/octet-stream", {"doc", "xls", "ppt"}),
    "odt": ("application/vnd.oasis.opendocument.text", {"odt"}),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", {"ods"}),
    "odp": ("application/vnd.oasis.opendocument.presentation", {"odp"}),
}
OLE2_TYPES = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}

# --- Limits ---------------------------------------------------------------------------
PDF_LEADING_WHITESPACE = 4
PDF_EOF_WINDOW = 1024
PDF_OBJECT_STREAM_BUDGET = 8 * 1024 * 1024  # inflated bytes, all object streams
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_UNPACKED = 256 * 1024 * 1024  # declared, all members together
ZIP_MAX_RATIO = 200  # unpacked / packed size of one member...
ZIP_RATIO_FLOOR = 1024 * 1024  # ...once it unpacks to more than this
MIMETYPE_MAX_BYTES = 200

PDF_ACTIVE_NAMES = {
    b"JavaScript",
    b"JS",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
    b"XFA",
}
PDF_LONG_ACTIVE_NAMES = PDF_ACTIVE_NAMES - {b"JS"}
# A PDF name: a slash and the regular characters after it (PDF 32000, 7.3.5).
PDF_NAME_RE = re.compile(rb"/([^\x00\t\n\x0c\r /%()<>\[\]{}]*)")
PDF_NAME_ESCAPE_RE = re.compile(rb"#([0-9A-Fa-f]{2})")
OLE2_VBA_MARKER = "_VBA_PROJECT".encode("utf-16-le")
OOXML_MACRO_PARTS = ("vbaproject.bin", "xl/macrosheets/")
ODF_SCRIPT_FOLDERS = ("basic/", "scripts/")


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size: int


class Refused(Exception):
    """Raised inside the sniffers: the file is of a kind but may not be accepted."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message, self.code = message, code


def sniff(uploaded):
    """The kind of document the bytes are, or None. Raises Refused for a file of a
    known kind with dangerous content."""
    uploaded.seek(0)
    head = uploaded.read(2048)
    uploaded.seek(0)
    if head[: PDF_LEADING_WHITESPACE + 5].lstrip(b" \t\r\n\x0c").startswith(b"%PDF-"):
        return sniff_pdf(uploaded)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(OLE2_MAGIC):
        return sniff_ole2(uploaded)
    if head.startswith(b"PK\x03\x04"):
        return sniff_zip(uploaded)
    return None


def read_all(uploaded):
    uploaded.seek(0)
    try:
        return uploaded.read()
    finally:
        uploaded.seek(0)


# --- PDF ------------------------------------------------------------------------------


def sniff_pdf(uploaded):
    data = read_all(uploaded)
    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        return None
    names, object_stream_at = pdf_names(data)
    # Random bytes in compressed images spell a short name like /JS now and then:
    # short names count only where dictionaries are, outside stream bodies.
    found = (names & PDF_LONG_ACTIVE_NAMES) | pdf_names(outside_streams(data))[0]
    for inflated in object_streams(data, object_stream_at):
        found |= pdf_names(inflated)[0]
    if found & PDF_ACTIVE_NAMES:
        raise Refused(
            _(
                "This PDF contains scripts, embedded files or actions that start "
                "programs; save or print it as a plain PDF and upload that."
            ),
            code="active_content",
        )
    return "pdf"


def pdf_names(chunk):
    """The names in the bytes, ``#xx`` escapes decoded, and where each ``/ObjStm``
    ends."""
    names, object_stream_at = set(), []
    for match in PDF_NAME_RE.finditer(chunk):
        name = PDF_NAME_ESCAPE_RE.sub(lambda m: bytes([int(m[1], 16)]), match[1])
        names.add(name)
        if name == b"ObjStm":
            object_stream_at.append(match.end())
    return names, object_stream_at


def outside_streams(data):
    parts, position = [], 0
    while (start := data.find(b"stream", position)) != -1:
        end = data.find(b"endstream", start)
        if end == -1:
            break
        parts.append(data[position:start])
        position = end + len(b"endstream")
    parts.append(data[position:])
    return b" ".join(parts)


def object_streams(data, positions):
    """The inflated bytes of each compressed object stream, within one budget."""
    view, budget = memoryview(data), PDF_OBJECT_STREAM_BUDGET
    for position in positions:
        start = data.find(b"stream", position)
        end = data.find(b"endstream", start)
        if start == -1 or end == -1:
            unreadable()
        start += len(b"stream")
        start += 2 if data[start : start + 2] == b"\r\n" else 1
        try:
            inflated = zlib.decompressobj().decompress(view[start:end], budget + 1)
        except zlib.error:
            unreadable()
        budget -= len(inflated)
        if budget < 0:
            unreadable()
        yield inflated


def unreadable():
    raise Refused(
        _(
            "This PDF is compressed or encrypted in a way that cannot be checked; "
            "save or print it as a plain PDF and upload that."
        ),
        code="unreadable",
    )


# --- Office ---------------------------------------------------------------------------


def sniff_ole2(uploaded):
    if OLE2_VBA_MARKER in read_all(uploaded):
        refuse_macros()
    return "ole2"


def refuse_macros():
    raise Refused(
        _(
            "Documents with macros are not accepted; save it without macros (for "
            "example as .docx or .xlsx) and upload that."
        ),
        code="macros",
    )


def sniff_zip(uploaded):
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
            check_archive_sizes(members)
            names = {member.filename for member in members}
            mimetype = read_mimetype(archive) if "mimetype" in names else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError):
        return None
    except (RuntimeError, ValueError, EOFError, zlib.error):
        # Encrypted members, unsupported compression, truncated data.
        return None
    finally:
        uploaded.seek(0)
    lowered = {name.lower() for name in names}
    if mimetype is not None:
        kind = ODF_MIMETYPES.get(mimetype)
        if kind and any(name.startswith(ODF_SCRIPT_FOLDERS) for name in lowered):
            refuse_macros()
        return kind
    if "[Content_Types].xml" not in names:
        return None
    if any(part in name for name in lowered for part in OOXML_MACRO_PARTS):
        refuse_macros()
    return next(
        (kind for marker, kind in OOXML_MARKERS.items() if marker in names), None
    )


def check_archive_sizes(members):
    unpacked = sum(member.file_size for member in members)
    bomb = (
        len(members) > ZIP_MAX_MEMBERS
        or unpacked > ZIP_MAX_UNPACKED
        or any(
            member.file_size > ZIP_RATIO_FLOOR
            and member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1)
            for member in members
        )
    )
    if bomb:
        raise Refused(
            _("This archive unpacks to far more than its size; it is not accepted."),
            code="zip_bomb",
        )


def read_mimetype(archive):
    # Never more than a few hundred bytes, whatever the member claims to hold.
    with archive.open("mimetype") as member:
        return member.read(MIMETYPE_MAX_BYTES).strip()


# --- The check ------------------------------------------------------------------------


def check_document(uploaded) -> CheckedUpload:
    if not hasattr(uploaded, "_portal_checked"):
        try:
            uploaded._portal_checked = judge(uploaded)
        except ValidationError as refusal:
            uploaded._portal_checked = refusal
    if isinstance(uploaded._portal_checked, ValidationError):
        raise uploaded._portal_checked
    return uploaded._portal_checked


def judge(uploaded):
    limit = settings.PORTAL["UPLOAD_MAX_BYTES"]
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    try:
        kind = sniff(uploaded)
    except Refused as refused:
        raise ValidationError(refused.message, code=refused.code) from None
    if kind is None:
        raise ValidationError(
            _("This file is not a PDF, an image or an Office document."),
            code="bad_content",
        )
    content_type, extensions = KINDS[kind]
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if extension not in extensions:
        raise ValidationError(
            _("The file's content does not match its name (.%(extension)s).")
            % {"extension": extension or "?"},
            code="extension_mismatch",
        )
    if kind == "ole2":
        content_type = OLE2_TYPES[extension]
    return CheckedUpload(
        content_type=content_type, extension=extension, size=uploaded.size
    )
