from django import template
from django.urls import reverse, translate_url
from django.utils import translation

from partner_portal.i18n import display_date, local_digits
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


@register.simple_tag
def sep():
    """The separator of a written list: the Persian comma in Persian."""
    return "، " if translation.get_language() == "fa" else ", "


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
    "success": {"approved", "trained", "active", "open", "completed", "issued"},
    "primary": {"accepted", "assigned", "formation", "signed"},
    "info": {"submitted", "applied", "requested", "planned"},
    "warning": {"returned", "pending_signature"},
    "danger": {"rejected", "failed", "revoked"},
}


@register.inclusion_tag("partials/status_badge.html")
def status_badge(obj, field="status"):
    state = getattr(obj, field)
    style = next(
        (name for name, states in STATUS_STYLES.items() if state in states), "secondary"
    )
    return {"label": getattr(obj, f"get_{field}_display")(), "style": style}
