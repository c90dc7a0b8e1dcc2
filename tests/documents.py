"""Small real documents for upload tests: a PDF with a valid cross-reference table,
Office Open XML and OpenDocument zips."""

import io
import zipfile
import zlib


def pdf(*extra_objects, catalog_extra=b"", header=b"%PDF-1.7\n"):
    """A one-page PDF. ``extra_objects`` are object bodies numbered from 4;
    ``catalog_extra`` is added to the catalog dictionary."""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        *extra_objects,
    ]
    out = bytearray(header + b"%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(bodies) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream_object(dictionary, payload):
    return (
        b"<< "
        + dictionary
        + b" /Length %d >>\nstream\n" % len(payload)
        + payload
        + b"\nendstream"
    )


def object_stream(*objects):
    """A compressed object stream (PDF 1.5) holding dictionaries numbered from 10."""
    header, body = b"", b""
    for number, dictionary in enumerate(objects, start=10):
        header += b"%d %d " % (number, len(body))
        body += dictionary + b" "
    payload = zlib.compress(header + body)
    dictionary = b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (
        len(objects),
        len(header),
    )
    return stream_object(dictionary, payload)


def zipped(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(**more):
    return zipped(
        {"[Content_Types].xml": "<Types/>", "word/document.xml": "<x/>", **more}
    )


def odt(**more):
    members = {"mimetype": "application/vnd.oasis.opendocument.text"}
    members.update({"content.xml": "<x/>", **more})
    return zipped(members)
