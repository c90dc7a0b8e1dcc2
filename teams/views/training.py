"""The initial training: sessions, attendance, and what a student sees of them."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe
from django.views.generic import CreateView, ListView, UpdateView

from partner_portal.access import RoleRequiredMixin, role_required
from partner_portal.i18n import local_digits
from partner_portal.models import Role
from partner_portal.views_helpers import (
    FormMethodsMixin,
    require_form_methods,
    run_service,
)

from .. import services
from ..forms import AttendanceForm, TrainingSessionForm
from ..models import TrainingSession
from ..permissions import current_enrolment


@require_safe
@role_required(Role.STUDENT)
def training(request):
    enrolment = current_enrolment(request.user)
    sessions, attended = [], set()
    if enrolment is not None:
        sessions = TrainingSession.objects.filter(round_id=enrolment.round_id)
        attended = set(enrolment.attendances.values_list("session_id", flat=True))
    return render(
        request,
        "teams/training.html",
        {
            "enrolment": enrolment,
            "sessions": sessions,
            "attended": attended,
            "required_sessions": services.required_sessions(),
        },
    )


class SessionListView(RoleRequiredMixin, ListView):
    required_roles = (Role.IRO,)
    template_name = "teams/session_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            TrainingSession.objects.select_related("round")
            .annotate(present=Count("attendances"))
            .order_by("-starts_at", "-id")
        )


class SessionCreateView(FormMethodsMixin, RoleRequiredMixin, CreateView):
    required_roles = (Role.IRO,)
    form_class = TrainingSessionForm
    template_name = "teams/session_form.html"

    def form_valid(self, form):
        messages.success(self.request, _("The session has been scheduled."))
        return super().form_valid(form)


class SessionEditView(FormMethodsMixin, RoleRequiredMixin, UpdateView):
    required_roles = (Role.IRO,)
    form_class = TrainingSessionForm
    template_name = "teams/session_form.html"
    queryset = TrainingSession.objects.all()

    def form_valid(self, form):
        messages.success(self.request, _("The session has been saved."))
        return super().form_valid(form)


@require_form_methods
@role_required(Role.IRO)
def session_attendance(request, pk):
    session = get_object_or_404(TrainingSession.objects.select_related("round"), pk=pk)
    candidates = services.attendance_candidates(session)
    present = session.attendances.values_list("enrolment_id", flat=True)
    # Not `request.POST or None`: unticking everyone posts no field at all.
    data = request.POST if request.method == "POST" else None
    form = AttendanceForm(
        data, candidates=candidates, initial={"present": list(present)}
    )
    if request.method == "POST" and form.is_valid():
        promoted = run_service(
            request,
            services.attendance_record,
            session=session,
            present=form.cleaned_data["present"],
            actor=request.user,
            success_message=_("Attendance has been saved."),
        )
        if promoted:
            messages.info(
                request,
                ngettext(
                    "%(n)s student completed the training and is now eligible.",
                    "%(n)s students completed the training and are now eligible.",
                    len(promoted),
                )
                % {"n": local_digits(len(promoted))},
            )
        return redirect("teams:session-attendance", pk=session.pk)
    return render(
        request,
        "teams/session_attendance.html",
        {
            "session": session,
            "form": form,
            "required_sessions": services.required_sessions(),
        },
    )
