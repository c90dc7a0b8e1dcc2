import django_filters
from django.utils.translation import gettext_lazy as _

from partner_portal.filters import DateFilter, SearchFilter
from partner_portal.models import FieldOfStudy
from partner_portal.search import matching

from .models import Cluster, IndustrialArea, IndustrialUnit, Meeting, ProblemRequest


def search_text(queryset, name, value):
    """By the row's own key: a problem's title and description, a unit's name."""
    return matching(queryset, value)


def search_unit_names(queryset, name, value):
    return matching(queryset, value, "unit__search_key")


def search_meeting_units(queryset, name, value):
    # A meeting with two matching units would otherwise be listed twice.
    return matching(queryset, value, "units__search_key").distinct()


class CatalogueFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("search"), method=search_text)
    cluster = django_filters.ModelChoiceFilter(
        label=_("industrial cluster"),
        field_name="unit__cluster",
        queryset=Cluster.objects.all(),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("town or zone"),
        field_name="unit__area",
        queryset=IndustrialArea.objects.all(),
    )
    field = django_filters.ModelChoiceFilter(
        label=_("field of study"),
        field_name="fields_needed",
        queryset=FieldOfStudy.objects.all(),
        distinct=True,
    )
    order = django_filters.OrderingFilter(
        label=_("sort by"),
        empty_label=_("Newest first"),
        fields=[("created_at", "created"), ("title", "title")],
        field_labels={"created_at": _("date"), "title": _("title")},
    )

    class Meta:
        model = ProblemRequest
        fields = []


class ProblemFilter(CatalogueFilter):
    """The problems a manager or IRO works on; for IRO the review queue."""

    status = django_filters.ChoiceFilter(
        label=_("status"), choices=ProblemRequest.Status.choices
    )
    unit = SearchFilter(label=_("unit name"), method=search_unit_names)
    # A period of submission (a round's, when the office's figures link here).
    submitted_from = DateFilter(
        label=_("submitted from"),
        field_name="submitted_at",
        lookup_expr="date__gte",
    )
    submitted_to = DateFilter(
        label=_("submitted until"),
        field_name="submitted_at",
        lookup_expr="date__lte",
    )
    order = django_filters.OrderingFilter(
        label=_("sort by"),
        empty_label=_("Newest first"),
        fields=[
            ("created_at", "created"),
            ("submitted_at", "submitted"),
            ("title", "title"),
            ("urgency", "urgency"),
        ],
        field_labels={
            "created_at": _("date created"),
            "submitted_at": _("date submitted"),
            "title": _("title"),
            "urgency": _("urgency"),
        },
    )


class UnitFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("name"), method=search_text)
    area = django_filters.ModelChoiceFilter(
        label=_("town or zone"), queryset=IndustrialArea.objects.all()
    )
    cluster = django_filters.ModelChoiceFilter(
        label=_("industrial cluster"), queryset=Cluster.objects.all()
    )

    class Meta:
        model = IndustrialUnit
        fields = []


class MeetingFilter(django_filters.FilterSet):
    unit = SearchFilter(label=_("unit name"), method=search_meeting_units)

    class Meta:
        model = Meeting
        fields = []
