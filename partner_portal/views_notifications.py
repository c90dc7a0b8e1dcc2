"""The notifications centre: a person's notifications, opening one, and which of
them also come by e-mail."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import FormView

from .forms import NotificationSettingsForm
from .notifications import (
    email_choices,
    mark_read,
    notification_preferences_save,
    path_in_language,
)
from .views_helpers import FormMethodsMixin, same_site_path

# The list's two views: everything, or only what has not been opened yet.
SHOW_UNREAD = "unread"


@require_safe
def notification_list(request):
    notifications = request.user.notifications.all()
    unread_only = request.GET.get("show") == SHOW_UNREAD
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "partner_portal/notifications.html",
        {"page_obj": page, "unread_only": unread_only, "show_unread": SHOW_UNREAD},
    )


@require_POST
def notifications_mark_read(request):
    mark_read(user=request.user)
    return redirect("notifications")


@require_POST
def notification_open(request, pk):
    """Mark one notification read and go where it points: a path of this portal,
    in the reader's language; anything else (another site) leads back to the list."""
    notification = get_object_or_404(request.user.notifications, pk=pk)
    mark_read(user=request.user, notification_ids=[notification.pk])
    target = same_site_path(notification.url)
    if target is None:
        return redirect("notifications")
    return redirect(path_in_language(target, translation.get_language()))


class NotificationSettingsView(FormMethodsMixin, FormView):
    form_class = NotificationSettingsForm
    template_name = "partner_portal/notification_settings.html"
    success_url = reverse_lazy("notification-settings")

    def get_form_kwargs(self):
        kinds, emailed = email_choices(self.request.user)
        return {**super().get_form_kwargs(), "kinds": kinds, "emailed": emailed}

    def form_valid(self, form):
        notification_preferences_save(
            user=self.request.user, emailed_kinds=form.emailed_kinds()
        )
        messages.success(self.request, _("Your notification settings have been saved."))
        return super().form_valid(form)
