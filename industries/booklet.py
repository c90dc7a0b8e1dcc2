"""The industrial booklet (دفترچه صنعتی): the published problems of a round, or of
all time, as one PDF with a cover, a table of contents with page numbers, and a
section per industrial cluster, then per town or zone.

The office asks for an edition (``booklet_request``); the worker renders it
(``booklet_render``, the task's body). The request row is the queue: the task only
carries its id, the worker claims the row with a token before it renders (a second
delivery finds it taken), and ``booklets_sweep`` sends again what waits too long (a
broker that was down, a worker that died), so nothing is lost or rendered twice.

What each edition holds is decided here once: the public edition is the public
catalogue (``ProblemRequest.objects.catalogue()``: its problems, its columns); the
internal one adds the problems already taken by a team, the units' contacts and the
confidential notes.
"""

import atexit
import datetime
import functools
import itertools
import logging
import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from partner_portal.access import require_iro
from partner_portal.broker import publish_each
from partner_portal.i18n import local_digits_in_text
from partner_portal.models import AuditEvent

from .models import Booklet, ProblemRequest, UnitManager

logger = logging.getLogger(__name__)
B = Booklet.Status
P = ProblemRequest.Status

# A claim lapses after this long without its worker finishing (500 problems render
# in well under a minute); the sweep sends again what waited this long unclaimed.
RENDER_LEASE_SECONDS = 600
SWEEP_AFTER_SECONDS = 120
RENDER_ATTEMPTS = 3

# Published, and further on: taken by a team, then closed.
INTERNAL_STATUSES = [P.APPROVED, P.ASSIGNED, P.CLOSED]

# The rendering's steps, as the progress bar shows them (percent reached).
GATHERED, WRITTEN, LAID_OUT, STORED = 10, 25, 85, 95

TEMPLATE = "industries/booklet/pdf.html"
STYLESHEET = settings.BASE_DIR / "templates" / "industries" / "booklet" / "pdf.css"
FONT_DIR = settings.NODE_MODULES / "vazirmatn" / "fonts" / "ttf"


# --- What goes in ---------------------------------------------------------------------


def approval_time():
    """When each problem was last approved, from its audit trail."""
    return Subquery(
        AuditEvent.objects.filter(
            target_type__app_label="industries",
            target_type__model="problemrequest",
            target_id=OuterRef("pk"),
            to_state=P.APPROVED,
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )


def of_round(problems, round):
    """The problems a round had on offer: taken by one of its teams, or published
    by the round's last day and still waiting for a team."""
    end = datetime.datetime.combine(
        round.ends_on + datetime.timedelta(days=1),
        datetime.time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    taken = ProblemRequest.objects.filter(teams__round=round).values("pk")
    return problems.alias(approved_at=approval_time()).filter(
        Q(pk__in=taken) | Q(status=P.APPROVED, approved_at__lt=end)
    )


def booklet_problems(*, edition, round=None):
    """The problems of an edition, in the booklet's order: by cluster, then town or
    zone (towns first), then unit and title."""
    if edition == Booklet.Edition.PUBLIC:
        problems = ProblemRequest.objects.catalogue()
    else:
        contacts = UnitManager.objects.filter(
            status=UnitManager.Status.ACTIVE, user__is_active=True
        ).select_related("user")
        problems = (
            ProblemRequest.objects.filter(status__in=INTERNAL_STATUSES)
            .select_related("unit__area", "unit__cluster")
            .prefetch_related(
                "fields_needed",
                Prefetch("unit__managers", queryset=contacts, to_attr="contacts"),
            )
        )
    if round is not None:
        problems = of_round(problems, round)
    return problems.order_by(
        "unit__cluster__id", "unit__area__kind", "unit__area__id", "unit__name",
        "title", "pk",
    )  # fmt: skip


def sections(problems):
    """[(cluster, [(area, [problem, …]), …]), …] in the problems' order."""
    by_cluster = itertools.groupby(problems, key=lambda p: p.unit.cluster)
    return [
        (cluster, [(area, list(ps)) for area, ps in itertools.groupby(
            in_cluster, key=lambda p: p.unit.area)])
        for cluster, in_cluster in by_cluster
    ]  # fmt: skip


# --- The PDF --------------------------------------------------------------------------


def direction(text):
    """ "rtl" or "ltr" by the first letter with a direction (HTML's dir="auto",
    which WeasyPrint does not do)."""
    for char in text or "":
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


@functools.cache
def font_configuration():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# Let go of the fonts while the interpreter is whole: WeasyPrint's finaliser fails
# when it runs during the interpreter's teardown.
atexit.register(lambda: font_configuration.cache_clear())


@functools.cache
def stylesheet():
    from weasyprint import CSS

    text = STYLESHEET.read_text(encoding="utf-8").replace(
        "{{ font_dir }}", FONT_DIR.as_uri()
    )
    return CSS(string=text, font_config=font_configuration())


def in_booklet_digits(text):
    """Persian text in Persian digits in the Persian booklet («خط ۳»); a Latin
    text keeps its own."""
    if direction(text) == "rtl":
        return local_digits_in_text(text)
    return text


def with_directions(problem, internal):
    """The problem's texts as the booklet prints them: each with its direction,
    Persian ones in the booklet's digits."""
    problem.booklet_dirs = {
        "title": direction(problem.title),
        "unit": direction(problem.unit.name),
        "description": direction(problem.description),
    }
    problem.booklet_text = {
        "title": in_booklet_digits(problem.title),
        "description": in_booklet_digits(problem.description),
    }
    if internal:
        problem.booklet_dirs["notes"] = direction(problem.confidential_notes)
        problem.booklet_text["notes"] = in_booklet_digits(problem.confidential_notes)
        for link in problem.unit.contacts:
            link.booklet_dir = direction(link.user.full_name)


def booklet_html(*, edition, language, round, problems, made_at):
    """The booklet as HTML, in ``language``."""
    internal = edition == Booklet.Edition.INTERNAL
    with translation.override(language):
        for problem in problems:
            with_directions(problem, internal)
        return get_template(TEMPLATE).render(
            {
                "language": language,
                "rtl": language == "fa",
                "page_dir": "rtl" if language == "fa" else "ltr",
                "internal": internal,
                "round": round,
                "sections": sections(problems),
                "count": len(problems),
                "made_at": made_at,
            }
        )


def layout(html):
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[stylesheet()], font_config=font_configuration()
    )


def render_booklet_pdf(*, edition, language, round=None, made_at=None, step=None):
    """The booklet's PDF: (bytes, pages, problems). ``step(percent)`` is told how
    far it is."""
    step = step or (lambda percent: None)
    problems = list(booklet_problems(edition=edition, round=round))
    step(GATHERED)
    html = booklet_html(
        edition=edition, language=language, round=round, problems=problems,
        made_at=made_at or timezone.now(),
    )  # fmt: skip
    step(WRITTEN)
    document = layout(html)
    step(LAID_OUT)
    return document.write_pdf(), len(document.pages), len(problems)


# --- The office's request ---------------------------------------------------------


def booklet_request(*, actor, edition, language, round=None):
    """Ask the worker for a booklet. While one of the same edition (language,
    public or internal, round or all time) is waiting or rendering, that one is
    returned instead of starting another."""
    require_iro(actor)
    if edition not in Booklet.Edition.values or language not in Booklet.Language.values:
        raise ValidationError(_("Choose an edition and a language."), code="edition")
    same = {"edition": edition, "language": language, "round": round}
    running = Booklet.objects.running().filter(**same).first()
    if running is not None:
        return running
    try:
        with transaction.atomic():
            booklet = Booklet.objects.create(**same, requested_by=actor)
            transaction.on_commit(
                functools.partial(publish_render, booklet.pk), robust=True
            )
    except IntegrityError:
        # Another request of the same edition was made a moment ago.
        return Booklet.objects.running().get(**same)
    return booklet


def publish_render(booklet_id):
    """Send the rendering task; if the broker cannot be reached, the row waits as
    ``queued`` and the sweep sends it later."""
    from .tasks import render_booklet

    return publish_each(render_booklet, [(booklet_id,)], what="booklet") == 1


# --- The worker's part ------------------------------------------------------------


class RenderFailed(Exception):
    """A rendering failed; it is recorded (``failed``) and the task retries it."""


def claim(booklet_id):
    """Take the booklet's rendering with a conditional UPDATE that one delivery
    wins. Returns (token, lapsed claim's token or ""), or ("", "") when there is
    nothing to do: rendered, failed for good, or another worker's live claim."""
    token = uuid.uuid4().hex
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=RENDER_LEASE_SECONDS)
    claimable = [
        (B.QUEUED, Q()),
        (B.FAILED, Q(render_attempts__lt=RENDER_ATTEMPTS)),
        # A worker that died mid-render leaves its claim; it lapses after the lease.
        (B.RENDERING, Q(rendering_since__lt=stale)),
    ]
    for source, condition in claimable:
        candidates = Booklet.objects.filter(condition, pk=booklet_id, status=source)
        lapsed = ""
        if source == B.RENDERING:
            lapsed = candidates.values_list("render_token", flat=True).first()
            if lapsed is None:
                continue
            candidates = candidates.filter(render_token=lapsed)
        try:
            with transaction.atomic():
                won = candidates.update(
                    status=B.RENDERING, render_token=token, rendering_since=now,
                    render_attempts=F("render_attempts") + 1, progress=0,
                )  # fmt: skip
        except IntegrityError:
            # A failed booklet whose edition was asked for again meanwhile: the
            # new request renders it.
            return "", ""
        if won:
            return token, lapsed
    return "", ""


def file_name(booklet, token):
    """Named by the claim, so that one taking over a lapsed claim knows what that
    one may have stored."""
    return f"booklets/{booklet.requested_at:%Y}/booklet-{booklet.pk}-{token[:8]}.pdf"


def record_progress(booklet_id, token, percent):
    Booklet.objects.filter(pk=booklet_id, render_token=token).update(progress=percent)


def booklet_render(booklet_id, *, render=None):
    """Claim, render, store and finish one booklet; the task's body. Returns
    "ready", or "skipped" when another delivery has it or nothing is left to do.
    A failure is recorded on the booklet and raised as ``RenderFailed``."""
    render = render or render_booklet_pdf
    token, lapsed = claim(booklet_id)
    if not token:
        return "skipped"
    booklet = Booklet.objects.select_related("round").get(pk=booklet_id)
    storage = Booklet.file.field.storage
    if lapsed:
        # Its worker may have died after storing the file, before finishing.
        storage.delete(file_name(booklet, lapsed))
    try:
        data, pages, count = render(
            edition=booklet.edition, language=booklet.language, round=booklet.round,
            made_at=timezone.now(),
            step=functools.partial(record_progress, booklet_id, token),
        )  # fmt: skip
        name = storage.save(file_name(booklet, token), ContentFile(data))
    except Exception as error:
        rendering_failed(booklet_id, token, error)
        raise RenderFailed(str(error)) from error
    won = Booklet.objects.filter(
        pk=booklet_id, status=B.RENDERING, render_token=token
    ).update(
        status=B.READY, file=name, size=len(data), page_count=pages,
        problem_count=count, progress=100, finished_at=timezone.now(),
        render_token="", rendering_since=None, render_error="",
    )  # fmt: skip
    if not won:
        # Our claim lapsed and another worker took over: its file counts.
        storage.delete(name)
        return "skipped"
    return "ready"


def rendering_failed(booklet_id, token, error):
    message = f"{type(error).__name__}: {error}"[:2000]
    logger.error("booklet %s failed to render: %s", booklet_id, message)
    Booklet.objects.filter(
        pk=booklet_id, status=B.RENDERING, render_token=token
    ).update(
        status=B.FAILED, render_error=message, render_token="", rendering_since=None
    )


def booklets_sweep():
    """Send again what waits too long: queued but never taken (the broker was
    down), a claim whose worker died, a failure with attempts left. Returns how
    many were sent."""
    now = timezone.now()
    waited = now - datetime.timedelta(seconds=SWEEP_AFTER_SECONDS)
    lapsed = now - datetime.timedelta(seconds=RENDER_LEASE_SECONDS)
    stuck = Booklet.objects.filter(
        Q(status=B.QUEUED, queued_at__lt=waited)
        | Q(status=B.RENDERING, rendering_since__lt=lapsed)
        | Q(status=B.FAILED, render_attempts__lt=RENDER_ATTEMPTS, queued_at__lt=waited)
    )
    ids = list(stuck.values_list("pk", flat=True))
    for booklet_id in ids:
        Booklet.objects.filter(pk=booklet_id).update(queued_at=now)
        if not publish_render(booklet_id):
            break
    return len(ids)
