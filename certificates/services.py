"""The certificate lifecycle: made when a placement completes, signed by the
supervisor, rendered to PDF by a worker, issued, verified, revoked, replaced.

Services take plain values and may be called by a view, a Celery task or a command
alike (``actor=None`` is the system). Rendering is queued only after the signature
is committed, and the worker claims a certificate with a conditional UPDATE before
it renders: repeated or concurrent deliveries of the same task render one PDF.
"""

import datetime
import hashlib
import logging
import math
import uuid
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.db.models.functions import Coalesce
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partner_portal.access import require_iro
from partner_portal.broker import publish_each
from partner_portal.notifications import notify
from partner_portal.workflow import (
    record_creation,
    record_event,
    require_note,
    transition,
)
from placements.models import Placement
from placements.signals import placement_completed

from .models import Certificate, CertificateBatch
from .moves import certificate_moves
from .storage import delete_pdf, save_pdf

logger = logging.getLogger(__name__)
C = Certificate.Status


def config(name):
    return settings.PORTAL["CERTIFICATES"][name]


# --- Made when a placement completes ------------------------------------------------


def period_of(placement):
    """First site visit (or the dispatch, without one) to the completion."""
    first_visit = placement.visits.aggregate(first=Min("starts_at"))["first"]
    start = timezone.localdate(first_visit or placement.dispatched_at)
    end = timezone.localdate(placement.completed_at or timezone.now())
    return start, max(start, end)


def credit_hours_for(logged_hours, start, end):
    """The hours the student logged, at most a full-time week for each week of the
    placement and at most the program's cap; at least one."""
    weeks = max(1, math.ceil(((end - start).days + 1) / 7))
    ceiling = min(weeks * config("HOURS_PER_WEEK"), config("MAX_HOURS"))
    return max(1, min(logged_hours, ceiling))


def snapshot(placement, student, start, end):
    team = placement.team
    supervisor = team.supervisor
    return {
        "student_name": student.user.full_name,
        "student_number": student.student_number,
        "field_fa": student.field.name_fa,
        "field_en": student.field.name_en,
        "problem_title": team.problem.title,
        "unit_name": team.problem.unit.name,
        "supervisor_name": supervisor.user.full_name if supervisor else "",
        "round_fa": team.round.name_fa,
        "round_en": team.round.name_en,
        "period_start": start,
        "period_end": end,
    }


@transaction.atomic
def certificates_create(*, placement, actor=None):
    """One certificate awaiting signature for each student the supervisor passed;
    a student who already has a valid one for this placement is skipped. Returns
    the certificates made."""
    if placement.status != Placement.Status.COMPLETED:
        raise ValidationError(
            _("Certificates are made once the placement is completed."),
            code="not_completed",
        )
    placement = Placement.objects.select_related(
        "team__problem__unit", "team__round", "team__supervisor__user"
    ).get(pk=placement.pk)
    start, end = period_of(placement)
    has_one = set(
        placement.certificates.exclude(status=C.REVOKED).values_list(
            "student_id", flat=True
        )
    )
    made = []
    grades = placement.grades.filter(passed=True).select_related(
        "enrolment__student__user", "enrolment__student__field"
    )
    for grade in grades:
        student = grade.enrolment.student
        if student.pk in has_one:
            continue
        certificate = Certificate.objects.create(
            placement=placement,
            student=student,
            credit_hours=credit_hours_for(grade.hours, start, end),
            **snapshot(placement, student, start, end),
        )
        record_creation(certificate, actor=actor)
        made.append(certificate)
    supervisor = placement.team.supervisor
    if made and supervisor is not None:
        notify(
            recipient=supervisor.user,
            kind="certificates_to_sign",
            params={"title": placement.team.problem.title, "count": str(len(made))},
            url="/certificates/?status=pending_signature",
        )
    return made


@receiver(placement_completed, dispatch_uid="certificates_for_completed_placement")
def on_placement_completed(sender, placement, actor, **kwargs):
    # In the completion's transaction: completed without its certificates is not a
    # state anyone can see.
    certificates_create(placement=placement, actor=actor)


@transaction.atomic
def certificate_set_hours(*, certificate, actor, hours, note):
    """The office adjusts the credit hours, with a note, before the supervisor
    signs (what is signed is what the certificate says)."""
    require_iro(actor)
    require_note(note, _("Write why the hours change."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != C.PENDING_SIGNATURE:
        raise ValidationError(
            _("The hours can change only before the supervisor signs."),
            code="already_signed",
        )
    if not 1 <= hours <= config("MAX_HOURS"):
        raise ValidationError(
            _("Credit hours are between 1 and %(max)s.") % {"max": config("MAX_HOURS")},
            code="hours_range",
        )
    before = certificate.credit_hours
    certificate.credit_hours = hours
    certificate.credit_note = note.strip()
    certificate.save(update_fields=["credit_hours", "credit_note"])
    # The state stays; the row says what changed and why.
    record_event(
        Certificate, certificate.pk, from_state=certificate.status,
        to_state=certificate.status, actor=actor,
        note=f"{before} → {hours}: {note.strip()}",
    )  # fmt: skip
    return certificate


# --- Signed, then queued ------------------------------------------------------------


def queue_renders(certificate_ids):
    """Queue the renderings once the transaction commits."""
    ids = list(certificate_ids)
    if ids:
        transaction.on_commit(partial(publish_renders, ids), robust=True)


def publish_renders(certificate_ids):
    """Send one rendering task per certificate, never waiting on the broker: what
    was not sent is still ``signed`` with its ``queued_at``, and the sweep sends it
    later."""
    from .tasks import render_certificate

    return publish_each(
        render_certificate,
        [(certificate_id,) for certificate_id in certificate_ids],
        what="certificate renderings",
    )


@certificate_moves.service("sign")
@transaction.atomic
def certificate_sign(*, certificate, actor):
    professor = certificate.placement.team.supervisor
    certificate = transition(
        certificate,
        "sign",
        actor=actor,
        signed_by=professor,
        signed_at=timezone.now(),
        queued_at=timezone.now(),
    )
    queue_renders([certificate.pk])
    return certificate


@transaction.atomic
def certificates_sign_all(*, actor):
    """The supervisor signs every certificate waiting for them, in one go."""
    waiting = list(
        Certificate.objects.awaiting_signature_of(actor)
        .select_related("placement__team__supervisor")
        .order_by("pk")
    )
    signed = []
    now = timezone.now()
    for certificate in waiting:
        signed.append(
            transition(
                certificate,
                "sign",
                actor=actor,
                signed_by=certificate.placement.team.supervisor,
                signed_at=now,
                queued_at=now,
            )
        )
    queue_renders([certificate.pk for certificate in signed])
    return signed


@certificate_moves.service("rerender")
@transaction.atomic
def certificate_rerender(*, certificate, actor):
    certificate = transition(
        certificate,
        "rerender",
        actor=actor,
        queued_at=timezone.now(),
        render_attempts=0,
    )
    queue_renders([certificate.pk])
    return certificate


@certificate_moves.service("revoke")
@transaction.atomic
def certificate_revoke(*, certificate, actor, note):
    certificate = transition(
        certificate,
        "revoke",
        actor=actor,
        note=note,
        revoked_at=timezone.now(),
        revoke_reason=note.strip(),
        render_token="",
        rendering_since=None,
    )
    notify(
        recipient=certificate.student.user,
        kind="certificate_revoked",
        params={"title": certificate.problem_title, "comment": note.strip()},
        url=certificate.get_absolute_url(),
    )
    return certificate


@transaction.atomic
def certificate_replace(*, certificate, actor):
    """A new certificate, with a new code, for a revoked one; it awaits the
    supervisor's signature again (the old code keeps answering "revoked")."""
    require_iro(actor)
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.status != C.REVOKED or hasattr(old, "replaced_by"):
        raise ValidationError(
            _("Only a revoked certificate that has not been replaced can be."),
            code="not_replaceable",
        )
    if (
        Certificate.objects.filter(placement=old.placement, student=old.student)
        .exclude(status=C.REVOKED)
        .exists()
    ):
        raise ValidationError(
            _("This student already has a valid certificate for this placement."),
            code="has_valid",
        )
    keep = ["placement_id", "student_id", "credit_hours", "credit_note",
            *Certificate.SNAPSHOT_FIELDS]  # fmt: skip
    new = Certificate.objects.create(
        replaces=old, **{name: getattr(old, name) for name in keep}
    )
    record_creation(new, actor=actor, note=_("Replaces %(code)s") % {"code": old.code})
    supervisor = new.placement.team.supervisor
    if supervisor is not None:
        notify(
            recipient=supervisor.user,
            kind="certificates_to_sign",
            params={"title": new.problem_title, "count": "1"},
            url=new.get_absolute_url(),
        )
    return new


# --- The worker's part --------------------------------------------------------------


class RenderFailed(Exception):
    """A rendering failed; it is recorded (``failed``) and the task retries it."""


def audit(certificate_id, from_state, to_state, note=""):
    """The worker's moves (claim, issue, fail) are conditional UPDATEs; their audit
    rows are written by the system in the same transaction."""
    record_event(
        Certificate, certificate_id, from_state=from_state, to_state=to_state,
        actor=None, note=note,
    )  # fmt: skip


def claim(certificate_id):
    """Take the rendering of a certificate for this worker: a conditional UPDATE
    that at most one delivery wins. Returns the claim's token and, when it took
    over a lapsed claim, that claim's ``render_token`` and ``rendering_since``; or
    ("", None) when there is nothing to render (issued, revoked, failed with no
    attempts left, or another worker holds a live claim)."""
    token = uuid.uuid4().hex
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=config("RENDER_LEASE_SECONDS"))
    claimable = [
        (C.SIGNED, Q()),
        # The task's retries and the sweep's deliveries share the attempts.
        (C.FAILED, Q(render_attempts__lt=config("RENDER_ATTEMPTS"))),
        # A worker that died mid-render leaves its claim; it lapses after the lease.
        (C.RENDERING, Q(rendering_since__lt=stale)),
    ]
    for source, condition in claimable:
        with transaction.atomic():
            candidates = Certificate.objects.filter(
                condition, pk=certificate_id, status=source
            )
            lapsed = None
            if source == C.RENDERING:
                # Take over exactly the claim seen lapsing: what it stored is known.
                lapsed = candidates.values("render_token", "rendering_since").first()
                if lapsed is None:
                    continue
                candidates = candidates.filter(render_token=lapsed["render_token"])
            won = candidates.update(
                status=C.RENDERING,
                render_token=token,
                rendering_since=now,
                render_attempts=F("render_attempts") + 1,
            )
            if won:
                audit(certificate_id, source, C.RENDERING)
                return token, lapsed
    return "", None


def pdf_name(certificate, token, claimed_at):
    """Where a claim stores its PDF: named by the claim, so that the one taking
    over a lapsed claim knows what that one may have stored."""
    year = timezone.localdate(claimed_at).year
    return f"certificates/{year}/{certificate.code}-{token[:8]}.pdf"


def certificate_render(certificate_id, *, render=None):
    """Claim, render, store and issue one certificate; the task's body.

    Returns "issued", or "skipped" when another delivery has it or it needs no PDF.
    A failure is recorded on the certificate and raised as ``RenderFailed``.
    """
    from .pdf import render_certificate_pdf

    render = render or render_certificate_pdf
    token, lapsed = claim(certificate_id)
    if not token:
        return "skipped"
    certificate = Certificate.objects.get(pk=certificate_id)
    if lapsed:
        # Its worker may have died after storing the PDF, before issuing it: that
        # file would never be issued. (Were it alive after all, its issue fails
        # for want of the claim, and it deletes its own file anyway.)
        delete_pdf(
            pdf_name(certificate, lapsed["render_token"], lapsed["rendering_since"])
        )
    try:
        data = render(certificate)
        digest = hashlib.sha256(data).hexdigest()
        name = save_pdf(pdf_name(certificate, token, certificate.rendering_since), data)
    except Exception as error:
        rendering_failed(certificate_id, token, error)
        raise RenderFailed(str(error)) from error
    if not issue(certificate, token, name, digest):
        # Our claim lapsed and another worker took over: its PDF counts, not ours.
        delete_pdf(name)
        return "skipped"
    return "issued"


@transaction.atomic
def issue(certificate, token, name, digest):
    now = timezone.now()
    won = Certificate.objects.filter(
        pk=certificate.pk, status=C.RENDERING, render_token=token
    ).update(
        status=C.ISSUED,
        pdf=name,
        sha256=digest,
        # A certificate rendered again keeps the date it was first issued.
        issued_at=Coalesce(F("issued_at"), now),
        render_token="",
        rendering_since=None,
        render_error="",
    )
    if not won:
        return False
    audit(certificate.pk, C.RENDERING, C.ISSUED)
    notify(
        recipient=certificate.student.user,
        kind="certificate_issued",
        params={"title": certificate.problem_title},
        url=certificate.get_absolute_url(),
    )
    return True


@transaction.atomic
def rendering_failed(certificate_id, token, error):
    message = f"{type(error).__name__}: {error}"[:2000]
    logger.error("certificate %s failed to render: %s", certificate_id, message)
    won = Certificate.objects.filter(
        pk=certificate_id, status=C.RENDERING, render_token=token
    ).update(
        status=C.FAILED,
        render_error=message,
        render_token="",
        rendering_since=None,
    )
    if won:
        audit(certificate_id, C.RENDERING, C.FAILED, note=message)


def certificates_sweep():
    """Queue again what waits for its PDF for too long: signed but never taken (the
    broker was down), a claim whose worker died, a failure with attempts left.
    Returns how many were queued."""
    now = timezone.now()
    waited = now - datetime.timedelta(seconds=config("SWEEP_AFTER_SECONDS"))
    lapsed = now - datetime.timedelta(seconds=config("RENDER_LEASE_SECONDS"))
    stuck = Certificate.objects.filter(
        Q(status=C.SIGNED, queued_at__lt=waited)
        | Q(status=C.SIGNED, queued_at__isnull=True)
        | Q(status=C.RENDERING, rendering_since__lt=lapsed)
        | Q(
            status=C.FAILED,
            render_attempts__lt=config("RENDER_ATTEMPTS"),
            queued_at__lt=waited,
        )
    )
    ids = list(stuck.values_list("pk", flat=True))
    if ids:
        Certificate.objects.filter(pk__in=ids).update(queued_at=now)
        publish_renders(ids)
    return len(ids)


# --- The office's batches -----------------------------------------------------------


@transaction.atomic
def certificates_batch_request(*, round, actor, again=False):
    """Issue the certificates of a round's completed placements: those missing are
    made (awaiting signature), those signed or failed are queued, and with
    ``again`` the issued ones are rendered again. Returns the batch."""
    require_iro(actor)
    completed = Placement.objects.filter(
        team__round=round, status=Placement.Status.COMPLETED
    )
    for placement in completed:
        certificates_create(placement=placement, actor=actor)
    sources = [C.SIGNED, C.FAILED] + ([C.ISSUED] if again else [])
    chosen = list(
        Certificate.objects.filter(placement__in=completed, status__in=sources)
        .select_for_update()
        .order_by("pk")
    )
    if not chosen:
        raise ValidationError(
            _(
                "No certificate of this round is signed and waiting for its PDF. "
                "Certificates awaiting signature are issued once their supervisor "
                "signs them."
            ),
            code="nothing_to_issue",
        )
    batch = CertificateBatch.objects.create(
        round=round, requested_by=actor, total=len(chosen)
    )
    now = timezone.now()
    for certificate in chosen:
        if certificate.status == C.ISSUED:
            transition(certificate, "rerender", actor=actor)
    Certificate.objects.filter(pk__in=[c.pk for c in chosen]).update(
        batch=batch, queued_at=now, render_attempts=0
    )
    queue_renders([c.pk for c in chosen])
    return batch


def batch_progress(batch):
    counts = batch.certificates.aggregate(
        **{
            name: Count("pk", filter=Q(status=status))
            for name, status in [
                ("issued", C.ISSUED),
                ("failed", C.FAILED),
                ("revoked", C.REVOKED),
            ]
        }
    )
    done = counts["issued"] + counts["failed"] + counts["revoked"]
    total = batch.total or 1
    return {
        **counts,
        "total": batch.total,
        "percent": round(100 * counts["issued"] / total),
        "finished": done >= batch.total,
    }
