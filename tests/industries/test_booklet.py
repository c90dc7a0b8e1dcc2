"""The industrial booklet: what each edition holds (read back from the PDF with
pdftotext), its order and contents' page numbers, who may download which edition,
one rendering per edition at a time, and the worker's claim."""

import datetime
import re
import shutil
import subprocess

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from industries import booklet as booklets
from industries.models import Booklet, Cluster, IndustrialArea, ProblemRequest
from partner_portal.models import AuditEvent, FieldOfStudy
from teams.models import Team
from tests import factories

pytestmark = pytest.mark.django_db
B = Booklet.Status
P = ProblemRequest.Status

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is missing"
)


# --- Helpers --------------------------------------------------------------------------


def pdf_text(data, *, first=None, last=None):
    command = ["pdftotext", "-layout"]
    if first:
        command += ["-f", str(first), "-l", str(last or first)]
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [*command, "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()


def flat(text):
    """Text as pdftotext reads it, without the marks of direction and the breaks
    it puts in the middle of long lines."""
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return re.sub(r"\s+", " ", text)


def approve(problem, at=None):
    """The problem published, with the audit row that dates its approval."""
    ProblemRequest.objects.filter(pk=problem.pk).update(status=P.APPROVED)
    return AuditEvent.objects.create(
        target_type=ContentType.objects.get_for_model(ProblemRequest),
        target_id=problem.pk,
        from_state=P.SUBMITTED,
        to_state=P.APPROVED,
        created_at=at or timezone.now(),
    )


def render(edition, language="en", round=None):
    data, pages, count = booklets.render_booklet_pdf(
        edition=edition, language=language, round=round
    )
    assert data.startswith(b"%PDF-")
    return data, pages, count


def area(slug):
    return IndustrialArea.objects.get(slug=slug)


def cluster(slug):
    return Cluster.objects.get(slug=slug)


@pytest.fixture
def contact_unit(db):
    unit = factories.UnitFactory(
        name="Pars Home Appliances",
        phone="02532123456",
        email="office@pars-unit.example",
        address="Shokouhieh, street 7",
    )
    factories.UnitManagerFactory(
        unit=unit, user__email="contact.person@pars-unit.example"
    )
    return unit


# --- What each edition holds ----------------------------------------------------------


@needs_poppler
def test_public_edition_lacks_contacts_confidential_notes_and_taken_problems(
    contact_unit,
):
    published = factories.ProblemFactory(
        unit=contact_unit,
        title="Reduce press scrap",
        confidential_notes="SECRET supplier prices",
        status=P.APPROVED,
    )
    factories.ProblemFactory(
        unit=contact_unit, title="Taken by a team", status=P.ASSIGNED
    )
    factories.ProblemFactory(unit=contact_unit, title="Still a draft", status=P.DRAFT)

    public, _, public_count = render("public")
    internal, _, internal_count = render("internal")

    public_text, internal_text = flat(pdf_text(public)), flat(pdf_text(internal))
    assert public_count == 1 and internal_count == 2
    assert published.title in public_text and published.title in internal_text
    assert "Taken by a team" not in public_text
    assert "Taken by a team" in internal_text
    assert "Still a draft" not in public_text + internal_text
    for secret in [
        "SECRET supplier prices",
        "contact.person@pars-unit.example",
        "office@pars-unit.example",
        "street 7",
        "532",  # the unit's phone number, however it is grouped
    ]:
        assert secret not in public_text, secret
    for secret in [
        "SECRET supplier prices",
        "contact.person@pars-unit.example",
        "office@pars-unit.example",
        "street 7",
    ]:
        assert secret in internal_text, secret
    assert "Public edition" in public_text
    assert "Internal edition" in internal_text


@needs_poppler
def test_public_edition_is_the_catalogue(contact_unit):
    """What the public may see is decided once: the booklet holds the catalogue's
    problems and none other."""
    for status in P.values:
        factories.ProblemFactory(
            unit=contact_unit, title=f"Problem {status}", status=status
        )

    text = flat(pdf_text(render("public")[0]))

    shown = {s for s in P.values if f"Problem {s} " in text}
    catalogue = set(ProblemRequest.objects.catalogue().values_list("status", flat=True))
    assert shown == catalogue == {P.APPROVED}


@needs_poppler
def test_sections_follow_cluster_then_town_then_zone():
    # Made in the opposite order of the booklet's.
    spec = [
        ("home-appliances", "khorabad", "Zone appliance"),
        ("home-appliances", "salafchegan", "Salafchegan appliance"),
        ("home-appliances", "shokouhieh", "Shokouhieh appliance"),
        ("stone-cutting", "mahmoudabad", "Stone problem"),
        ("sweets", "al-ghadir", "Sweets problem"),
    ]
    for cluster_slug, area_slug, title in spec:
        unit = factories.UnitFactory(
            name=f"Unit {title}", cluster=cluster(cluster_slug), area=area(area_slug)
        )
        factories.ProblemFactory(unit=unit, title=title, status=P.APPROVED)

    data, _, _ = render("public")
    body = flat(pdf_text(data, first=3, last=99))

    clusters = sorted(
        {cluster(c) for c, _, _ in spec}, key=lambda c: c.pk
    )  # the clusters' own order
    positions = [body.index(c.name_en) for c in clusters]
    assert positions == sorted(positions)
    appliances = [t for c, _, t in spec if c == "home-appliances"]
    towns_then_zone = [
        "Shokouhieh appliance",
        "Salafchegan appliance",
        "Zone appliance",
    ]
    assert sorted(appliances, key=body.index) == towns_then_zone


@needs_poppler
@pytest.mark.parametrize("language", ["en", "fa"])
def test_contents_give_the_page_of_each_section(language):
    """Each entry of the contents names the page its heading is on (the sections
    are long enough to spread over several pages each)."""
    long_text = "A long description of what the unit needs. " * 40
    for cluster_slug, area_slug in [
        ("sweets", "al-ghadir"),
        ("stone-cutting", "mahmoudabad"),
        ("stone-cutting", "dastjerd"),
        ("home-appliances", "shokouhieh"),
    ]:
        unit = factories.UnitFactory(
            cluster=cluster(cluster_slug), area=area(area_slug)
        )
        for _ in range(4):
            factories.ProblemFactory(
                unit=unit, description=long_text, status=P.APPROVED
            )

    data, pages, _ = render("public", language)
    contents = pdf_text(data, first=2).replace("\u200f", "").replace("\u200e", "")
    digits = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    entries = []
    for line in contents.splitlines():
        line = re.sub("[\u202a-\u202e\u2066-\u2069]", "", line).translate(digits)
        number = re.search(r"\.{4,}\s*(\d+)|(\d+)\s*\.{4,}", line)
        if number:
            name = re.sub(r"[\d.]+", "", line).strip()
            entries.append((name, int(number.group(1) or number.group(2))))

    assert len(entries) == 3 + 4  # three clusters, four towns and zones
    assert [page for _, page in entries] == sorted(page for _, page in entries)
    assert entries[-1][1] > 4  # the sections did spread over pages
    for name, page in entries:
        assert page <= pages
        on_page = flat(pdf_text(data, first=page))
        assert name in on_page, (name, page)


@needs_poppler
def test_persian_edition_in_persian_with_persian_digits(contact_unit):
    factories.ProblemFactory(unit=contact_unit, status=P.APPROVED, desired_team_size=5)

    data, pages, _ = render("public", "fa")

    cover = flat(pdf_text(data, first=1))
    assert "نیازهای پژوهشی صنایع استان قم" in cover
    assert "۱" in cover  # the count of problems
    body = flat(pdf_text(data, first=3))
    assert "۵" in body and "دانشجو" in body  # the team size, in Persian digits
    assert re.search("[0-9]", body) is None  # no Latin digit in Persian text
    assert pages >= 3


# --- Round editions -------------------------------------------------------------------


def test_round_edition_holds_what_the_round_had_on_offer(world):
    round_ = factories.RoundFactory(
        starts_on=datetime.date(2026, 9, 23), ends_on=datetime.date(2027, 2, 19)
    )
    other_round = factories.RoundFactory()
    end = datetime.datetime(2027, 2, 19, 23, tzinfo=timezone.get_current_timezone())
    unit = world.objects["unit"]
    before = factories.ProblemFactory(unit=unit, status=P.SUBMITTED)
    approve(before, at=end - datetime.timedelta(days=40))
    after = factories.ProblemFactory(unit=unit, status=P.SUBMITTED)
    approve(after, at=end + datetime.timedelta(days=2))
    taken = factories.ProblemFactory(unit=unit, status=P.ASSIGNED)
    Team.objects.create(round=round_, problem=taken, status=Team.Status.CONFIRMED)
    elsewhere = factories.ProblemFactory(unit=unit, status=P.ASSIGNED)
    Team.objects.create(round=other_round, problem=elsewhere)

    internal = set(booklets.booklet_problems(edition="internal", round=round_))
    public = set(booklets.booklet_problems(edition="public", round=round_))

    assert {before, taken} <= internal
    assert after not in internal and elsewhere not in internal
    assert before in public and taken not in public
    all_time = set(booklets.booklet_problems(edition="internal"))
    assert {before, after, taken, elsewhere} <= all_time


# --- Requests: one rendering per edition ----------------------------------------------


def test_a_second_request_of_a_running_edition_returns_the_running_one(iro):
    first = booklets.booklet_request(actor=iro, edition="public", language="fa")
    again = booklets.booklet_request(actor=iro, edition="public", language="fa")
    other = booklets.booklet_request(actor=iro, edition="public", language="en")

    assert again == first
    assert other != first
    assert Booklet.objects.count() == 2
    assert first.status == B.QUEUED


def test_the_database_refuses_two_running_renderings_of_one_edition(iro):
    from django.db import IntegrityError, transaction

    Booklet.objects.create(edition="internal", language="en", requested_by=iro)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booklet.objects.create(edition="internal", language="en", requested_by=iro)


def test_only_the_office_requests_booklets(manager):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        booklets.booklet_request(actor=manager, edition="public", language="fa")
    assert not Booklet.objects.exists()


def test_request_page_queues_and_shows_progress(
    client, iro, django_capture_on_commit_callbacks
):
    client.force_login(iro)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("industries:booklet-request"),
            {"round": "", "edition": "internal", "language": "fa"},
        )

    assert response.status_code == 302
    booklet = Booklet.objects.get()
    assert (booklet.edition, booklet.language, booklet.round) == (
        "internal",
        "fa",
        None,
    )
    assert len(callbacks) == 1  # the task goes out once the request commits
    page = client.get(reverse("industries:booklets")).content.decode()
    assert reverse("industries:booklet-progress", args=[booklet.pk]) in page
    progress = client.get(reverse("industries:booklet-progress", args=[booklet.pk]))
    assert 'data-hx-trigger="every 2s"' in progress.content.decode()


def test_bad_request_shows_the_error_and_makes_nothing(client, iro):
    client.force_login(iro)

    response = client.post(
        reverse("industries:booklet-request"), {"edition": "secret", "language": "fa"}
    )

    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not Booklet.objects.exists()


# --- The worker's part, in-process ----------------------------------------------------


def test_rendering_claims_stores_and_counts(iro, world):
    booklet = Booklet.objects.create(edition="public", language="en", requested_by=iro)

    assert booklets.booklet_render(booklet.pk) == "ready"
    assert booklets.booklet_render(booklet.pk) == "skipped"  # a second delivery

    booklet.refresh_from_db()
    assert booklet.status == B.READY and booklet.progress == 100
    assert booklet.problem_count == ProblemRequest.objects.published().count()
    assert booklet.page_count >= 3
    data = booklet.file.read()
    assert data.startswith(b"%PDF-") and booklet.size == len(data)
    booklet.file.close()


def test_a_lapsed_claim_is_taken_over_and_its_file_removed(iro, world):
    booklet = Booklet.objects.create(edition="public", language="en", requested_by=iro)
    token, _ = booklets.claim(booklet.pk)
    storage = Booklet.file.field.storage
    booklet.refresh_from_db()
    left = storage.save(booklets.file_name(booklet, token), ContentFile(b"%PDF-half"))
    assert booklets.claim(booklet.pk) == ("", "")  # the claim is alive
    Booklet.objects.filter(pk=booklet.pk).update(
        rendering_since=timezone.now() - datetime.timedelta(hours=1)
    )

    assert booklets.booklet_render(booklet.pk) == "ready"

    assert not storage.exists(left)
    booklet.refresh_from_db()
    assert booklet.status == B.READY and booklet.render_attempts == 2


def test_a_failure_is_recorded_and_raised(iro, world):
    booklet = Booklet.objects.create(edition="public", language="en", requested_by=iro)

    def broken(**kwargs):
        raise RuntimeError("fonts missing")

    with pytest.raises(booklets.RenderFailed):
        booklets.booklet_render(booklet.pk, render=broken)

    booklet.refresh_from_db()
    assert booklet.status == B.FAILED
    assert "fonts missing" in booklet.render_error
    assert booklets.booklet_render(booklet.pk) == "ready"  # the retry


def test_sweep_sends_again_what_waited_too_long(iro, world, monkeypatch):
    sent = []
    monkeypatch.setattr(booklets, "publish_render", lambda pk: sent.append(pk) or True)
    old = timezone.now() - datetime.timedelta(minutes=10)
    waiting = Booklet.objects.create(
        edition="public", language="en", requested_by=iro, queued_at=old
    )
    Booklet.objects.create(edition="public", language="fa", requested_by=iro)  # fresh
    dead = Booklet.objects.create(
        edition="internal", language="en", status=B.RENDERING, render_token="x" * 32,
        rendering_since=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip

    assert booklets.booklets_sweep() == 2

    assert sorted(sent) == sorted([waiting.pk, dead.pk])


# --- Downloads ------------------------------------------------------------------------


def ready_booklet(edition, language="fa", **fields):
    booklet = Booklet.objects.create(edition=edition, language=language, **fields)
    name = Booklet.file.field.storage.save(
        f"booklets/test/{edition}-{booklet.pk}.pdf", ContentFile(b"%PDF-1.7 test")
    )
    Booklet.objects.filter(pk=booklet.pk).update(
        status=B.READY, file=name, finished_at=timezone.now(), size=13
    )
    booklet.refresh_from_db()
    return booklet


def test_internal_edition_is_for_the_office_only(client, iro, manager, student):
    booklet = ready_booklet("internal")
    url = reverse("industries:booklet-download", args=[booklet.pk])

    assert client.get(url).status_code == 404
    for person in (manager, student):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(iro)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"


def test_public_edition_is_for_everyone(client):
    booklet = ready_booklet("public")

    response = client.get(reverse("industries:booklet-download", args=[booklet.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_catalogue_offers_the_public_booklet_in_the_readers_language(client):
    url = reverse("industries:catalogue-booklet")
    assert client.get(url).status_code == 404
    ready_booklet("internal")  # never offered to the public
    assert client.get(url).status_code == 404
    assert (
        "catalogue/booklet"
        not in client.get(reverse("industries:catalogue")).content.decode()
    )

    persian = ready_booklet("public", "fa")
    english = ready_booklet("public", "en")
    running = Booklet.objects.create(edition="public", language="fa")

    response = client.get(url)
    assert response.status_code == 200
    assert f"-{persian.pk}.pdf" in response["Content-Disposition"]
    response = client.get("/en" + url)
    assert f"-{english.pk}.pdf" in response["Content-Disposition"]
    page = client.get(reverse("industries:catalogue")).content.decode()
    assert url in page
    assert running.status == B.QUEUED


def test_an_unfinished_booklet_is_not_served(client, iro):
    booklet = Booklet.objects.create(edition="public", language="fa")
    client.force_login(iro)

    url = reverse("industries:booklet-download", args=[booklet.pk])
    assert client.get(url).status_code == 404


# --- The office's page ----------------------------------------------------------------


def make_booklets(n, iro, *, unfinished=True):
    rounds = [factories.RoundFactory() for _ in range(max(1, n // 4))]
    for index in range(n):
        ready_booklet(
            ["public", "internal"][index % 2],
            ["fa", "en"][(index // 2) % 2],
            round=rounds[index % len(rounds)],
            requested_by=iro,
        )
    if not unfinished:
        return
    Booklet.objects.create(edition="public", language="fa", requested_by=iro)
    Booklet.objects.create(
        edition="internal", language="en", requested_by=iro, status=B.FAILED,
        render_error="boom",
    )  # fmt: skip


def test_booklets_page_queries_do_not_grow_with_the_booklets(
    client, iro, django_assert_num_queries
):
    client.force_login(iro)
    make_booklets(4, iro)
    client.get(reverse("industries:booklets"))  # the session and caches warm
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("industries:booklets")).status_code == 200
    make_booklets(40, iro, unfinished=False)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("industries:booklets"))
    assert response.status_code == 200
    assert response.content.decode().count('data-hx-get="') == 1  # the one queued


def test_latest_of_each_edition_is_the_newest_ready_one(iro):
    older = ready_booklet("public", "fa")
    newer = ready_booklet("public", "fa")
    Booklet.objects.filter(pk=older.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=1)
    )
    english = ready_booklet("public", "en")
    round_booklet = ready_booklet("public", "fa", round=factories.RoundFactory())

    latest = set(Booklet.objects.latest_of_each_edition())

    assert latest == {newer, english, round_booklet}


def test_fields_of_study_are_named_in_the_booklet(world):
    field = FieldOfStudy.objects.get(slug="computer")
    problem = world.objects["problem"]
    problem.fields_needed.set([field])
    html = booklets.booklet_html(
        edition="public", language="en", round=None,
        problems=list(booklets.booklet_problems(edition="public")),
        made_at=timezone.now(),
    )  # fmt: skip
    assert field.name_en in html
    assert problem.confidential_notes not in html
