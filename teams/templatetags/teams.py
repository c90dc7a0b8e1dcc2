from django import template

from teams.forms import InterestForm
from teams.models import interest_ranks
from teams.permissions import current_enrolment

register = template.Library()


def interest_panel_context(request, problem):
    """What the catalogue shows a visitor about choosing this problem."""
    user = request.user
    enrolment = current_enrolment(user) if user.is_authenticated else None
    interests = list(enrolment.interests.select_related("problem")) if enrolment else []
    rank = next((i.rank for i in interests if i.problem_id == problem.pk), None)
    can_choose = enrolment is not None and enrolment.may_choose_problems
    return {
        "request": request,
        "user": user,
        "problem": problem,
        "enrolment": enrolment,
        "interests": interests,
        "rank": rank,
        "can_choose": can_choose,
        "form": InterestForm(initial={"rank": rank or first_free_rank(interests)}),
    }


def first_free_rank(interests):
    taken = {interest.rank for interest in interests}
    ranks = interest_ranks()
    return next((rank for rank in ranks if rank not in taken), ranks[-1])


@register.inclusion_tag("teams/partials/interest_panel.html", takes_context=True)
def interest_panel(context, problem):
    return interest_panel_context(context["request"], problem)
