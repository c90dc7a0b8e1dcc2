"""Where certificate PDFs are kept: Django's storage API, the ``certificates``
storage of ``STORAGES`` (the file system by default; any backend, S3-compatible
ones included, by settings)."""

import os
import tempfile

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages


def certificate_storage():
    return storages["certificates"]


def save_pdf(name, data):
    """Store ``data`` under ``name`` whole or not at all; returns the stored name.

    On the file system the bytes go to a temporary file in the same directory that
    is renamed into place, so a worker killed mid-write never leaves a half-written
    PDF under a name the database could point to. Object stores upload whole files.
    """
    storage = certificate_storage()
    if not isinstance(storage, FileSystemStorage):
        return storage.save(name, ContentFile(data))
    name = storage.get_available_name(name)
    path = storage.path(name)
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return name


def delete_pdf(name):
    if name:
        certificate_storage().delete(name)
