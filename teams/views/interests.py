"""A trained student's ranked choices of published problems."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from industries.models import ProblemRequest
from partner_portal.access import role_required
from partner_portal.models import Role
from partner_portal.views_helpers import run_service

from .. import services
from ..forms import InterestForm
from ..permissions import current_enrolment, get_interest_for_user
from ..templatetags.teams import interest_panel_context


@require_safe
@role_required(Role.STUDENT)
def my_interests(request):
    enrolment = current_enrolment(request.user)
    interests = []
    if enrolment is not None:
        interests = enrolment.interests.select_related(
            "problem__unit__area", "problem__unit__cluster"
        )
    return render(
        request,
        "teams/my_interests.html",
        {"enrolment": enrolment, "interests": interests},
    )


@require_POST
@role_required(Role.STUDENT)
def interest_set(request, problem_pk):
    problem = get_object_or_404(ProblemRequest.objects.published(), pk=problem_pk)
    enrolment = current_enrolment(request.user)
    form = InterestForm(request.POST)
    replacing = None
    if enrolment is None:
        messages.error(request, _("Enrol in the open round first."))
    elif not form.is_valid():
        for error in form.errors.get("rank", []):
            messages.error(request, error)
    else:
        replacing = choose(request, enrolment, problem, **form.cleaned_data)
    if request.htmx:
        context = interest_panel_context(request, problem, replacing=replacing)
        return render(request, "teams/partials/interest_panel.html", context)
    url = reverse("industries:catalogue-detail", kwargs={"pk": problem.pk})
    if replacing:
        url = f"{url}?replace={replacing}#interest-panel"
    return redirect(url)


def choose(request, enrolment, problem, *, rank, replace):
    """Set the choice; a rank another choice holds comes back, to ask the student
    whether that choice should give way."""
    try:
        services.interest_set(
            enrolment=enrolment,
            problem=problem,
            rank=rank,
            actor=request.user,
            replace=replace,
        )
    except ValidationError as refusal:
        if refusal.code == "rank_taken":
            return rank
        for message in refusal.messages:
            messages.error(request, message)
        return None
    messages.success(request, _("Your choice has been saved."))
    return None


@require_POST
@role_required(Role.STUDENT)
def interest_remove(request, pk):
    interest = get_interest_for_user(request.user, pk)
    run_service(
        request,
        services.interest_remove,
        interest=interest,
        actor=request.user,
        success_message=_("The choice has been removed."),
    )
    return redirect("teams:my-interests")
