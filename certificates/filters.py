import django_filters
from django.utils.translation import gettext_lazy as _

from industries.models import IndustrialUnit
from partner_portal.filters import DateFilter, SearchFilter
from partner_portal.models import FieldOfStudy
from partner_portal.search import matching
from teams.models import Professor, Round

from .models import Certificate


class CertificateFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("search"), method="search")
    round = django_filters.ModelChoiceFilter(
        label=_("round"),
        field_name="placement__team__round",
        queryset=Round.objects.all(),
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=Certificate.Status.choices
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("industrial unit"),
        field_name="placement__team__problem__unit",
        queryset=IndustrialUnit.objects.order_by("name"),
    )
    supervisor = django_filters.ModelChoiceFilter(
        label=_("supervising professor"),
        field_name="placement__team__supervisor",
        queryset=Professor.objects.select_related("user").order_by("user__full_name"),
    )

    field = django_filters.ModelChoiceFilter(
        label=_("field of study"),
        field_name="student__field",
        queryset=FieldOfStudy.objects.all(),
    )
    issued_from = DateFilter(
        label=_("issued from"),
        field_name="issued_at",
        lookup_expr="date__gte",
    )
    issued_to = DateFilter(
        label=_("issued until"),
        field_name="issued_at",
        lookup_expr="date__lte",
    )

    class Meta:
        model = Certificate
        fields = []

    def search(self, queryset, name, value):
        return matching(queryset, value)
