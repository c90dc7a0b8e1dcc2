"""The office's program figures: charts over the registered figures, by round."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from .access import role_required
from .figures import compute_all, scope_choices, scope_for
from .forms import PersianInputMixin
from .models import Role


class ScopeForm(PersianInputMixin, forms.Form):
    round = forms.TypedChoiceField(
        label=_("round"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [("", _("All rounds")), *scope_choices()]


@require_safe
@role_required(Role.IRO)
def figures(request):
    form = ScopeForm(request.GET or None)
    # An unknown round shows every round, with the form saying why.
    round_id = form.cleaned_data["round"] if form.is_valid() else None
    scope = scope_for(round_id)
    return render(
        request,
        "partner_portal/figures.html",
        {"form": form, "scope": scope, "figures": compute_all(scope)},
    )
