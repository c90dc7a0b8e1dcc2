import django_filters
from django.utils.translation import gettext_lazy as _

from partner_portal.filters import SearchFilter
from partner_portal.models import FieldOfStudy, Level
from partner_portal.search import is_number, matching
from partner_portal.text import search_key

from .models import Enrolment, Round


def search_students(queryset, name, value):
    """A number (in any digits) is the start of a student number; anything else is
    part of a name or an e-mail address. Each way is one indexed column."""
    key = search_key(value)
    if is_number(key):
        return queryset.filter(student__student_number__startswith=key)
    return matching(queryset, value, "student__user__search_key")


class EnrolmentFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("name or number"), method=search_students)
    round = django_filters.ModelChoiceFilter(
        label=_("round"), queryset=Round.objects.all()
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=Enrolment.Status.choices
    )
    field = django_filters.ModelChoiceFilter(
        label=_("field of study"),
        field_name="student__field",
        queryset=FieldOfStudy.objects.all(),
    )
    level = django_filters.ChoiceFilter(
        label=_("level"), field_name="student__level", choices=Level.choices
    )
    order = django_filters.OrderingFilter(
        label=_("sort by"),
        empty_label=_("Newest first"),
        fields=[
            ("created_at", "applied"),
            ("student__user__full_name", "name"),
            ("student__student_number", "number"),
        ],
        field_labels={
            "created_at": _("date applied"),
            "student__user__full_name": _("name"),
            "student__student_number": _("student number"),
        },
    )

    class Meta:
        model = Enrolment
        fields = []
