import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partner_portal.filters import SearchFilter
from partner_portal.models import FieldOfStudy

from .models import Cluster, IndustrialArea, IndustrialUnit, Meeting, ProblemRequest


def search_problems(queryset, name, value):
    return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class CatalogueFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("search"), method=search_problems)
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
    unit = SearchFilter(
        label=_("unit name"), field_name="unit__name", lookup_expr="icontains"
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
    q = SearchFilter(label=_("name"), field_name="name", lookup_expr="icontains")
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
    unit = SearchFilter(
        label=_("unit name"),
        field_name="units__name",
        lookup_expr="icontains",
        distinct=True,
    )

    class Meta:
        model = Meeting
        fields = []
