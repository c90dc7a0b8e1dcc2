from django import template
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html

from partner_portal.exports import EXPORT_PARAMETERS
from partner_portal.formfields import canonical_phone, phone_groups
from partner_portal.i18n import (
    display_date,
    isolate,
    list_separator,
    local_digits,
    local_digits_in_text,
)
from partner_portal.notifications import notification_text

register = template.Library()


@register.filter
def jdate(value, style="short"):
    """A date or datetime as the reader expects it: Jalali with Persian digits in
    Persian, Gregorian in English. Styles: short, long, datetime, time."""
    return display_date(value, style)


@register.filter
def digits(value):
    """Numbers in the reader's digits (Persian digits in Persian)."""
    return local_digits(value)


@register.filter
def decimal_digits(value):
    """A number with one fraction digit, in the reader's digits and decimal
    separator (۴٫۲ in Persian, 4.2 in English)."""
    try:
        text = f"{float(value):.1f}"
    except (TypeError, ValueError):
        return value
    if translation.get_language() == "fa":
        text = text.replace(".", "٫")
    return local_digits(text)


@register.filter
def bdi(value):
    """A person's value set apart from the sentence around it, for
    {% blocktranslate with name=x|bdi %}: a Persian name in an English sentence (or
    the reverse) keeps its place."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter(name="isolate")
def isolate_filter(value):
    """The same where no tag may go (an attribute, a page title, plain text)."""
    return isolate(value)


@register.filter
def digits_in_text(value):
    """A sentence's numbers in the reader's digits; e-mail addresses, links and
    codes (words with Latin letters) as written."""
    return local_digits_in_text(value)


@register.filter
def phone(value):
    """A phone number to read and to call: grouped, in the reader's digits, left to
    right in Persian pages too."""
    if not value:
        return ""
    number = canonical_phone(value)
    if number is None:  # typed before numbers were checked
        return format_html('<span dir="ltr">{}</span>', local_digits(value))
    return format_html(
        '<a href="tel:+98{}" dir="ltr" class="text-nowrap">{}</a>',
        number[1:],
        local_digits(phone_groups(number)),
    )


@register.simple_tag
def sep():
    """The separator of a written list: the Persian comma in Persian."""
    return list_separator()


@register.simple_tag(takes_context=True)
def language_url(context, language_code):
    """This page's address in another language (query string kept); always a path
    on this site. (A request for ``//evil.example/`` would otherwise give the
    protocol-relative link ``//evil.example/en/``.)"""
    request = context.get("request")
    if request is None:
        return "/"
    url = translate_url("/" + request.get_full_path().lstrip("/\\"), language_code)
    if not url.startswith("/") or url.startswith(("//", "/\\")):
        with translation.override(language_code):
            return reverse("landing")
    return url


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (``None`` drops one):
    for pagination and sort links that keep the active filters."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def notification_message(notification):
    return notification_text(notification)


# The badge colour of each workflow state, whatever the model.
STATUS_STYLES = {
    "success": {
        "approved",
        "trained",
        "active",
        "open",
        "completed",
        "issued",
        "confirmed",
        "published",
    },
    "primary": {
        "accepted",
        "assigned",
        "formation",
        "signed",
        "dispatched",
        "assessment",
        "proposal",
        "execution",
    },
    "info": {"submitted", "applied", "requested", "planned", "proposed", "rendering"},
    "warning": {"returned", "pending_signature", "selection", "reported", "forming"},
    "danger": {"rejected", "failed", "revoked"},
}


@register.inclusion_tag("partials/status_badge.html")
def status_badge(obj, field="status"):
    state = getattr(obj, field)
    style = next(
        (name for name, states in STATUS_STYLES.items() if state in states), "secondary"
    )
    return {"label": getattr(obj, f"get_{field}_display")(), "style": style}


# Parameters that page or sort a list without narrowing it.
NOT_FILTERS = {"page", "order"}


@register.filter
def filters_active(query):
    """Whether a list's query string (``request.GET``) narrows it: some filter or
    search has a value, so "Clear filters" means something."""
    return any(
        value.strip()
        for key, values in query.lists()
        if key not in NOT_FILTERS
        for value in values
    )


@register.simple_tag(takes_context=True)
def export_query(context, file_format=None):
    """The list's filters for its export link (the page dropped), with the file
    chosen: ``?round=3&as=xlsx``."""
    query = context["request"].GET.copy()
    for key in EXPORT_PARAMETERS:
        query.pop(key, None)
    if file_format:
        query["as"] = file_format
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


@register.simple_tag(takes_context=True)
def filter_form(context, filterset):
    """A list's filter form, rendered by crispy once per change of the program's
    data and per query string: its options (clusters, towns, fields of study,
    rounds…) are the same for everyone who sees the same fields, and rendering
    every <option> through Django's widget templates was the largest single cost
    of a list page."""
    import hashlib
    from urllib.parse import urlencode

    from crispy_forms.utils import render_crispy_form
    from django.conf import settings
    from django.utils.safestring import mark_safe

    from partner_portal.caching import cached

    request = context["request"]
    form = filterset.form
    query = sorted(
        (key, value) for key, values in request.GET.lists() for value in values
    )
    fields = ",".join(form.fields)
    html = cached(
        "filter-form",
        lambda: str(render_crispy_form(form, context=context.flatten())),
        settings.PORTAL["FIGURES_CACHE_SECONDS"],
        type(filterset).__name__,
        request.path,
        fields,
        hashlib.sha256(urlencode(query).encode()).hexdigest(),
    )
    return mark_safe(html)  # noqa: S308 -- crispy's own output, escaped by it
