"""A failed form shows a summary of its errors above it, each message leading to its
field (with a prefix, in a formset, in a list of checkboxes), form-wide ones too;
the messages stay next to their fields as well."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from partner_portal.models import FieldOfStudy
from placements.models import Placement, SiteVisit

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """The ids of a page and the error summaries in it: their headings and their
    items as (link target or None, text)."""

    def __init__(self, html):
        super().__init__()
        self.ids, self.summaries = set(), []
        self._depth = 0  # inside a summary: how deep in its <div>s
        self._item = self._heading = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if "data-error-summary" in attrs:
            assert attrs["role"] == "alert"
            assert attrs["tabindex"] == "-1"
            self.summaries.append({"heading": "", "items": []})
            self._depth = 1
        elif self._depth and tag == "div":
            self._depth += 1
        elif self._depth and tag == "h2":
            self._heading = ""
        elif self._depth and tag == "li":
            self._item = [None, ""]
        elif self._item is not None and tag == "a":
            self._item[0] = attrs["href"].removeprefix("#")

    def handle_endtag(self, tag):
        if self._depth and tag == "div":
            self._depth -= 1
        elif self._heading is not None and tag == "h2":
            self.summaries[-1]["heading"] = self._heading.strip()
            self._heading = None
        elif self._item is not None and tag == "li":
            target, text = self._item
            self.summaries[-1]["items"].append((target, " ".join(text.split())))
            self._item = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading += data
        elif self._item is not None:
            self._item[1] += data


def summary_of(response):
    """The one summary of the page; each of its links leads to an element there."""
    page = Page(response.content.decode())
    assert len(page.summaries) == 1, page.summaries
    items = page.summaries[0]["items"]
    for target, text in items:
        assert target is None or target in page.ids, (target, text)
    return page.summaries[0]["heading"], items


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def test_signup_lists_each_error_with_a_link_to_its_field(client):
    response = client.post(
        url("signup-student"),
        {
            "full_name": "",
            "email": "not-an-address",
            "phone": "123",
            "password1": "one-password-1405",
            "password2": "another-password-1405",
        },
    )

    heading, items = summary_of(response)
    assert heading == "Please correct the errors below"
    targets = [target for target, _text in items]
    assert targets == ["id_full_name", "id_email", "id_phone", "id_password2"]
    assert items[0][1] == "Full name: This field is required."
    assert items[1][1] == "E-mail address: Enter a valid email address."
    # Next to the field too, as before.
    assert 'id="error_1_id_email"' in response.content.decode()


def test_the_summary_is_in_persian_on_persian_pages(client):
    response = client.post(url("signup-student", language="fa"), {"full_name": "x"})

    heading, items = summary_of(response)
    assert heading == "لطفاً خطاهای زیر را اصلاح کنید"
    assert ("id_email", "نشانی ایمیل: این فیلد لازم است.") in items


def test_a_form_without_errors_has_no_summary(client):
    assert (
        "data-error-summary" not in client.get(url("signup-student")).content.decode()
    )


def test_form_wide_errors_are_listed_without_a_link(client, student):
    response = client.post(
        url("login"), {"username": student.email, "password": "not-the-password"}
    )

    _heading, items = summary_of(response)
    assert len(items) == 1
    target, text = items[0]
    assert target is None
    assert text.startswith("Please enter a correct")


def test_a_list_of_checkboxes_is_reached_through_its_first_choice(
    client, manager, world
):
    client.force_login(manager)

    response = client.post(
        url("industries:problem-create"),
        {
            "unit": world.objects["unit"].pk,
            "title": "",
            "description": "شرح",
            "desired_team_size": "5",
            "urgency": "medium",
            "duration_weeks": "99",
        },
    )

    _heading, items = summary_of(response)
    assert items == [
        ("id_title", "Title: This field is required."),
        ("id_fields_needed_0", "Fields of study needed: This field is required."),
        (
            "id_duration_weeks",
            "Expected duration (weeks): Ensure this value is less than or equal to 52.",
        ),
    ]


def test_a_prefixed_form_on_the_placement_page_links_to_its_prefixed_field(
    client, world, student
):
    placement = world.objects["placement"]
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.ASSESSMENT)
    visit = SiteVisit.objects.create(
        placement=placement, starts_at=timezone.now(), place="سالن", attendees="x"
    )
    client.force_login(student)

    response = client.post(
        url("placements:visit-findings", visit.pk), {f"visit-{visit.pk}-findings": ""}
    )

    assert response.status_code == 200
    _heading, items = summary_of(response)
    assert items == [
        (f"id_visit-{visit.pk}-findings", "Findings: This field is required.")
    ]


def test_a_proposal_and_its_plan_share_one_summary_that_names_the_row(
    client, world, student
):
    placement = world.objects["placement"]
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.PROPOSAL)
    client.force_login(student)

    response = client.post(
        url("placements:proposal-create", placement.pk),
        {
            "title": "",
            "summary": "کاهش زمان تعویض",
            "approach": "SMED",
            "duration_weeks": "10",
            "plan-TOTAL_FORMS": "2",
            "plan-INITIAL_FORMS": "0",
            "plan-MIN_NUM_FORMS": "1",
            "plan-MAX_NUM_FORMS": "12",
            "plan-0-title": "اندازه‌گیری",
            "plan-0-deliverable": "گزارش",
            "plan-0-weeks": "2",
            "plan-1-title": "اجرا",
            "plan-1-deliverable": "",
            "plan-1-weeks": "2",
        },
    )

    _heading, items = summary_of(response)
    assert items == [
        ("id_title", "Title: This field is required."),
        ("id_plan-1-deliverable", "Deliverable, row 2: This field is required."),
    ]


def test_a_plan_row_reads_in_persian_digits(client, world, student):
    placement = world.objects["placement"]
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.PROPOSAL)
    client.force_login(student)

    response = client.post(
        url("placements:proposal-create", placement.pk, language="fa"),
        {
            "title": "عنوان",
            "summary": "خلاصه",
            "approach": "روش",
            "duration_weeks": "10",
            "plan-TOTAL_FORMS": "1",
            "plan-INITIAL_FORMS": "0",
            "plan-MIN_NUM_FORMS": "1",
            "plan-MAX_NUM_FORMS": "12",
            "plan-0-title": "اندازه‌گیری",
            "plan-0-deliverable": "گزارش",
            "plan-0-weeks": "99",
        },
    )

    _heading, items = summary_of(response)
    assert items == [
        (
            "id_plan-0-weeks",
            "هفته پس از شروع، ردیف ۱: مطمئن شوید این مقدار کوچکتر و یا مساوی ۵۲ است.",
        )
    ]


class ChoiceForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, label="token")
    fields = forms.ModelMultipleChoiceField(
        queryset=FieldOfStudy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="fields",
    )

    def clean(self):
        raise forms.ValidationError("Something is off.")


def test_hidden_fields_and_empty_lists_still_show_their_errors():
    form = ChoiceForm({}, prefix="x")

    with translation.override("en"):
        html = Template("{% load form_errors %}{% error_summary form %}").render(
            Context({"form": form})
        )

    page = Page(html)
    assert page.summaries[0]["items"] == [
        (None, "Something is off."),
        (None, "token: This field is required."),
        # No choice to lead to: crispy's wrapper of the field.
        ("div_id_x-fields", "fields: This field is required."),
    ]
