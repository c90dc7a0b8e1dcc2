"""Certificates: the participants' and the office's pages, and the public
verification by code or by PDF."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from partner_portal.access import role_required
from partner_portal.exports import (
    Column,
    choice_column,
    export_response,
    export_rows,
    filter_data,
)
from partner_portal.forms import FilterFormHelper
from partner_portal.i18n import in_reader_language
from partner_portal.models import Role
from partner_portal.ratelimit import over_limit
from partner_portal.security import client_address
from partner_portal.views_helpers import (
    make_move,
    open_stored_file,
    require_form_methods,
    run_service,
)
from partner_portal.workflow import audit_trail, available_moves

from . import services
from .filters import CertificateFilter
from .forms import BatchForm, HoursForm, PdfCheckForm, VerifyForm
from .models import Certificate, CertificateBatch, normalize_code

C = Certificate.Status


def get_certificate_for_user(user, pk):
    queryset = Certificate.objects.visible_to(user).select_related(
        "placement__team__supervisor__user",
        "placement__team__round",
        "student__user",
        "signed_by__user",
        "replaces",
        "batch",
    )
    return get_object_or_404(queryset, pk=pk)


# --- Lists and pages ------------------------------------------------------------------


def certificate_queryset(user):
    return (
        Certificate.objects.visible_to(user)
        .select_related("placement__team__round")
        .order_by("-created_at", "-pk")
    )


@require_safe
def certificate_list(request):
    """The office's register of certificates (with the batch request); a
    supervisor's certificates to sign and signed; a student's own."""
    user = request.user
    if not (user.is_iro_staff or user.is_professor or user.is_student):
        raise PermissionDenied
    filterset = CertificateFilter(
        request.GET or None, queryset=certificate_queryset(user)
    )
    if not user.is_iro_staff:
        # A supervisor's or a student's own few: the office's filters would only
        # offer units and professors that are not theirs.
        for name in ("unit", "supervisor", "field"):
            del filterset.filters[name]
    filterset.form.helper = FilterFormHelper(filterset.form)
    shown = filterset.qs
    counts = shown.order_by().aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in C.values},
    )
    page_size = 50
    context = {
        "filter": filterset,
        "certificates": shown[:page_size],
        "counts": counts,
        "more": max(0, counts["total"] - page_size),
        "to_sign": Certificate.objects.awaiting_signature_of(user).count()
        if user.is_professor
        else 0,
    }
    if user.is_iro_staff:
        context["batch_form"] = BatchForm(prefix="batch")
        context["batches"] = CertificateBatch.objects.select_related("round")[:5]
    return render(request, "certificates/certificate_list.html", context)


def snapshot(name):
    """A certificate's copy of a bilingual name, in the reader's language."""
    return lambda c: in_reader_language(
        {"fa": getattr(c, f"{name}_fa"), "en": getattr(c, f"{name}_en")}
    )


CERTIFICATE_COLUMNS = [
    Column("student_number", _("student number"), lambda c: c.student_number),
    Column("student_name", _("student's name"), lambda c: c.student_name),
    Column("field", _("field of study"), snapshot("field")),
    Column("problem", _("problem"), lambda c: c.problem_title),
    Column("unit", _("industrial unit"), lambda c: c.unit_name),
    Column("supervisor", _("supervisor"), lambda c: c.supervisor_name),
    Column(
        "round",
        _("round"),
        snapshot("round"),
        machine=lambda c: c.placement.team.round_id,
    ),
    Column("period_start", _("from"), lambda c: c.period_start),
    Column("period_end", _("to"), lambda c: c.period_end),
    Column("credit_hours", _("internship credit (hours)"), lambda c: c.credit_hours),
    choice_column("status", _("status"), "status"),
    Column("signed_at", _("signed at"), lambda c: c.signed_at),
    Column("issued_at", _("issued at"), lambda c: c.issued_at),
    Column("revoked_at", _("revoked at"), lambda c: c.revoked_at),
]


@require_safe
@role_required(Role.IRO)
def certificate_export(request):
    filterset = CertificateFilter(
        filter_data(request), queryset=certificate_queryset(request.user)
    )
    return export_response(
        request,
        rows=export_rows(filterset),
        columns=CERTIFICATE_COLUMNS,
        filename="certificates",
    )


@require_safe
def certificate_detail(request, pk):
    certificate = get_certificate_for_user(request.user, pk)
    return certificate_page(request, certificate)


def certificate_page(request, certificate, hours_form=None):
    may_adjust = request.user.is_iro_staff and certificate.status == C.PENDING_SIGNATURE
    if may_adjust and hours_form is None:
        hours_form = HoursForm(initial={"credit_hours": certificate.credit_hours})
    if may_adjust:
        hours_form.helper.form_action = reverse(
            "certificates:certificate-hours", args=[certificate.pk]
        )
    may_replace = (
        request.user.is_iro_staff
        and certificate.status == C.REVOKED
        and not hasattr(certificate, "replaced_by")
    )
    return render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "events": audit_trail(certificate),
            "hours_form": hours_form if may_adjust else None,
            "may_replace": may_replace,
            # The side column: the moves, the hours, the replacement, when offered.
            "has_side": bool(
                may_adjust
                or may_replace
                or available_moves(request.user, certificate, check_guards=False)
            ),
            "replacement": getattr(certificate, "replaced_by", None),
            "office": request.user.is_iro_staff,
        },
    )


@require_safe
def certificate_download(request, pk):
    certificate = get_certificate_for_user(request.user, pk)
    if not certificate.has_pdf:
        raise Http404
    response = FileResponse(
        open_stored_file(certificate.pdf),
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def certificate_move(request, pk, move):
    certificate = get_certificate_for_user(request.user, pk)
    make_move(request, certificate, move)
    return redirect(certificate)


@require_form_methods
@role_required(Role.IRO)
def certificate_hours(request, pk):
    certificate = get_certificate_for_user(request.user, pk)
    if request.method != "POST":
        return redirect(certificate)
    form = HoursForm(request.POST)
    if not form.is_valid():
        return certificate_page(request, certificate, hours_form=form)
    run_service(
        request,
        services.certificate_set_hours,
        certificate=certificate,
        actor=request.user,
        hours=form.cleaned_data["credit_hours"],
        note=form.cleaned_data["note"],
        success_message=_("The credit hours have been changed."),
    )
    return redirect(certificate)


@require_POST
@role_required(Role.IRO)
def certificate_replace(request, pk):
    certificate = get_certificate_for_user(request.user, pk)
    new = run_service(
        request,
        services.certificate_replace,
        certificate=certificate,
        actor=request.user,
        success_message=_(
            "A new certificate with a new code awaits the supervisor's signature."
        ),
    )
    return redirect(new or certificate)


@require_POST
@role_required(Role.PROFESSOR)
def certificates_sign_all(request):
    signed = services.certificates_sign_all(actor=request.user)
    if signed:
        messages.success(
            request,
            _("%(count)s certificates signed: they are being issued.")
            % {"count": len(signed)},
        )
    else:
        messages.info(request, _("No certificate waits for your signature."))
    return redirect("certificates:certificates")


# --- The office's batches -------------------------------------------------------------


@require_POST
@role_required(Role.IRO)
def batch_request(request):
    form = BatchForm(request.POST, prefix="batch")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("certificates:certificates")
    batch = run_service(
        request,
        services.certificates_batch_request,
        round=form.cleaned_data["round"],
        again=form.cleaned_data["again"],
        actor=request.user,
        success_message=_("The certificates are being issued."),
    )
    if batch is None:
        return redirect("certificates:certificates")
    return redirect(batch)


@require_safe
@role_required(Role.IRO)
def batch_detail(request, pk):
    batch = get_object_or_404(CertificateBatch.objects.select_related("round"), pk=pk)
    return render(
        request,
        "certificates/batch_detail.html",
        {
            "batch": batch,
            "progress": services.batch_progress(batch),
            "failed": batch.certificates.filter(status=C.FAILED),
        },
    )


@require_safe
@role_required(Role.IRO)
def batch_progress(request, pk):
    """The progress bar alone, which the batch page polls (htmx) until done."""
    batch = get_object_or_404(CertificateBatch, pk=pk)
    return render(
        request,
        "certificates/partials/batch_progress.html",
        {"batch": batch, "progress": services.batch_progress(batch)},
    )


# --- Public verification --------------------------------------------------------------


def limited(request):
    """Too many verification requests from one address in a minute."""
    limit = settings.PORTAL["CERTIFICATES"]["VERIFY_PER_MINUTE"]
    return over_limit("verify", client_address(request), limit=limit)


def too_many(request):
    response = render(request, "certificates/verify_limited.html", status=429)
    response["Retry-After"] = "60"
    return response


@login_not_required
@require_form_methods
def verify(request):
    """The form: a code to look up, or a PDF to compare with the issued ones."""
    code_form = (
        VerifyForm(request.GET or None) if "code" in request.GET else VerifyForm()
    )
    pdf_form = PdfCheckForm()
    match, checked = None, False
    if "code" in request.GET and code_form.is_valid():
        return redirect("certificates:verify-code", code=code_form.cleaned_data["code"])
    if request.method == "POST":
        if limited(request):
            return too_many(request)
        pdf_form = PdfCheckForm(request.POST, request.FILES)
        if pdf_form.is_valid():
            checked = True
            match = (
                Certificate.objects.filter(
                    sha256=pdf_form.cleaned_data["pdf"], issued_at__isnull=False
                )
                .order_by("-issued_at")
                .first()
            )
    return render(
        request,
        "certificates/verify.html",
        {
            "code_form": code_form,
            "pdf_form": pdf_form,
            "checked": checked,
            "match": match,
        },
    )


@login_not_required
@require_safe
def verify_code(request, code):
    if limited(request):
        return too_many(request)
    normal = normalize_code(code)
    if normal != code:
        return redirect("certificates:verify-code", code=normal)
    certificate = (
        Certificate.objects.filter(code=normal, issued_at__isnull=False).first()
        if normal
        else None
    )
    if certificate is None:
        # Unknown, or never issued: one answer, which says nothing about which.
        return render(request, "certificates/verify_unknown.html", status=404)
    response = render(
        request,
        "certificates/verify_result.html",
        {
            "certificate": certificate,
            "replacement": Certificate.objects.filter(
                replaces=certificate, issued_at__isnull=False
            ).first(),
            "verify_url": reverse("certificates:verify"),
        },
    )
    response["Cache-Control"] = "no-store"
    return response
