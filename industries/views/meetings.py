"""Joint meetings of the Industry Relations Office with industrial units."""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import CreateView, UpdateView

from partner_portal.access import RoleRequiredMixin, role_required
from partner_portal.models import Role
from partner_portal.views_helpers import FormMethodsMixin, PortalFilterView

from ..filters import MeetingFilter
from ..forms import MeetingForm
from ..models import Meeting
from ..permissions import get_meeting_for_user


class MeetingListView(RoleRequiredMixin, PortalFilterView):
    required_roles = (Role.IRO, Role.MANAGER)
    filterset_class = MeetingFilter
    template_name = "industries/meeting_list.html"

    def get_queryset(self):
        return (
            Meeting.objects.visible_to(self.request.user)
            .prefetch_related("units")
            .order_by("-held_at", "-id")
        )


@require_safe
def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    context = {
        "meeting": meeting,
        "units": meeting.units.select_related("area", "cluster"),
        # A joint meeting's other units' problems show only once published.
        "problems": meeting.problems.readable_by(request.user).select_related("unit"),
    }
    return render(request, "industries/meeting_detail.html", context)


class MeetingCreateView(FormMethodsMixin, RoleRequiredMixin, CreateView):
    required_roles = (Role.IRO,)
    form_class = MeetingForm
    template_name = "industries/meeting_form.html"

    def form_valid(self, form):
        form.instance.recorded_by = self.request.user
        messages.success(self.request, _("The meeting has been recorded."))
        return super().form_valid(form)


class MeetingEditView(FormMethodsMixin, RoleRequiredMixin, UpdateView):
    required_roles = (Role.IRO,)
    form_class = MeetingForm
    template_name = "industries/meeting_form.html"
    queryset = Meeting.objects.all()

    def form_valid(self, form):
        messages.success(self.request, _("The meeting has been saved."))
        return super().form_valid(form)


@require_safe
@role_required(Role.IRO)
def meeting_problem_choices(request):
    """The problem checkboxes for the units chosen so far (htmx swaps them in)."""
    form = MeetingForm(request.GET)
    return render(request, "industries/meeting_form_fields.html", {"form": form})
