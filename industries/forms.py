import re
import unicodedata

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from partner_portal.formfields import (
    IdMultipleChoiceField,
    JalaliDateField,
    JalaliDateTimeField,
    LocalisedIntegerField,
    PhoneNumberField,
    parse_id,
)
from partner_portal.forms import FieldsOnlyMixin, SubmitHelperMixin
from partner_portal.i18n import latin_digits, local_digits
from partner_portal.models import FieldOfStudy
from partner_portal.uploads import check_document
from partner_portal.widgets import FilterCheckboxes

from .models import Booklet, IndustrialUnit, Meeting, ProblemRequest


class UnitProfileForm(SubmitHelperMixin, forms.ModelForm):
    """What a manager keeps up to date about their own unit. Its name, town and
    cluster are shown next to its published problems: only IRO changes them."""

    employees = LocalisedIntegerField(label=_("employees"), min_value=1, required=False)
    phone = PhoneNumberField(label=_("phone"), required=False)

    class Meta:
        model = IndustrialUnit
        fields = ["address", "employees", "phone", "email", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class UnitForm(UnitProfileForm):
    """Everything IRO records about a unit, including how it was introduced."""

    referral_date = JalaliDateField(label=_("referral letter date"), required=False)

    class Meta(UnitProfileForm.Meta):
        fields = ["name", "area", "cluster", *UnitProfileForm.Meta.fields,
                  "introduced_by", "referral_number", "referral_date"]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("introduced_by") == IndustrialUnit.Introduction.MINISTRY:
            for name in ("referral_number", "referral_date"):
                if not cleaned.get(name):
                    self.add_error(
                        name,
                        _("Needed when the Ministry office introduced the unit."),
                    )
        return cleaned


class ManagerInviteForm(SubmitHelperMixin, forms.Form):
    submit_label = _("Add manager")

    full_name = forms.CharField(label=_("full name"), max_length=150)
    email = forms.EmailField(label=_("e-mail address"))
    position = forms.CharField(label=_("position"), max_length=100, required=False)
    language = forms.ChoiceField(
        label=_("language of the invitation"), choices=settings.LANGUAGES
    )


# Until the shared Persian normaliser (partner_portal/text.py) lands: Arabic and
# Persian yeh and keheh alike, digits in any script, ZWNJ/spaces as nothing, no case.
_UNIT_NAME_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
# Spaces, ZWNJ/ZWJ, direction marks and the kashida (ـ) are left out.
_UNIT_NAME_GAPS = re.compile(r"[\s\u200c\u200d\u200e\u200f\u0640]+")


def _comparable_unit_name(text):
    text = latin_digits(unicodedata.normalize("NFKC", text or "")).casefold()
    return _UNIT_NAME_GAPS.sub("", text.translate(_UNIT_NAME_LETTERS))


class JoinRequestForm(SubmitHelperMixin, forms.Form):
    """A self-registered manager names their unit (the list of units is not shown
    to people the office has not confirmed); only an exact match is taken."""

    submit_label = _("Send request")

    unit_name = forms.CharField(
        label=_("name of your industrial unit"),
        max_length=200,
        help_text=_("As the Industry Relations Office registered it."),
    )
    referral_number = forms.CharField(
        label=_("referral letter number"),
        max_length=50,
        required=False,
        help_text=_("If you have it: it tells apart units with the same name."),
    )
    position = forms.CharField(label=_("your position"), max_length=100)
    message = forms.CharField(
        label=_("message to the office"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if "unit_name" in cleaned:
            cleaned["unit"] = self.matching_unit(
                cleaned["unit_name"], cleaned.get("referral_number", "")
            )
        return cleaned

    def matching_unit(self, name, referral):
        wanted = _comparable_unit_name(name)
        units = [
            unit
            for unit in IndustrialUnit.objects.only("pk", "name", "referral_number")
            if _comparable_unit_name(unit.name) == wanted
        ]
        if referral:
            units = [
                unit
                for unit in units
                if _comparable_unit_name(unit.referral_number)
                == _comparable_unit_name(referral)
            ]
        if not units:
            raise forms.ValidationError(NO_SUCH_UNIT, code="no_such_unit")
        if len(units) > 1:
            raise forms.ValidationError(SEVERAL_UNITS, code="several_units")
        return units[0]


NO_SUCH_UNIT = _(
    "No registered unit has this name (and referral letter number, if given). "
    "Check the spelling, or ask the Industry Relations Office to register it."
)
SEVERAL_UNITS = _(
    "Several registered units have this name: add your referral letter number, or "
    "ask the Industry Relations Office."
)


class ProblemForm(SubmitHelperMixin, forms.ModelForm):
    submit_label = _("Save draft")

    fields_needed = IdMultipleChoiceField(
        label=_("fields of study needed"),
        queryset=FieldOfStudy.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    duration_weeks = LocalisedIntegerField(
        label=_("expected duration (weeks)"), min_value=1, max_value=52
    )
    desired_team_size = forms.TypedChoiceField(
        label=_("desired team size"), coerce=int, initial=5
    )

    class Meta:
        model = ProblemRequest
        fields = ["title", "description", "fields_needed", "desired_team_size",
                  "urgency", "duration_weeks", "confidential_notes"]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "confidential_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        smallest, largest = (
            settings.PORTAL["TEAM_MIN_SIZE"],
            settings.PORTAL["TEAM_MAX_SIZE"],
        )
        self.fields["desired_team_size"].choices = [
            (n, local_digits(n)) for n in range(smallest, largest + 1)
        ]
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(
                label=capfirst(_("industrial unit")), queryset=units, empty_label=None
            )
            self.order_fields(["unit"])
        self.helper.layout = None

    def values(self):
        """What the problem services take: the unit (when creating), the fields of
        study needed and the problem's own fields."""
        return dict(self.cleaned_data)


class AttachmentForm(FieldsOnlyMixin, forms.Form):
    # Not marked required (it is the form's only field), but checked below.
    file = forms.FileField(
        label=_("attach a file"),
        help_text=_("PDF, image or Office document, at most 10 MB."),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload:
            raise forms.ValidationError(_("Choose a file to upload."), code="required")
        check_document(upload)
        return upload


class MeetingForm(SubmitHelperMixin, forms.ModelForm):
    held_at = JalaliDateTimeField(label=_("date and time"))

    class Meta:
        model = Meeting
        fields = ["held_at", "place", "units", "problems", "attendees", "minutes",
                  "decisions"]  # fmt: skip
        field_classes = {
            "units": IdMultipleChoiceField,
            "problems": IdMultipleChoiceField,
        }
        help_texts = {
            "units": _("Tick every unit at the meeting."),
            "problems": _("The problems of the chosen units appear here."),
        }
        widgets = {
            "units": FilterCheckboxes,
            "problems": forms.CheckboxSelectMultiple,
            "attendees": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = IndustrialUnit.objects.order_by("name")
        # Only problems of the chosen units can be linked; the list follows the
        # choice of units (htmx) and the POST is checked against the same rule.
        self.fields["problems"].queryset = problems_of_units(self.chosen_unit_ids())
        self.fields["units"].widget.box_attrs.update(
            {
                "data-hx-get": reverse("industries:meeting-problem-choices"),
                "data-hx-target": "#div_id_problems",
                "data-hx-select": "#div_id_problems",
                "data-hx-swap": "outerHTML",
                "data-hx-trigger": "change",
                "data-hx-include": f"[name={self.add_prefix('units')}]",
            }
        )

    def chosen_unit_ids(self):
        if self.is_bound:
            ids = (parse_id(pk) for pk in self.data.getlist("units"))
            return [pk for pk in ids if pk is not None]
        if self.instance.pk:
            return list(self.instance.units.values_list("pk", flat=True))
        return []


def problems_of_units(unit_ids):
    return (
        ProblemRequest.objects.filter(unit_id__in=unit_ids)
        .exclude(status=ProblemRequest.Status.DRAFT)
        .select_related("unit")
        .order_by("unit__name", "title")
    )


class BookletForm(SubmitHelperMixin, forms.ModelForm):
    """The office asks for an edition of the industrial booklet."""

    submit_label = _("Make the booklet")

    class Meta:
        model = Booklet
        fields = ["round", "edition", "language"]
        widgets = {"edition": forms.RadioSelect, "language": forms.RadioSelect}
        help_texts = {
            "round": _(
                "A round's booklet holds the problems it had on offer: those its "
                "teams took, and those published by its last day and still open."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].empty_label = _("All rounds (every published problem)")
        # A radio button for each, none of them blank.
        self.fields["edition"].choices = Booklet.Edition.choices
        self.fields["language"].choices = Booklet.Language.choices
        self.initial.setdefault("edition", Booklet.Edition.PUBLIC)
        self.helper.form_action = reverse("industries:booklet-request")
