import datetime
import decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from partner_portal.formfields import (
    JalaliDateField,
    JalaliDateTimeField,
    LocalisedDecimalField,
    LocalisedIntegerField,
    parse_id,
)


@pytest.mark.parametrize(
    "typed",
    ["1405/08/30", "۱۴۰۵/۰۸/۳۰", "١٤٠٥-٠٨-٣٠", "2026-11-21", "2026/11/21"],
)
def test_dates_are_read_in_either_calendar_and_any_digits(typed):
    assert JalaliDateField().clean(typed) == datetime.date(2026, 11, 21)


@pytest.mark.parametrize(
    "typed", ["1405/13/01", "1405/12/31", "tomorrow", "21/11/2026"]
)
def test_impossible_dates_get_a_translated_error(typed):
    with translation.override("en"), pytest.raises(forms.ValidationError) as refused:
        JalaliDateField().clean(typed)
    assert "Enter a date like 2026-11-21." in refused.value.messages
    with translation.override("fa"), pytest.raises(forms.ValidationError) as refused:
        JalaliDateField().clean(typed)
    assert "۱۴۰۵/۰۸/۳۰" in refused.value.messages[0]


def test_a_date_is_shown_back_in_the_readers_calendar():
    field = JalaliDateField()
    with translation.override("fa"):
        assert field.prepare_value(datetime.date(2026, 11, 21)) == "۱۴۰۵/۰۸/۳۰"
    with translation.override("en"):
        assert field.prepare_value(datetime.date(2026, 11, 21)) == "2026-11-21"


def test_datetimes_are_tehran_time():
    value = JalaliDateTimeField().clean("۱۴۰۵/۰۸/۳۰ ۱۴:۳۰")

    assert timezone.localtime(value).hour == 14
    assert value.astimezone(datetime.UTC).hour == 11


def test_integers_accept_persian_digits():
    assert LocalisedIntegerField(min_value=1).clean("۱۲") == 12


@pytest.mark.parametrize(
    "typed", ["420,000,000", "۴۲۰٬۰۰۰٬۰۰۰", "۴۲۰،۰۰۰،۰۰۰", "420 000 000", "420000000"]
)
def test_integers_accept_thousands_as_people_group_them(typed):
    assert LocalisedIntegerField().clean(typed) == 420_000_000


@pytest.mark.parametrize("typed", ["4,20", "42,0000", "1,5", ",100"])
def test_integers_refuse_what_is_not_a_grouping(typed):
    with pytest.raises(ValidationError):
        LocalisedIntegerField().clean(typed)


@pytest.mark.parametrize("typed", ["18.5", "۱۸٫۵", "۱۸/۵", "١٨.٥", " 18.50 "])
def test_fractions_accept_persian_digits_and_separators(typed):
    field = LocalisedDecimalField(min_value=0, max_value=20, decimal_places=2)

    assert field.clean(typed) == decimal.Decimal("18.5")


@pytest.mark.parametrize("typed", ["۲۱", "18.555", "هجده", "1,5"])
def test_fractions_out_of_range_or_malformed_are_refused(typed):
    field = LocalisedDecimalField(min_value=0, max_value=20, decimal_places=2)

    with pytest.raises(ValidationError):
        field.clean(typed)


def test_fractions_show_in_the_readers_digits():
    field = LocalisedDecimalField()
    with translation.override("fa"):
        assert field.prepare_value(decimal.Decimal("18.50")) == "۱۸٫۵"
    with translation.override("en"):
        assert field.prepare_value(decimal.Decimal("18.00")) == "18"


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),
        ("9" * 5000, None),
        ("²", None),
        ("①", None),
        ("۴۲", None),
        ("0", None),
        ("-1", None),
        ("4e2", None),
        ("", None),
    ],
)
def test_ids_are_ascii_digits_within_a_database_integer(sent, expected):
    assert parse_id(sent) == expected
