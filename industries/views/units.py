"""Industrial units and the people who manage them."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, UpdateView

from partner_portal.access import RoleRequiredMixin, role_required
from partner_portal.i18n import isolate
from partner_portal.models import Role
from partner_portal.views_helpers import PortalFilterView, posted_text, run_service

from .. import services
from ..filters import UnitFilter
from ..forms import (
    JoinRequestForm,
    ManagerInviteForm,
    ReasonForm,
    UnitForm,
    UnitProfileForm,
)
from ..models import IndustrialUnit, ProblemRequest, UnitManager
from ..permissions import get_unit_for_user


class UnitListView(RoleRequiredMixin, PortalFilterView):
    required_roles = (Role.IRO, Role.MANAGER)
    filterset_class = UnitFilter
    template_name = "industries/unit_list.html"

    def get_queryset(self):
        return (
            IndustrialUnit.objects.visible_to(self.request.user)
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


class UnitCreateView(RoleRequiredMixin, CreateView):
    required_roles = (Role.IRO,)
    form_class = UnitForm
    template_name = "industries/unit_form.html"

    def form_valid(self, form):
        self.object = services.unit_register(form=form, actor=self.request.user)
        messages.success(self.request, _("The unit has been registered."))
        return redirect(self.object)


def unit_detail(request, pk):
    unit = get_unit_for_user(request.user, pk)
    links = unit.managers.select_related("user").order_by("status", "user__full_name")
    if not request.user.is_iro_staff:
        links = links.filter(status=UnitManager.Status.ACTIVE)
    problems = unit.problems.order_by("-created_at")[:20]
    return render(
        request,
        "industries/unit_detail.html",
        {"unit": unit, "links": links, "problems": problems},
    )


class UnitEditView(UpdateView):
    template_name = "industries/unit_form.html"

    def get_object(self, queryset=None):
        return get_unit_for_user(self.request.user, self.kwargs["pk"], write=True)

    def get_form_class(self):
        return UnitForm if self.request.user.is_iro_staff else UnitProfileForm

    def form_valid(self, form):
        messages.success(self.request, _("The unit's details have been saved."))
        return super().form_valid(form)


@role_required(Role.IRO)
def manager_invite(request, pk):
    unit = get_unit_for_user(request.user, pk)
    form = ManagerInviteForm(request.POST or None, initial={"language": "fa"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        link = run_service(
            request,
            services.manager_invite,
            unit=unit,
            email=data["email"],
            full_name=data["full_name"],
            position=data["position"],
            language=data["language"],
            actor=request.user,
            success_message=_("The manager has been added and informed by e-mail."),
        )
        if link is not None:
            return redirect(unit)
    return render(
        request, "industries/manager_invite.html", {"unit": unit, "form": form}
    )


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


@role_required(Role.IRO)
def join_request_list(request):
    requests = (
        UnitManager.objects.filter(status=UnitManager.Status.REQUESTED)
        .select_related("user", "unit__area")
        .order_by("created_at")
    )
    # One comment box per request, each with its own element ids.
    rows = [(link, ReasonForm(auto_id=f"id_%s_{link.pk}")) for link in requests]
    return render(request, "industries/join_request_list.html", {"rows": rows})


@require_POST
@role_required(Role.IRO)
def join_request_approve(request, pk):
    link = get_object_or_404(UnitManager, pk=pk)
    run_service(
        request,
        services.unit_manager_approve,
        link=link,
        actor=request.user,
        success_message=_("%(person)s now manages %(unit)s.")
        % {"person": isolate(link.user), "unit": isolate(link.unit)},
    )
    return redirect("industries:join-request-list")


@require_POST
@role_required(Role.IRO)
def join_request_reject(request, pk):
    link = get_object_or_404(UnitManager, pk=pk)
    run_service(
        request,
        services.unit_manager_reject,
        link=link,
        actor=request.user,
        note=posted_text(request, "comment"),
        success_message=_("The request has been declined."),
    )
    return redirect("industries:join-request-list")
