from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from .models import User


class SubmitHelperMixin:
    """Gives a form a crispy helper with one submit button."""

    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.add_input(Submit("submit", self.submit_label))


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
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address already exists."),
                code="duplicate_email",
            )
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
