from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.forms.utils import ErrorList
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .formfields import NumericInput, PhoneInput, PhoneNumberField
from .i18n import list_separator, local_digits_in_text
from .models import User
from .security import canonical_login
from .services import DUPLICATE_EMAIL
from .text import normalize_persian


def capitalise_labels(form):
    # Model verbose names are lower case; a label starts with a capital. And an
    # empty choice reads as an invitation rather than a row of dashes.
    for field in form.fields.values():
        if field.label:
            field.label = capfirst(field.label)
        if getattr(field, "empty_label", None) == "---------":
            field.empty_label = _("Choose…")


class LocalisedErrorList(ErrorList):
    """Error messages with their numbers in the reader's digits, whoever wrote them
    (Django's validators say «بزرگتر و یا مساوی 1»)."""

    def __getitem__(self, i):
        message = super().__getitem__(i)
        localised = local_digits_in_text(message)
        # A message that was safe HTML stays so (entities are &#x…;, never touched).
        return mark_safe(localised) if isinstance(message, SafeData) else localised  # noqa: S308


def is_typed_text(field):
    """A box for text a person types; not a password, an address, a number."""
    widget = field.widget
    return (
        isinstance(field, forms.CharField)
        and not isinstance(field, forms.EmailField | forms.URLField)
        and isinstance(widget, forms.TextInput | forms.Textarea)
        and not isinstance(widget, forms.PasswordInput | NumericInput | PhoneInput)
    )


class PersianInputMixin:
    """Typed text is stored in its normal Persian form (``normalize_persian``:
    Persian yeh and kaf, tidy spaces and ZWNJ) and errors read in the reader's
    digits. Every form of the portal has it, through the helpers below."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_class", LocalisedErrorList)
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = self.normalised_data(self.data)

    def normalised_data(self, data):
        data = data.copy()
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if is_typed_text(field) and isinstance(data.get(key), str):
                multiline = isinstance(field.widget, forms.Textarea)
                data[key] = normalize_persian(data[key], multiline=multiline)
        return data


class SubmitHelperMixin(PersianInputMixin):
    """Gives a form a crispy helper with one submit button."""

    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        capitalise_labels(self)
        self.helper = FormHelper(self)
        self.helper.add_input(Submit("submit", self.submit_label))


class FieldsOnlyMixin(PersianInputMixin):
    """A crispy helper that renders the fields alone, inside a form the template
    writes (several buttons, a table of checkboxes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        capitalise_labels(self)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class FilterFormHelper(FormHelper):
    """Lays a django-filter form out in one responsive row with a Filter button."""

    form_method = "get"
    disable_csrf = True

    def __init__(self, form):
        super().__init__(form)
        capitalise_labels(form)
        self.form_class = "card card-body mb-3 filter-form"
        self.layout = Layout(
            Row(
                *[Column(name, css_class="col-sm-6 col-lg") for name in form.fields],
                Column(
                    StrictButton(
                        _("Filter"), type="submit", css_class="btn btn-primary"
                    ),
                    css_class="col-12 col-lg-auto d-flex align-items-end mb-3",
                ),
                css_class="g-2",
            ),
        )


class LoginForm(SubmitHelperMixin, auth_forms.AuthenticationForm):
    submit_label = _("Log in")

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mail address")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "email"}
        )


class SignupForm(SubmitHelperMixin, auth_forms.UserCreationForm):
    submit_label = _("Create account")

    phone = PhoneNumberField(label=_("phone"), required=False)

    class Meta:
        model = User
        fields = ["full_name", "email", "phone"]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def clean_email(self):
        email = canonical_login(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(DUPLICATE_EMAIL, code="duplicate_email")
        return email


class PasswordChangeForm(SubmitHelperMixin, auth_forms.PasswordChangeForm):
    submit_label = _("Change password")


class PasswordResetForm(SubmitHelperMixin, auth_forms.PasswordResetForm):
    submit_label = _("Send reset link")

    def get_users(self, email):
        """The account of this address, also when it has no password yet (someone
        the office invited whose link expired): reading the mail proves the
        address, and that is all a password here rests on."""
        return User.objects.filter(email=canonical_login(email), is_active=True)


class SetPasswordForm(SubmitHelperMixin, auth_forms.SetPasswordForm):
    submit_label = _("Set password")


class ProfileForm(SubmitHelperMixin, forms.ModelForm):
    phone = PhoneNumberField(label=_("phone"), required=False)

    class Meta:
        model = User
        fields = ["full_name", "phone", "preferred_language"]


class MoveNoteForm(FieldsOnlyMixin, forms.Form):
    """The note box shown with a set of workflow moves, labelled by what they need:
    required for some (a rejection), optional for others (an approval)."""

    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        required = [offer for offer in offers if offer.note == "required"]
        optional = [offer for offer in offers if offer.note == "optional"]
        field = self.fields["note"]
        field.label = capfirst((required or optional)[0].note_label)
        if required and (optional or len(required) < len(offers)):
            field.help_text = _("Required to: %(moves)s.") % {
                "moves": list_separator().join(str(offer.label) for offer in required)
            }


# --- Notification settings ------------------------------------------------------------


class NotificationSettingsForm(SubmitHelperMixin, forms.Form):
    """The kinds of notification a person's roles receive, a group of checkboxes
    per topic, ticked where they want the e-mail too."""

    def __init__(self, *args, kinds, emailed, **kwargs):
        super().__init__(*args, **kwargs)
        by_topic = {}
        for kind in kinds:
            by_topic.setdefault(kind.topic, []).append(kind)
        for topic, its_kinds in by_topic.items():
            name = f"emailed_{topic.slug}"
            self.fields[name] = forms.MultipleChoiceField(
                label=topic.label,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[(kind.name, kind.label) for kind in its_kinds],
            )
            self.initial[name] = [k.name for k in its_kinds if k.name in emailed]
        self.helper.layout = self.helper.build_default_layout(self)

    def emailed_kinds(self):
        return [name for names in self.cleaned_data.values() for name in names]
