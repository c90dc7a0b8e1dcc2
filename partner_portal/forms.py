from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import User
from .security import canonical_login
from .services import DUPLICATE_EMAIL


def capitalise_labels(form):
    # Model verbose names are lower case; a label starts with a capital. And an
    # empty choice reads as an invitation rather than a row of dashes.
    for field in form.fields.values():
        if field.label:
            field.label = capfirst(field.label)
        if getattr(field, "empty_label", None) == "---------":
            field.empty_label = _("Choose…")


class SubmitHelperMixin:
    """Gives a form a crispy helper with one submit button."""

    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        capitalise_labels(self)
        self.helper = FormHelper(self)
        self.helper.add_input(Submit("submit", self.submit_label))


class FieldsOnlyMixin:
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


class SetPasswordForm(SubmitHelperMixin, auth_forms.SetPasswordForm):
    submit_label = _("Set password")


class ProfileForm(SubmitHelperMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "preferred_language"]
