"""The summary of a failed form's errors, shown above it (GOV.UK's error summary):
every message once, each leading to the field it is about.

templates/bootstrap5/errors.html gives every form crispy draws its summary. A page
that draws a form and a formset in one <form> turns those off
(``{% with error_summary=False %}``) and shows one summary for both:
``{% error_summary form formset %}``.
"""

from django import template
from django.utils.translation import gettext as _

from partner_portal.i18n import local_digits

register = template.Library()


def error_target(field):
    """The id a link to ``field``'s errors leads to: its input, or for a list of
    choices (whose label is a legend) its first choice; crispy's wrapper of the
    field when the list has none."""
    if field.id_for_label:
        return field.id_for_label
    if not field.auto_id:
        return ""
    first = next(iter(field.subwidgets), None)
    return (first and first.id_for_label) or f"div_{field.auto_id}"


def summary_items(form, row=None):
    """(link target or "", label, message) for each error of ``form``: the
    form-wide ones first, then the fields' in the order the form shows them. A
    hidden field has nothing to lead to, and nowhere else shows its errors. In a
    formset, the labels say which ``row``."""
    items = [("", "", message) for message in form.non_field_errors()]
    for field in form:
        target = "" if field.is_hidden else error_target(field)
        label = field.label
        if row is not None:
            label = _("%(label)s, row %(row)s") % {
                "label": label,
                "row": local_digits(row),
            }
        items += [(target, label, message) for message in field.errors]
    return items


@register.inclusion_tag("partials/form_errors.html")
def error_summary(*forms):
    """The summary of the errors of ``forms``: forms and formsets (a formset's own
    errors, then each of its forms')."""
    items = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        if hasattr(form, "non_form_errors"):
            items += [("", "", message) for message in form.non_form_errors()]
            for row, member in enumerate(form, start=1):
                items += summary_items(member, row)
        else:
            items += summary_items(form)
    return {"items": items}
