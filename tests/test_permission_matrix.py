"""Every URL × every persona answers what tests/permission_matrix.txt says.

- Every URL pattern the resolver knows is named and has rows (the admin's are checked
  as a whole below), for every HTTP method its view accepts: a view that answers a
  method with anything but 405 needs a row for it.
- A POST row says whether the request changed anything (``302+``) or nothing
  (``302``): the database is compared before and after, so a refused move that
  answers 302 like a successful one cannot pass for it.
- A POST without a CSRF token is refused; someone else's object answers 404/403.
- Every page that answers HTML is in the browser gates' page list.

The fixture world is built once for the module; every request runs in a transaction
that is rolled back, so each persona meets the same world.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.forms.models import model_to_dict
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import get_resolver, reverse

from tests.browser.page_list import NOT_PAGES, PAGES
from tests.url_walk import url_patterns, walk_patterns
from tests.world import PERSONAS, build_world, make_people

MATRIX_FILE = Path(__file__).with_name("permission_matrix.txt")
STATUS_RE = re.compile(r"^(200|302|login|verify|403|404|405|410|413)(\+?)$")
ALLOWED = {"200", "302"}
# HEAD answers as GET does and OPTIONS only describes a view: the other methods
# a browser or a script can send are probed.
PROBED_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
# Posted with every POST row, so a move that needs a note can succeed.
POST_DATA = {"note": "matrix"}
PROJECT_APPS = ["partner_portal", "industries", "teams", "placements", "certificates"]


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
        for status in statuses:
            match = STATUS_RE.match(status)
            if match is None or (match[2] and method != "POST"):
                raise ValueError(f"{MATRIX_FILE.name}:{number}: bad status {status}")
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


ROWS = load_matrix()
POST_ROWS = [row for row in ROWS if row.method == "POST"]

# Each test runs in a transaction inside the module's (see the world fixture).
pytestmark = pytest.mark.django_db


# --- The world, built once ------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world(make_people(), full=True)
        yield built
        transaction.set_rollback(True)


def url_for(url_name, object_name, world):
    pattern = url_patterns()[url_name]
    wanted = list(pattern.pattern.converters)
    if not wanted:
        return reverse(url_name)
    return reverse(url_name, kwargs=world.url_kwargs(object_name, wanted))


def classify(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(resolve_url(settings.LOGIN_URL)):
            return "login"
        if location == reverse("email-verify"):
            return "verify"
        return "302"
    return str(response.status_code)


def fingerprint(world, object_name, person):
    """What a request could change: the number of rows of every table of the
    portal, and the fields of the URL's object and of the person asking."""
    counts = tuple(
        model._default_manager.count()
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
    )
    obj = world.objects.get(object_name) if object_name else None
    snapshots = []
    for instance in (obj, person):
        if instance is None or isinstance(instance, dict):
            continue
        fresh = type(instance)._default_manager.filter(pk=instance.pk).first()
        snapshots.append(model_to_dict(fresh) if fresh else None)
    return counts, repr(snapshots)


def request(client, method, url, person=None, *, world=None, object_name=None):
    """Log in and make one request, then roll both back, so every persona meets the
    same world (logging in alone changes last_login, which voids reset links).
    Returns the response and whether it changed anything."""
    with transaction.atomic():
        if person is not None:
            client.force_login(person)
        before = fingerprint(world, object_name, person) if world else None
        if method == "POST":
            response = client.post(url, POST_DATA)
        else:
            response = client.generic(method, url)
        changed = (
            world is not None and fingerprint(world, object_name, person) != before
        )
        transaction.set_rollback(True)
    return response, changed


# --- Structure of the matrix ----------------------------------------------------------


def test_every_url_pattern_is_named():
    """(The admin's own unnamed redirects to its change pages excepted.)"""
    unnamed = [
        route
        for name, route, _pattern in walk_patterns(get_resolver().url_patterns)
        if name is None and "admin/" not in route
    ]

    assert unnamed == [], "name these URL patterns so the matrix can cover them"


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
        if not any(allowed(row.expected[p]) for p in PERSONAS if p != "iro"):
            continue
        swap = rows.get((url_name, method, swapped))
        if swap is None:
            missing.append(f"{method} {url_name} [{swapped}]")
        elif not any(
            allowed(row.expected[p]) and swap.expected[p] in {"403", "404"}
            for p in PERSONAS
        ):
            # Someone who may use their own object must be refused the other one.
            leaking.append(f"{method} {url_name} [{swapped}]")

    assert missing == [], "object-swap rows missing"
    assert leaking == [], "object swap refuses nobody"


def allowed(status):
    return status.rstrip("+") in ALLOWED


def test_every_method_a_view_accepts_has_rows(world):
    """Probe every URL with every method as someone who holds every role: whatever
    does not answer 405 is accepted, and needs its rows."""
    prober = world.person("all_roles")
    covered = {(row.url_name, row.method) for row in ROWS}
    objects = {}
    for row in ROWS:
        objects.setdefault(row.url_name, row.object_name)
    missing = []
    for url_name in sorted(url_patterns()):
        if url_name not in objects:
            continue  # reported by test_every_url_has_rows_in_the_matrix
        url = url_for(url_name, objects[url_name], world)
        for method in PROBED_METHODS:
            response, _changed = request(Client(), method, url, prober)
            if response.status_code != 405 and (url_name, method) not in covered:
                missing.append(f"{method} {url_name} (answered {response.status_code})")

    assert missing == [], "methods accepted without rows in the matrix:\n" + "\n".join(
        missing
    )


# --- The answers ----------------------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_permission_matrix(row, world):
    url = url_for(row.url_name, row.object_name, world)
    actual = {}
    for persona in PERSONAS:
        response, changed = request(
            Client(),
            row.method,
            url,
            world.person(persona),
            world=world if row.method == "POST" else None,
            object_name=row.object_name,
        )
        actual[persona] = classify(response) + ("+" if changed else "")

    assert actual == row.expected, (
        f"{MATRIX_FILE.name}:{row.line} {row.id}; the answers seen were:\n"
        f"{row.url_name:<35} {row.method:<6} {row.object_name or '-':<16} "
        + " ".join(f"{actual[p]:<5}" for p in PERSONAS)
    )


@pytest.mark.parametrize("row", POST_ROWS, ids=lambda row: row.id)
def test_state_changing_post_without_csrf_token_is_refused(row, world):
    permitted = [p for p in PERSONAS if allowed(row.expected[p])]
    persona = permitted[0] if permitted else "anonymous"
    client = Client(enforce_csrf_checks=True)

    response, changed = request(
        client,
        "POST",
        url_for(row.url_name, row.object_name, world),
        world.person(persona),
        world=world,
        object_name=row.object_name,
    )

    assert response.status_code == 403
    assert not changed


# --- The admin ------------------------------------------------------------------------


def admin_urls(world):
    """Every admin URL, with the id of a real object where it takes one."""
    for name, _route, pattern in walk_patterns(get_resolver().url_patterns):
        if not (name and name.startswith("admin:")):
            continue
        converters = set(pattern.pattern.regex.groupindex)
        if not converters:
            yield name, reverse(name)
        elif converters == {"object_id"}:
            model = model_of_admin_url(name)
            if model is not None and model._default_manager.exists():
                obj = model._default_manager.first()
                yield name, reverse(name, kwargs={"object_id": obj.pk})
        elif converters == {"app_label"}:
            for label in PROJECT_APPS:
                yield name, reverse(name, kwargs={"app_label": label})


def model_of_admin_url(name):
    match = re.match(r"admin:(\w+?)_(\w+?)_\w+$", name)
    if match is None:
        return None
    try:
        return apps.get_model(match[1], match[2])
    except LookupError:
        return None


# The admin's own login form and logout show nothing of the portal's data.
ADMIN_DOORS = {"admin:login", "admin:logout"}


def test_the_admin_answers_nobody_but_admin_staff(world):
    """Django's admin guards itself (is_staff); no persona of the portal is admin
    staff, so every admin URL sends them to a login page."""
    leaks = []
    urls = [(name, url) for name, url in admin_urls(world) if name not in ADMIN_DOORS]
    logins = ("/admin/login/", resolve_url(settings.LOGIN_URL))
    for name, url in urls:
        # The admin asks one question of everyone (is_staff): the logged-out, the
        # most trusted persona of the portal and an ordinary one stand for all.
        for persona in ("anonymous", "iro", "student"):
            response, _changed = request(Client(), "GET", url, world.person(persona))
            location = response.get("Location", "")
            if not (response.status_code == 302 and location.startswith(logins)):
                leaks.append(f"{name} as {persona}: {response.status_code}")

    assert len(urls) > 50
    assert leaks == [], "\n".join(leaks)


# --- Pages and the browser gates ------------------------------------------------------


def test_every_html_page_is_in_the_browser_gates(world):
    """A GET that answers an HTML page to someone must be in tests/browser/
    page_list.py (or named in its NOT_PAGES with the reason)."""
    in_gates = {page.url_name for page in PAGES} | set(NOT_PAGES)
    forgotten = []
    for row in ROWS:
        if row.method != "GET" or row.url_name in in_gates:
            continue
        persona = next((p for p in PERSONAS if row.expected[p] == "200"), None)
        if persona is None:
            continue
        url = url_for(row.url_name, row.object_name, world)
        response, _changed = request(Client(), "GET", url, world.person(persona))
        if response["Content-Type"].startswith("text/html"):
            forgotten.append(row.url_name)

    assert forgotten == [], "pages missing from tests/browser/page_list.py"
