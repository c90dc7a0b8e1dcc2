from django import template

from partner_portal.formfields import parse_id
from teams.forms import InterestForm
from teams.models import interest_ranks
from teams.models import rank_label as _rank_label
from teams.permissions import current_enrolment

register = template.Library()


def interest_panel_context(request, problem, replacing=None):
    """What the catalogue shows a visitor about choosing this problem.

    ``replacing`` is a rank the student chose for this problem that another of
    their choices holds: the panel asks before that choice gives way (a page
    without htmx carries it in ``?replace=``)."""
    user = request.user
    enrolment = current_enrolment(user) if user.is_authenticated else None
    interests = list(enrolment.interests.select_related("problem")) if enrolment else []
    rank = next((i.rank for i in interests if i.problem_id == problem.pk), None)
    can_choose = enrolment is not None and enrolment.may_choose_problems
    taken = {i.rank: i.problem.title for i in interests if i.problem_id != problem.pk}
    if replacing is None:
        replacing = parse_id(request.GET.get("replace", ""))
    if replacing not in taken:
        replacing = None
    return {
        "request": request,
        "user": user,
        "problem": problem,
        "enrolment": enrolment,
        "interests": interests,
        "slots": [
            (slot, next((i for i in interests if i.rank == slot), None))
            for slot in interest_ranks()
        ],
        "rank": rank,
        "can_choose": can_choose,
        "form": InterestForm(
            taken=taken, initial={"rank": rank or first_free_rank(interests)}
        ),
        "replacing": replacing,
        "replaced_title": taken.get(replacing),
        "confirm_form": InterestForm(
            confirming=True, initial={"rank": replacing}, auto_id="id_replace_%s"
        )
        if replacing
        else None,
    }


def first_free_rank(interests):
    taken = {interest.rank for interest in interests}
    ranks = interest_ranks()
    return next((rank for rank in ranks if rank not in taken), ranks[-1])


@register.inclusion_tag("teams/partials/interest_panel.html", takes_context=True)
def interest_panel(context, problem):
    return interest_panel_context(context["request"], problem)


@register.filter
def rank_label(rank):
    """A rank as a student calls it: "2nd choice", «اولویت دوم»."""
    return _rank_label(rank)
