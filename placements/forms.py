"""The forms of a placement's page: each takes what one person types at one stage;
the services decide whether it may change anything."""

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from partner_portal.formfields import (
    JalaliDateTimeField,
    LocalisedDecimalField,
    LocalisedIntegerField,
)
from partner_portal.forms import (
    FieldsOnlyMixin,
    LocalisedErrorList,
    SubmitHelperMixin,
)
from partner_portal.uploads import check_document

from .models import Document, SolutionProposal


class VisitForm(FieldsOnlyMixin, forms.Form):
    starts_at = JalaliDateTimeField(label=_("date and time"))
    place = forms.CharField(label=_("place"), max_length=200)
    attendees = forms.CharField(
        label=_("attendees"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One person per line."),
    )


class FindingsForm(FieldsOnlyMixin, forms.Form):
    findings = forms.CharField(
        label=_("findings"), widget=forms.Textarea(attrs={"rows": 4})
    )


class DocumentForm(FieldsOnlyMixin, forms.Form):
    """A new document, or a newer version of one already there."""

    # Attachments of a proposal or a progress report are uploaded with it.
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[
            (kind.value, kind.label)
            for kind in (Document.Kind.ASSESSMENT, Document.Kind.OTHER)
        ],
    )
    title = forms.CharField(label=_("title"), max_length=200, required=False)
    document = forms.ModelChoiceField(
        label=_("a newer version of"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("— a new document —"),
    )
    file = forms.FileField(label=_("file"))

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = placement.documents.order_by("title")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_document(upload)
        return upload


class ProposalForm(SubmitHelperMixin, forms.ModelForm):
    submit_label = _("Save the proposal")

    estimated_cost = LocalisedIntegerField(
        label=_("estimated cost (rials)"), min_value=0, required=False
    )
    duration_weeks = LocalisedIntegerField(
        label=_("duration (weeks)"), min_value=1, max_value=52
    )

    attachment = forms.FileField(
        label=_("attachment (optional)"),
        required=False,
        help_text=_(
            "A drawing, a quotation, a calculation: one file each time you save; "
            "the earlier ones stay."
        ),
    )

    class Meta:
        model = SolutionProposal
        fields = ["title", "summary", "approach", "estimated_cost", "duration_weeks",
                  "resources_needed"]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "approach": forms.Textarea(attrs={"rows": 5}),
            "resources_needed": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The plan of milestones is a formset the template lays out after the form.
        self.helper.form_tag = False
        self.helper.inputs = []

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_document(upload)
        return upload

    def values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MilestonePlanForm(FieldsOnlyMixin, forms.Form):
    title = forms.CharField(label=_("milestone"), max_length=200)
    deliverable = forms.CharField(label=_("deliverable"), max_length=300)
    weeks = LocalisedIntegerField(
        label=_("weeks after the start"), min_value=1, max_value=52
    )


class LocalisedFormSet(BaseFormSet):
    def __init__(self, *args, **kwargs):
        # A formset hands its forms Django's own ErrorList, which would leave their
        # errors in Latin digits on Persian pages (PersianInputMixin's is wanted).
        kwargs.setdefault("error_class", LocalisedErrorList)
        super().__init__(*args, **kwargs)


MilestonePlanFormSet = formset_factory(
    MilestonePlanForm,
    formset=LocalisedFormSet,
    extra=2,
    min_num=1,
    validate_min=True,
    max_num=12,
)


class SelectionForm(FieldsOnlyMixin, forms.Form):
    """The manager chooses exactly one proposal (a radio button can only be one)."""

    proposal = forms.ModelChoiceField(
        label=_("the proposal you select"),
        queryset=SolutionProposal.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    rationale = forms.CharField(
        label=_("why this proposal"), widget=forms.Textarea(attrs={"rows": 3})
    )
    internal = forms.BooleanField(
        label=_("for the unit, the supervisor and the office only"),
        required=False,
        help_text=_("The students then read that a proposal was chosen, not why."),
    )

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = placement.proposals.all()


class ProgressForm(FieldsOnlyMixin, forms.Form):
    note = forms.CharField(
        label=_("what was done"), widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("file (optional)"), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_document(upload)
        return upload


SCORES = [(n, n) for n in range(1, 6)]


class EvaluationForm(FieldsOnlyMixin, forms.Form):
    quality = forms.TypedChoiceField(
        label=_("quality of the work"), choices=SCORES, coerce=int
    )
    timeliness = forms.TypedChoiceField(
        label=_("timeliness"), choices=SCORES, coerce=int
    )
    communication = forms.TypedChoiceField(
        label=_("communication"), choices=SCORES, coerce=int
    )
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class GradeForm(FieldsOnlyMixin, forms.Form):
    """One student's grade; the page shows one per member of the team."""

    passed = forms.BooleanField(label=_("passed"), required=False)
    score = LocalisedDecimalField(
        label=_("score (0-20)"), min_value=0, max_value=20, decimal_places=2
    )
    hours = LocalisedIntegerField(label=_("hours worked"), min_value=0, max_value=2000)


class CompletionForm(FieldsOnlyMixin, forms.Form):
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    override = forms.CharField(
        label=_("why it is complete with milestones not confirmed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only needed when some milestones are not confirmed."),
    )
