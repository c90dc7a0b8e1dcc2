from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from industries.models import Cluster
from partner_portal.formfields import (
    IdMultipleChoiceField,
    JalaliDateField,
    JalaliDateTimeField,
    LocalisedIntegerField,
    NumericInput,
)
from partner_portal.forms import FieldsOnlyMixin, SubmitHelperMixin
from partner_portal.i18n import latin_digits, local_digits
from partner_portal.models import FieldOfStudy, Level

from .models import (
    FIRST_ENTRY_YEAR,
    LAST_ENTRY_YEAR,
    Professor,
    Round,
    Student,
    TrainingSession,
    interest_ranks,
    rank_label,
    validate_student_number,
)


class StudentNumberField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("student number"),
            max_length=9,
            validators=[validate_student_number],
            widget=NumericInput(attrs={"autocomplete": "off"}),
            **kwargs,
        )

    def to_python(self, value):
        return latin_digits(super().to_python(value)).strip()


class StudentRecordMixin:
    """Checks of a study record that need more than one field, or the database."""

    def check_student_record(self, cleaned, user=None):
        student = Student(
            student_number=cleaned.get("student_number") or "",
            field=cleaned.get("field"),
            level=cleaned.get("level") or "",
            entry_year=cleaned.get("entry_year"),
        )
        try:
            student.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(name, message)
        number = cleaned.get("student_number")
        taken = Student.objects.filter(student_number=number)
        if user is not None:
            taken = taken.exclude(user=user)
        if number and taken.exists():
            self.add_error(
                "student_number", _("Another student already has this number.")
            )


class EnrolmentForm(StudentRecordMixin, SubmitHelperMixin, forms.Form):
    submit_label = _("Enrol")

    student_number = StudentNumberField()
    field = forms.ModelChoiceField(
        label=_("field of study"), queryset=FieldOfStudy.objects.all()
    )
    level = forms.ChoiceField(label=_("level"), choices=Level.choices)
    entry_year = LocalisedIntegerField(
        label=_("entry year"),
        min_value=FIRST_ENTRY_YEAR,
        max_value=LAST_ENTRY_YEAR,
        help_text=_("The Jalali year you entered the university, e.g. 1402."),
    )
    skills = forms.CharField(
        label=_("skills"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tools, languages, lab or workshop skills."),
    )
    weekly_hours = LocalisedIntegerField(
        label=_("weekly availability (hours)"), min_value=1, max_value=40
    )
    motivation = forms.CharField(
        label=_("motivation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why do you want to work with industry? What do you hope to learn?"
        ),
    )
    preferred_clusters = IdMultipleChoiceField(
        label=_("preferred industrial clusters"),
        queryset=Cluster.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        self.check_student_record(cleaned, user=self.user)
        return cleaned

    def student_data(self):
        return {k: self.cleaned_data[k] for k in ("student_number", "field", "level",
                                                  "entry_year")}  # fmt: skip

    def enrolment_data(self):
        return {
            k: self.cleaned_data[k] for k in ("skills", "weekly_hours", "motivation")
        }


class DecisionForm(FieldsOnlyMixin, forms.Form):
    """IRO's decision on the enrolments ticked in the queue."""

    DECISIONS = [("accept", _("Accept")), ("reject", _("Reject"))]

    # Ticked in the table of the queue, one checkbox per row.
    enrolments = IdMultipleChoiceField(
        queryset=None,
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Tick at least one enrolment.")},
    )
    decision = forms.ChoiceField(label=_("decision"), choices=DECISIONS)
    note = forms.CharField(
        label=_("note to the students"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to reject."),
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolments"].queryset = queryset


class RoundForm(SubmitHelperMixin, forms.ModelForm):
    starts_on = JalaliDateField(label=_("starts on"))
    ends_on = JalaliDateField(label=_("ends on"))

    class Meta:
        model = Round
        fields = ["name_fa", "name_en", "starts_on", "ends_on"]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("A round cannot end before it starts."))
        elif starts and ends and self.instance.pk:
            self.check_sessions_stay_inside(starts, ends)
        return cleaned

    def check_sessions_stay_inside(self, starts, ends):
        sessions = self.instance.training_sessions.only("starts_at")
        outside = sum(
            1
            for session in sessions
            if not starts <= timezone.localdate(session.starts_at) <= ends
        )
        if outside:
            self.add_error(
                None,
                ngettext(
                    "%(n)s training session of this round would fall outside these "
                    "dates; move it first.",
                    "%(n)s training sessions of this round would fall outside these "
                    "dates; move them first.",
                    outside,
                )
                % {"n": local_digits(outside)},
            )


class TrainingSessionForm(SubmitHelperMixin, forms.ModelForm):
    starts_at = JalaliDateTimeField(label=_("date and time"))
    capacity = LocalisedIntegerField(label=_("capacity"), min_value=1, max_value=1000)

    class Meta:
        model = TrainingSession
        fields = ["round", "title", "starts_at", "place", "capacity", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.exclude(
            status=Round.Status.CLOSED
        )
        if not self.instance.pk:
            self.fields["round"].initial = Round.open_round()


class AttendanceForm(FieldsOnlyMixin, forms.Form):
    present = IdMultipleChoiceField(
        label=_("present"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.queryset = candidates
        # Isolated, so a Persian name and a number keep their order on English pages.
        field.label_from_instance = lambda enrolment: format_html(
            "<bdi>{}</bdi> · <bdi>{}</bdi>",
            enrolment.student.user.full_name,
            local_digits(enrolment.student.student_number),
        )


class ProfessorForm(SubmitHelperMixin, forms.ModelForm):
    capacity = LocalisedIntegerField(
        label=_("capacity (concurrent teams)"), min_value=1, max_value=10
    )

    class Meta:
        model = Professor
        fields = ["department", "expertise", "expertise_notes", "capacity"]
        widgets = {
            "expertise": forms.CheckboxSelectMultiple,
            "expertise_notes": forms.Textarea(attrs={"rows": 3}),
        }


class ProfessorProfileForm(ProfessorForm):
    """What professors keep up to date themselves; capacity is the office's call."""

    capacity = None

    class Meta(ProfessorForm.Meta):
        fields = ["department", "expertise", "expertise_notes"]


class ProfessorInviteForm(SubmitHelperMixin, forms.Form):
    submit_label = _("Add professor")

    full_name = forms.CharField(label=_("full name"), max_length=150)
    email = forms.EmailField(label=_("e-mail address"))
    department = forms.CharField(label=_("department"), max_length=150)
    expertise = IdMultipleChoiceField(
        label=_("fields of expertise"),
        queryset=FieldOfStudy.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    capacity = LocalisedIntegerField(
        label=_("capacity (concurrent teams)"),
        min_value=1,
        max_value=10,
        initial=settings.PORTAL["PROFESSOR_CAPACITY"],
    )
    language = forms.ChoiceField(
        label=_("language of the invitation"), choices=settings.LANGUAGES
    )


class InterestForm(FieldsOnlyMixin, forms.Form):
    """A rank for one problem. ``taken`` ({rank: title of the problem there}) names
    the choices that would give way; ``replace`` says the student agreed to that."""

    rank = forms.TypedChoiceField(label=_("your choice"), coerce=int)
    replace = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, taken=None, confirming=False, **kwargs):
        super().__init__(*args, **kwargs)
        taken = taken or {}
        self.fields["rank"].choices = [
            (rank, self.rank_choice(rank, taken.get(rank))) for rank in interest_ranks()
        ]
        if confirming:
            self.fields["rank"].widget = forms.HiddenInput()
            self.initial["replace"] = True

    @staticmethod
    def rank_choice(rank, title):
        if title is None:
            return rank_label(rank)
        return _("%(choice)s (now: %(title)s)") % {
            "choice": rank_label(rank),
            "title": Truncator(title).chars(40),
        }


class StudentImportForm(SubmitHelperMixin, forms.Form):
    submit_label = _("Import")

    round = forms.ModelChoiceField(
        label=_("round"), queryset=Round.objects.exclude(status=Round.Status.CLOSED)
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("A UTF-8 CSV file with the columns shown above."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].initial = Round.open_round()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise ValidationError(_("A student list may be at most 2 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The file is not UTF-8 text. Save it as “CSV UTF-8”.")
            ) from None
