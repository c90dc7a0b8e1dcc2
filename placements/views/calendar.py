"""A person's private calendar address, and the feed calendar programs read."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from partner_portal.models import CalendarFeed

from .. import calendar


@require_safe
def calendar_page(request):
    # The address exists in clear only between the renewal and this page.
    token = request.session.pop("calendar_token", None)
    address = None
    if token:
        # One address whatever the page's language: the feed speaks its owner's.
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("placements:calendar-feed", kwargs={"token": token})
        address = request.build_absolute_uri(path)
    return render(
        request,
        "placements/calendar.html",
        {
            "has_feed": CalendarFeed.objects.filter(user=request.user).exists(),
            "address": address,
            # Phones open a webcal:// link in their calendar, ready to subscribe.
            "subscribe_link": address and "webcal" + address[address.index(":") :],
        },
    )


@require_POST
def calendar_renew(request):
    """A new private address; it is shown once (only its hash is kept)."""
    if request.POST.get("revoke"):
        calendar.calendar_revoke(user=request.user)
        messages.success(request, _("Your calendar address no longer works."))
    else:
        replaced = CalendarFeed.objects.filter(user=request.user).exists()
        request.session["calendar_token"] = calendar.calendar_renew(user=request.user)
        messages.success(
            request,
            _("Here is your new calendar address; the old one no longer works.")
            if replaced
            else _("Here is your calendar address."),
        )
    return redirect(reverse("placements:calendar"))


@login_not_required
@require_safe
def calendar_feed(request, token):
    owner = calendar.feed_owner(token)
    if owner is None:
        raise Http404
    response = HttpResponse(
        calendar.feed(owner), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="industry-partner.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
