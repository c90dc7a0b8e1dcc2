"""Industrial units and the people who manage them."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import CreateView, UpdateView

from partner_portal.access import RoleRequiredMixin, role_required
from partner_portal.exports import (
    Column,
    choice_column,
    export_response,
    export_rows,
    filter_data,
)
from partner_portal.models import Role
from partner_portal.views_helpers import (
    FormMethodsMixin,
    PortalFilterView,
    make_move,
    require_form_methods,
    run_service,
)

from .. import services
from ..filters import UnitFilter
from ..forms import JoinRequestForm, ManagerInviteForm, UnitForm, UnitProfileForm
from ..models import IndustrialUnit, ProblemRequest, UnitManager
from ..permissions import get_unit_for_user, get_unit_manager_link_for_user


def unit_queryset(user):
    return (
        IndustrialUnit.objects.visible_to(user)
        .select_related("area", "cluster")
        .annotate(
            open_problems=Count(
                "problems",
                filter=~Q(
                    problems__status__in=[
                        ProblemRequest.Status.CLOSED,
                        ProblemRequest.Status.WITHDRAWN,
                        ProblemRequest.Status.REJECTED,
                    ]
                ),
            )
        )
        .order_by("name", "id")
    )


class UnitListView(RoleRequiredMixin, PortalFilterView):
    required_roles = (Role.IRO, Role.MANAGER)
    filterset_class = UnitFilter
    template_name = "industries/unit_list.html"

    def get_queryset(self):
        return unit_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.is_industry_manager:
            context["my_requests"] = (
                UnitManager.objects.filter(user=user)
                .exclude(status=UnitManager.Status.ACTIVE)
                .select_related("unit")
            )
        return context


UNIT_COLUMNS = [
    Column("name", _("name"), lambda u: u.name),
    Column(
        "area", _("town or zone"), lambda u: u.area.name, machine=lambda u: u.area.slug
    ),
    Column(
        "cluster",
        _("industrial cluster"),
        lambda u: u.cluster.name,
        machine=lambda u: u.cluster.slug,
    ),
    Column("employees", _("employees"), lambda u: u.employees),
    Column("phone", _("phone"), lambda u: u.phone),
    Column("email", _("contact e-mail"), lambda u: u.email),
    choice_column("introduced_by", _("introduced by"), "introduced_by"),
    Column("referral_number", _("referral letter number"), lambda u: u.referral_number),
    Column("referral_date", _("referral letter date"), lambda u: u.referral_date),
    Column("open_problems", _("open problems"), lambda u: u.open_problems),
    Column("registered_at", _("registered at"), lambda u: u.created_at),
]


@require_safe
@role_required(Role.IRO)
def unit_export(request):
    filterset = UnitFilter(filter_data(request), queryset=unit_queryset(request.user))
    return export_response(
        request, rows=export_rows(filterset), columns=UNIT_COLUMNS, filename="units"
    )


class UnitCreateView(FormMethodsMixin, RoleRequiredMixin, CreateView):
    required_roles = (Role.IRO,)
    form_class = UnitForm
    template_name = "industries/unit_form.html"

    def form_valid(self, form):
        self.object = services.unit_register(
            actor=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("The unit has been registered."))
        return redirect(self.object)


@require_safe
def unit_detail(request, pk):
    unit = get_unit_for_user(request.user, pk)
    links = unit.managers.select_related("user").order_by("status", "user__full_name")
    if not request.user.is_iro_staff:
        links = links.filter(status=UnitManager.Status.ACTIVE)
    problems = unit.problems.order_by("-created_at")[:20]
    invited = (
        services.pending_manager_invitations(unit) if request.user.is_iro_staff else []
    )
    return render(
        request,
        "industries/unit_detail.html",
        {"unit": unit, "links": links, "problems": problems, "invited": invited},
    )


class UnitEditView(FormMethodsMixin, UpdateView):
    template_name = "industries/unit_form.html"

    def get_object(self, queryset=None):
        return get_unit_for_user(self.request.user, self.kwargs["pk"], write=True)

    def get_form_class(self):
        return UnitForm if self.request.user.is_iro_staff else UnitProfileForm

    def form_valid(self, form):
        messages.success(self.request, _("The unit's details have been saved."))
        return super().form_valid(form)


@require_form_methods
@role_required(Role.IRO)
def manager_invite(request, pk):
    unit = get_unit_for_user(request.user, pk)
    form = ManagerInviteForm(request.POST or None, initial={"language": "fa"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = run_service(
            request,
            services.manager_invite,
            unit=unit,
            email=data["email"],
            full_name=data["full_name"],
            position=data["position"],
            language=data["language"],
            actor=request.user,
            success_message=_(
                "Done. Someone who had asked to manage the unit manages it now; "
                "anyone else has been sent an invitation and manages it once they "
                "accept."
            ),
        )
        if added is not None:
            return redirect(unit)
    return render(
        request, "industries/manager_invite.html", {"unit": unit, "form": form}
    )


@require_form_methods
@role_required(Role.MANAGER)
def join_request(request):
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        link = run_service(
            request,
            services.unit_join_request,
            user=request.user,
            unit=form.cleaned_data["unit"],
            position=form.cleaned_data["position"],
            message=form.cleaned_data["message"],
            success_message=_(
                "Your request has been sent; the office will confirm it."
            ),
        )
        if link is not None:
            return redirect("industries:unit-list")
    return render(request, "industries/join_request.html", {"form": form})


@require_safe
@role_required(Role.IRO)
def join_request_list(request):
    requests = (
        UnitManager.objects.filter(status=UnitManager.Status.REQUESTED)
        .select_related("user", "unit__area")
        .order_by("created_at")
    )
    return render(request, "industries/join_request_list.html", {"requests": requests})


@require_POST
def unit_manager_move(request, pk, move):
    link = get_unit_manager_link_for_user(request.user, pk)
    make_move(request, link, move)
    if not request.user.is_iro_staff:
        return redirect("industries:unit-list")
    if link.status == UnitManager.Status.REQUESTED or move in {"approve", "reject"}:
        return redirect("industries:join-request-list")
    return redirect(link.unit)
