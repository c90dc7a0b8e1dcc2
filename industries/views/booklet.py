"""The industrial booklet: the office's page (ask for an edition, follow its
rendering, download the latest of each), and the public edition's download."""

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from partner_portal.access import role_required
from partner_portal.models import Role
from partner_portal.views_helpers import open_stored_file, run_service

from .. import booklet as booklets
from ..forms import BookletForm
from ..models import Booklet
from ..permissions import get_booklet_for_user

RECENT = 10


def booklets_page(request, form):
    latest = (
        Booklet.objects.latest_of_each_edition()
        .select_related("round")
        .order_by("round__starts_on", "round", "edition", "language")
    )
    return render(
        request,
        "industries/booklet/booklet_list.html",
        {
            "form": form,
            "latest": latest,
            # Every rendering under way (one per edition at most), then the last
            # ones done or failed.
            "running": Booklet.objects.running().select_related("round"),
            "recent": Booklet.objects.exclude(
                status__in=Booklet.RUNNING
            ).select_related("round")[:RECENT],
        },
    )


@require_safe
@role_required(Role.IRO)
def booklet_list(request):
    form = BookletForm(initial={"language": translation.get_language()})
    return booklets_page(request, form)


@require_POST
@role_required(Role.IRO)
def booklet_request(request):
    form = BookletForm(request.POST)
    if not form.is_valid():
        return booklets_page(request, form)
    run_service(
        request,
        booklets.booklet_request,
        actor=request.user,
        success_message=_("The booklet is being made; its progress is shown below."),
        **form.cleaned_data,
    )
    return redirect("industries:booklets")


@require_safe
@role_required(Role.IRO)
def booklet_progress(request, pk):
    """One rendering's progress alone, which the page polls (htmx) until done."""
    booklet = get_object_or_404(Booklet.objects.select_related("round"), pk=pk)
    return render(request, "industries/booklet/progress.html", {"booklet": booklet})


def pdf_response(booklet):
    if not booklet.is_ready:
        raise Http404
    response = FileResponse(
        open_stored_file(booklet.file),
        as_attachment=True,
        filename=booklet.filename,
        content_type="application/pdf",
    )
    # An internal edition is never kept by a shared cache.
    response["Cache-Control"] = (
        "public, max-age=300" if booklet.is_public else "private, no-store"
    )
    return response


@require_safe
@login_not_required
def booklet_download(request, pk):
    return pdf_response(get_booklet_for_user(request.user, pk))


@require_safe
@login_not_required
def catalogue_booklet(request):
    """The public booklet the catalogue offers; 404 until the office makes one."""
    booklet = Booklet.objects.latest_public(translation.get_language())
    if booklet is None:
        raise Http404
    return pdf_response(booklet)
