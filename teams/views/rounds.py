"""Rounds of the program: IRO opens, starts team formation, closes."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView

from partner_portal.access import RoleRequiredMixin
from partner_portal.models import Role
from partner_portal.views_helpers import FormMethodsMixin, make_move

from ..forms import RoundForm
from ..models import Round


class RoundListView(RoleRequiredMixin, ListView):
    required_roles = (Role.IRO,)
    template_name = "teams/round_list.html"
    context_object_name = "rounds"

    def get_queryset(self):
        return Round.objects.annotate(enrolment_count=Count("enrolments")).order_by(
            "-starts_on", "-id"
        )


class RoundCreateView(FormMethodsMixin, RoleRequiredMixin, CreateView):
    required_roles = (Role.IRO,)
    form_class = RoundForm
    template_name = "teams/round_form.html"

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The round has been created."))
        return redirect("teams:round-list")


class RoundEditView(FormMethodsMixin, RoleRequiredMixin, UpdateView):
    required_roles = (Role.IRO,)
    form_class = RoundForm
    template_name = "teams/round_form.html"
    queryset = Round.objects.all()

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The round has been saved."))
        return redirect("teams:round-list")


@require_POST
def round_move(request, pk, move):
    round = get_object_or_404(Round, pk=pk)
    make_move(request, round, move)
    return redirect("teams:round-list")
