"""Every URL × every persona answers what tests/permission_matrix.txt says.

A URL pattern without rows fails the suite, so no view ships untested; a POST without a
CSRF token is refused; someone else's object answers 404/403, never data.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.world import PERSONAS

MATRIX_FILE = Path(__file__).with_name("permission_matrix.txt")
STATUSES = {"200", "302", "login", "403", "404", "405"}
EXCLUDED_NAMESPACES = {"admin"}
ALLOWED = {"200", "302"}


@dataclass(frozen=True)
class Row:
    url_name: str
    method: str
    object_name: str | None
    expected: dict
    line: int

    @property
    def id(self):
        target = f"[{self.object_name}]" if self.object_name else ""
        return f"{self.method} {self.url_name}{target}"


def load_matrix():
    rows, header = [], None
    for number, raw in enumerate(MATRIX_FILE.read_text().splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        cells = line.split()
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise ValueError(
                f"{MATRIX_FILE.name}:{number}: expected {len(header)} cells"
            )
        url_name, method, object_name, *statuses = cells
        unknown = set(statuses) - STATUSES
        if unknown:
            raise ValueError(f"{MATRIX_FILE.name}:{number}: unknown status {unknown}")
        rows.append(
            Row(
                url_name=url_name,
                method=method,
                object_name=None if object_name == "-" else object_name,
                expected=dict(zip(PERSONAS, statuses, strict=True)),
                line=number,
            )
        )
    return rows


def walk_patterns(patterns, namespace=""):
    """(name, pattern) of every named URL reachable from the root URLconf."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def url_patterns():
    names = {}
    for name, pattern in walk_patterns(get_resolver().url_patterns):
        if name.startswith(("django", "static")):
            continue
        names[name] = pattern
    return names


ROWS = load_matrix()
POST_ROWS = [row for row in ROWS if row.method == "POST"]


def url_for(row, world):
    pattern = url_patterns()[row.url_name]
    wanted = list(pattern.pattern.converters)
    if not wanted:
        return reverse(row.url_name)
    return reverse(row.url_name, kwargs=world.url_kwargs(row.object_name, wanted))


def classify(response):
    if response.status_code in (301, 302):
        login_url = resolve_url(settings.LOGIN_URL)
        return "login" if response["Location"].startswith(login_url) else "302"
    return str(response.status_code)


def request(client, row, url, person=None):
    """Log in and make one request, then roll both back, so every persona meets the
    same world (logging in alone changes last_login, which voids reset links)."""
    with transaction.atomic():
        if person is not None:
            client.force_login(person)
        if row.method == "POST":
            response = client.post(url, {})
        else:
            response = client.generic(row.method, url)
        transaction.set_rollback(True)
    return response


def test_every_url_has_rows_in_the_matrix():
    untested = sorted(set(url_patterns()) - {row.url_name for row in ROWS})

    assert untested == [], f"untested URL(s), add rows to {MATRIX_FILE.name}"


def test_every_row_names_a_real_url():
    unknown = sorted({row.url_name for row in ROWS} - set(url_patterns()))

    assert unknown == []


def test_every_object_url_is_tried_with_someone_elses_object(world):
    rows = {(row.url_name, row.method, row.object_name): row for row in ROWS}
    missing, leaking = [], []
    for (url_name, method, object_name), row in rows.items():
        swapped = f"other_{object_name}"
        if not object_name or swapped not in world.objects:
            continue
        # IRO sees every object; ownership only matters where someone else may act.
        if not any(row.expected[p] in ALLOWED for p in PERSONAS if p != "iro"):
            continue
        swap = rows.get((url_name, method, swapped))
        if swap is None:
            missing.append(f"{method} {url_name} [{swapped}]")
        elif not any(
            row.expected[p] in ALLOWED and swap.expected[p] in {"403", "404"}
            for p in PERSONAS
        ):
            # Someone who may use their own object must be refused the other one.
            leaking.append(f"{method} {url_name} [{swapped}]")

    assert missing == [], "object-swap rows missing"
    assert leaking == [], "object swap refuses nobody"


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_permission_matrix(row, world):
    url = url_for(row, world)
    actual = {}
    for persona in PERSONAS:
        response = request(Client(), row, url, world.person(persona))
        actual[persona] = classify(response)

    assert actual == row.expected, (
        f"{MATRIX_FILE.name}:{row.line} {row.id}; the answers seen were:\n"
        f"{row.url_name:<26} {row.method:<6} {row.object_name or '-':<11} "
        + " ".join(f"{actual[p]:<5}" for p in PERSONAS)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("row", POST_ROWS, ids=lambda row: row.id)
def test_state_changing_post_without_csrf_token_is_refused(row, world):
    allowed = [p for p in PERSONAS if row.expected[p] in ALLOWED]
    persona = allowed[0] if allowed else "anonymous"
    client = Client(enforce_csrf_checks=True)

    response = request(client, row, url_for(row, world), world.person(persona))

    assert response.status_code == 403
