import hashlib

from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from partner_portal.formfields import LocalisedIntegerField
from partner_portal.forms import FieldsOnlyMixin, SubmitHelperMixin
from teams.models import Round

from .models import CODE_LENGTH, normalize_code


class HoursForm(SubmitHelperMixin, forms.Form):
    submit_label = _("Change the hours")

    credit_hours = LocalisedIntegerField(
        label=_("internship credit (hours)"), min_value=1
    )
    note = forms.CharField(
        label=_("why the hours change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the certificate's history."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["credit_hours"]
        field.max_value = settings.PORTAL["CERTIFICATES"]["MAX_HOURS"]
        field.validators.append(MaxValueValidator(field.max_value))


class BatchForm(FieldsOnlyMixin, forms.Form):
    round = forms.ModelChoiceField(label=_("round"), queryset=Round.objects.all())
    again = forms.BooleanField(
        label=_("Render the issued certificates again too"), required=False
    )


class VerifyForm(SubmitHelperMixin, forms.Form):
    submit_label = _("Check the code")

    code = forms.CharField(
        label=_("verification code"),
        max_length=64,
        help_text=_("Printed under the QR code, e.g. 7K3M-9Q2W-8R4T-6Y1Z-5V0B-8N2D."),
        widget=forms.TextInput(
            attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False

    def clean_code(self):
        code = normalize_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                _("A verification code has %(length)s letters and digits."),
                code="code_length",
                params={"length": CODE_LENGTH},
            )
        return code


# A certificate PDF is a few dozen kilobytes; anything much larger is not one.
PDF_CHECK_MAX_BYTES = 2 * 1024 * 1024


class PdfCheckForm(SubmitHelperMixin, forms.Form):
    submit_label = _("Check the PDF")

    pdf = forms.FileField(
        label=_("certificate PDF"),
        help_text=_("The file is compared with the issued certificates, not kept."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        # Beside the code form on one page: its button needs an id of its own.
        self.helper.inputs = [
            Submit("check", self.submit_label, css_id="submit-id-check-pdf")
        ]

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > PDF_CHECK_MAX_BYTES:
            raise forms.ValidationError(
                _("This file is too large to be a certificate (at most 2 MB)."),
                code="too_large",
            )
        data = b"".join(upload.chunks())
        # Only compared, never stored nor opened: its first bytes are enough.
        if not data.startswith(b"%PDF-"):
            raise forms.ValidationError(_("This file is not a PDF."), code="not_pdf")
        return hashlib.sha256(data).hexdigest()
