"""Professors: IRO adds them; they keep their expertise up to date."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, UpdateView

from partner_portal.access import RoleRequiredMixin, role_required
from partner_portal.filters import search_text
from partner_portal.models import Role
from partner_portal.text import search_key
from partner_portal.views_helpers import (
    FormMethodsMixin,
    require_form_methods,
    run_service,
)

from .. import services
from ..forms import ProfessorForm, ProfessorInviteForm, ProfessorProfileForm
from ..models import Professor


class ProfessorListView(RoleRequiredMixin, ListView):
    required_roles = (Role.IRO,)
    template_name = "teams/professor_list.html"
    paginate_by = 25

    def get_queryset(self):
        queryset = Professor.objects.select_related("user").prefetch_related(
            "expertise"
        )
        key = search_key(search_text(self.request.GET.get("q")))
        if key:
            queryset = queryset.filter(
                Q(user__search_key__contains=key) | Q(search_key__contains=key)
            )
        return queryset.order_by("user__full_name", "id")


@require_form_methods
@role_required(Role.IRO)
def professor_create(request):
    form = ProfessorInviteForm(request.POST or None, initial={"language": "fa"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        professor = run_service(
            request,
            services.professor_invite,
            actor=request.user,
            success_message=_(
                "The professor has been invited by e-mail; they can supervise once "
                "they accept."
            ),
            **{
                k: data[k]
                for k in (
                    "email",
                    "full_name",
                    "department",
                    "expertise",
                    "capacity",
                    "language",
                )
            },  # fmt: skip
        )
        if professor is not None:
            return redirect("teams:professor-list")
    return render(
        request, "teams/professor_form.html", {"form": form, "creating": True}
    )


class ProfessorEditView(FormMethodsMixin, RoleRequiredMixin, UpdateView):
    required_roles = (Role.IRO,)
    form_class = ProfessorForm
    template_name = "teams/professor_form.html"
    queryset = Professor.objects.select_related("user")

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The professor's details have been saved."))
        return redirect("teams:professor-list")


@require_form_methods
@role_required(Role.PROFESSOR)
def professor_profile(request):
    # Opening the page writes nothing; saving the form creates the profile.
    professor = Professor.objects.filter(user=request.user).first() or Professor(
        user=request.user
    )
    form = ProfessorProfileForm(request.POST or None, instance=professor)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("dashboard-professor")
    return render(
        request, "teams/professor_form.html", {"form": form, "object": professor}
    )
