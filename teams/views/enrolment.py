"""Enrolment: the student's application, IRO's queue and decisions, import/export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from partner_portal.access import RoleRequiredMixin, role_required
from partner_portal.exports import (
    Column,
    choice_column,
    export_response,
    export_rows,
    filter_data,
)
from partner_portal.i18n import isolate, local_digits
from partner_portal.models import Role
from partner_portal.views_helpers import (
    PortalFilterView,
    make_move,
    require_form_methods,
    run_service,
    same_site_path,
)
from partner_portal.workflow import audit_trail

from .. import services
from ..filters import EnrolmentFilter
from ..forms import DecisionForm, EnrolmentForm, StudentImportForm
from ..importing import students_import
from ..models import Enrolment, Round, Student
from ..permissions import current_enrolment, get_enrolment_for_user


@require_form_methods
@role_required(Role.STUDENT)
def enrol(request):
    round = Round.open_round()
    if round is None:
        return render(request, "teams/no_open_round.html")
    try:
        services.check_may_enrol(user=request.user, round=round)
    except ValidationError as refusal:
        messages.info(request, " ".join(refusal.messages))
        return redirect("teams:my-enrolment")
    form = EnrolmentForm(
        request.POST or None, user=request.user, initial=previous_record(request.user)
    )
    if request.method == "POST" and form.is_valid():
        enrolment = run_service(
            request,
            services.enrolment_apply,
            user=request.user,
            round=round,
            student_data=form.student_data(),
            enrolment_data=form.enrolment_data(),
            clusters=form.cleaned_data["preferred_clusters"],
            success_message=_(
                "You have enrolled. The office will review your application."
            ),
        )
        if enrolment is not None:
            return redirect(enrolment)
    return render(request, "teams/enrol.html", {"form": form, "round": round})


def previous_record(user):
    student = Student.objects.filter(user=user).first()
    if student is None:
        return {}
    return {
        "student_number": student.student_number,
        "field": student.field_id,
        "level": student.level,
        "entry_year": student.entry_year,
    }


@require_safe
@role_required(Role.STUDENT)
def my_enrolment(request):
    enrolment = current_enrolment(request.user)
    if enrolment is None:
        return redirect("teams:enrol")
    return redirect(enrolment)


@require_safe
def enrolment_detail(request, pk):
    enrolment = get_enrolment_for_user(request.user, pk)
    context = {
        "enrolment": enrolment,
        "clusters": enrolment.preferred_clusters.all(),
        "attendances": enrolment.attendances.select_related("session").order_by(
            "session__starts_at"
        ),
        "required_sessions": services.required_sessions(),
        "interests": enrolment.interests.select_related("problem__unit"),
        "trail": audit_trail(enrolment),
    }
    return render(request, "teams/enrolment_detail.html", context)


@require_POST
def enrolment_move(request, pk, move):
    enrolment = get_enrolment_for_user(request.user, pk)
    make_move(request, enrolment, move)
    return redirect(enrolment)


def enrolment_queryset():
    return Enrolment.objects.select_related(
        "student__user", "student__field", "round"
    ).order_by("-created_at", "-id")


def default_to_open_round(request, kwargs):
    """Without filters, the queue shows the open round (and so does the export)."""
    if filter_data(request) is None:
        open_round = Round.open_round()
        if open_round is not None:
            kwargs["data"] = {"round": open_round.pk}
    return kwargs


class EnrolmentListView(RoleRequiredMixin, PortalFilterView):
    required_roles = (Role.IRO,)
    filterset_class = EnrolmentFilter
    template_name = "teams/enrolment_list.html"

    def get_queryset(self):
        return enrolment_queryset()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        return default_to_open_round(self.request, kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            decision_form=DecisionForm(queryset=Enrolment.objects.none()),
            query=self.request.GET.urlencode(),
            **kwargs,
        )


def back_to_list(request):
    target = same_site_path(request.POST.get("next", ""))
    return redirect(target or "teams:enrolment-list")


@require_POST
@role_required(Role.IRO)
def enrolment_bulk(request):
    form = DecisionForm(request.POST, queryset=Enrolment.objects.all())
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back_to_list(request)
    result = run_service(
        request,
        services.enrolments_decide,
        enrolments=form.cleaned_data["enrolments"].select_related(
            "student__user", "round"
        ),
        decision=form.cleaned_data["decision"],
        note=form.cleaned_data["note"],
        actor=request.user,
        success_message=_("The decision has been recorded."),
    )
    if result is not None:
        report_bulk(request, *result)
    return back_to_list(request)


def report_bulk(request, moved, refused):
    messages.info(
        request,
        ngettext("%(n)s enrolment changed.", "%(n)s enrolments changed.", len(moved))
        % {"n": local_digits(len(moved))},
    )
    if refused:
        names = ", ".join(isolate(e.student.user) for e in refused)
        messages.warning(
            request,
            _("Left as they were (already decided): %(names)s") % {"names": names},
        )


ENROLMENT_COLUMNS = [
    Column("student_number", _("student number"), lambda e: e.student.student_number),
    Column("full_name", _("full name"), lambda e: e.student.user.full_name),
    Column("email", _("e-mail address"), lambda e: e.student.user.email),
    Column(
        "field",
        _("field of study"),
        lambda e: e.student.field.name,
        machine=lambda e: e.student.field.slug,
    ),
    choice_column("level", _("level"), "student.level"),
    Column("entry_year", _("entry year"), lambda e: e.student.entry_year),
    Column("round", _("round"), lambda e: e.round.name, machine=lambda e: e.round_id),
    choice_column("status", _("status"), "status"),
    Column(
        "weekly_hours",
        _("weekly availability (hours)"),
        lambda e: e.weekly_hours,
    ),
    Column(
        "applied_at",
        _("date applied"),
        lambda e: timezone.localtime(e.created_at).date(),
    ),
]


@require_safe
@role_required(Role.IRO)
def enrolment_export(request):
    kwargs = default_to_open_round(request, {"data": filter_data(request)})
    filterset = EnrolmentFilter(queryset=enrolment_queryset(), **kwargs)
    return export_response(
        request,
        rows=export_rows(filterset),
        columns=ENROLMENT_COLUMNS,
        filename="enrolments",
    )


@require_form_methods
@role_required(Role.IRO)
def student_import(request):
    form = StudentImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = students_import(
            text=form.cleaned_data["file"],
            round=form.cleaned_data["round"],
            actor=request.user,
        )
        if report.ok:
            messages.success(
                request,
                _("Imported: %(created)s new enrolments, %(kept)s already enrolled.")
                % {
                    "created": local_digits(report.created),
                    "kept": local_digits(report.already_enrolled),
                },
            )
            url = reverse("teams:enrolment-list")
            return redirect(f"{url}?round={form.cleaned_data['round'].pk}")
    return render(
        request, "teams/student_import.html", {"form": form, "report": report}
    )
