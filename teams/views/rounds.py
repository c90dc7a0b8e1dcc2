"""Rounds of the program: IRO opens, starts team formation, closes."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView

from partner_portal.access import RoleRequiredMixin, role_required
from partner_portal.models import Role
from partner_portal.views_helpers import run_service

from .. import services
from ..forms import RoundForm
from ..models import Round

# Each move a round can make, with the words for its button and its outcome.
ROUND_MOVES = {
    "open": (Round.Status.OPEN, _("Open for enrolment"), _("The round is open.")),
    "formation": (
        Round.Status.FORMATION,
        _("Start team formation"),
        _("Team formation has started; choices are now frozen."),
    ),
    "close": (Round.Status.CLOSED, _("Close"), _("The round is closed.")),
}


class RoundListView(RoleRequiredMixin, ListView):
    required_roles = (Role.IRO,)
    template_name = "teams/round_list.html"

    def get_queryset(self):
        return Round.objects.annotate(enrolment_count=Count("enrolments")).order_by(
            "-starts_on", "-id"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rounds"] = [
            (
                round,
                [
                    (action, label)
                    for action, (to, label, _done) in ROUND_MOVES.items()
                    if to in Round.TRANSITIONS[round.status]
                ],
            )
            for round in context["object_list"]
        ]
        return context


class RoundCreateView(RoleRequiredMixin, CreateView):
    required_roles = (Role.IRO,)
    form_class = RoundForm
    template_name = "teams/round_form.html"

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The round has been created."))
        return redirect("teams:round-list")


class RoundEditView(RoleRequiredMixin, UpdateView):
    required_roles = (Role.IRO,)
    form_class = RoundForm
    template_name = "teams/round_form.html"
    queryset = Round.objects.all()

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The round has been saved."))
        return redirect("teams:round-list")


@require_POST
@role_required(Role.IRO)
def round_move(request, pk, action):
    round = get_object_or_404(Round, pk=pk)
    to, _label, done = ROUND_MOVES[action]
    run_service(
        request,
        services.round_move,
        round=round,
        to=to,
        actor=request.user,
        success_message=done,
    )
    return redirect("teams:round-list")
