"""Request bodies larger than any form needs are refused before they are read."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import encode_multipart

pytestmark = pytest.mark.django_db


class CountingInput(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.bytes_read += len(line)
        return line


def test_a_body_larger_than_the_limit_gets_413_unread(client):
    body = encode_multipart(
        "BOUNDARY",
        {
            "username": "a@b.example",
            "password": "x",
            "file": SimpleUploadedFile(
                "big.bin", b"\0" * (settings.REQUEST_BODY_MAX_BYTES + 1)
            ),
        },
    )
    stream = CountingInput(body)

    response = client.post(
        "/accounts/login/",
        content_type="multipart/form-data; boundary=BOUNDARY",
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": stream},
    )

    assert response.status_code == 413
    assert "Request too large" in response.content.decode()
    assert stream.bytes_read == 0


def test_a_body_within_the_limit_is_read_as_usual(client):
    response = client.post(
        "/en/accounts/login/", {"username": "a@b.example", "password": "x"}
    )

    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()
