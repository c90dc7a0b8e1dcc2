import os
import shutil
import subprocess
import sys

import polib
import pytest

from tests.services import BASE_DIR, REQUIRE_SERVICES

CATALOGUE = BASE_DIR / "locale" / "fa" / "LC_MESSAGES" / "django.po"


def test_the_persian_catalogue_has_no_empty_or_fuzzy_entry():
    catalogue = polib.pofile(str(CATALOGUE))

    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


SOURCES = [
    "partner_portal",
    "industries",
    "teams",
    "placements",
    "certificates",
    "templates",
]


def test_every_string_in_the_code_has_a_persian_translation(tmp_path):
    """Extract the strings afresh from a scratch copy of the sources into a scratch
    copy of the catalogue: a string added to the code without its translation shows
    up there as an empty entry. (makemessages writes to any ./locale it finds, so it
    must not run in the project itself.)"""
    if shutil.which("xgettext") is None:
        if REQUIRE_SERVICES:
            pytest.fail("GNU gettext (xgettext) is needed to extract strings")
        pytest.skip("GNU gettext (xgettext) is not installed")
    for name in SOURCES:
        shutil.copytree(
            BASE_DIR / name,
            tmp_path / name,
            ignore=shutil.ignore_patterns("__pycache__", "migrations"),
        )
    scratch = tmp_path / "locale" / "fa" / "LC_MESSAGES"
    scratch.mkdir(parents=True)
    shutil.copy(CATALOGUE, scratch / "django.po")

    subprocess.run(  # noqa: S603
        [
            sys.executable,
            BASE_DIR / "manage.py",
            "makemessages",
            "-l",
            "fa",
            "--no-obsolete",
        ],
        cwd=tmp_path,
        env={
            **os.environ,
            "PYTHONPATH": str(BASE_DIR),
            "LOCALE_DIR": str(tmp_path / "locale"),
            "DEBUG": "true",
        },
        check=True,
        capture_output=True,
    )

    fresh = polib.pofile(str(scratch / "django.po"))
    missing = [entry.msgid for entry in fresh if not entry.translated()]
    assert missing == [], (
        f"{len(missing)} strings lack a Persian translation: {missing}"
    )
