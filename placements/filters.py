import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from industries.models import Cluster, IndustrialArea
from teams.models import Professor, Round

from .models import Placement


class BoardFilter(django_filters.FilterSet):
    round = django_filters.ModelChoiceFilter(
        label=_("round"), field_name="team__round", queryset=Round.objects.all()
    )
    cluster = django_filters.ModelChoiceFilter(
        label=_("industrial cluster"),
        field_name="team__problem__unit__cluster",
        queryset=Cluster.objects.all(),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("town or zone"),
        field_name="team__problem__unit__area",
        queryset=IndustrialArea.objects.all(),
    )
    supervisor = django_filters.ModelChoiceFilter(
        label=_("supervising professor"),
        field_name="team__supervisor",
        queryset=Professor.objects.select_related("user").order_by("user__full_name"),
    )
    # A box to tick, not a yes/no/unknown choice: unticked shows every placement.
    overdue = django_filters.BooleanFilter(
        label=_("only overdue"), method="only_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Placement
        fields = []

    def only_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(is_overdue=True)
        return queryset
