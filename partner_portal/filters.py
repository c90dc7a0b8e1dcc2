"""What the apps' filters share."""

import django_filters
from django import forms

from .formfields import JalaliDateField, without_controls


def search_text(value):
    """Search words as typed, without control characters (``?q=%00`` made
    PostgreSQL fail) and outer spaces."""
    return without_controls(value or "").strip()


class SearchField(forms.CharField):
    def to_python(self, value):
        return search_text(super().to_python(value))


class SearchFilter(django_filters.CharFilter):
    """A free-text filter: what is searched for is ``search_text`` of the input."""

    field_class = SearchField


class DateFilter(django_filters.DateFilter):
    """A date typed as people type it: Jalali or Gregorian, digits in any script."""

    field_class = JalaliDateField
