"""What the apps' views share: running one service from a POST, filtered, sorted,
paginated lists, redirects that stay on this site, and serving stored files."""

import hashlib
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_filters.views import FilterView

from .caching import cached
from .formfields import without_controls
from .forms import FilterFormHelper, LocalisedErrorList
from .security import log_value
from .workflow import workflow_of

logger = logging.getLogger("portal.files")

# A page with a form: GET shows it, POST sends it; no other method is accepted.
require_form_methods = require_http_methods(["GET", "HEAD", "POST"])


class FormMethodsMixin:
    """For class-based form views (which would take PUT like POST). The method is
    refused before anything else the view's dispatch does."""

    http_method_names = ["get", "head", "post"]

    @classmethod
    def as_view(cls, **initkwargs):
        return require_form_methods(super().as_view(**initkwargs))


def posted_text(request, name):
    """A free-text note posted with a decision (a comment, a reason)."""
    return without_controls(request.POST.get(name, ""), keep_lines=True).strip()


def open_stored_file(field):
    """A stored upload opened for reading; a file gone from the disk (a restored
    database without its media, say) is a 404 and an error in the log, not a 500."""
    try:
        return field.open("rb")
    except OSError:
        logger.error("stored file missing: %s", log_value(field.name))
        raise Http404 from None


def same_site_path(target):
    """``target`` if it is a path on this site ("/teams/?page=2"), else None: never
    another site ("//x", "/\\x", "https://x"), nor a word ``redirect`` would take
    for a URL name ("-1", "x")."""
    if (
        not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or without_controls(target) != target
        or not url_has_allowed_host_and_scheme(target, allowed_hosts=None)
    ):
        return None
    return target


def run_service(request, service, *, success_message, **kwargs):
    """Call ``service(**kwargs)``; a refusal (ValidationError) becomes an error
    message and changes nothing. Returns the service's result, or None if refused."""
    try:
        result = service(**kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    messages.success(request, success_message)
    return result


# Where redirect_refused leaves a form's errors for the page that shows the form.
REFUSED_FORMS = "refused_forms"


def redirect_refused(request, form, to, *, key):
    """Post/Redirect/Get for a refused form that lives on another page (an upload
    box on an object's page): the errors ride in the session to that page, which
    shows them next to the fields (``with_refused_errors``), and reloading it
    does not post again."""
    refused = request.session.get(REFUSED_FORMS, {})
    refused[key] = {
        field: [error["message"] for error in errors]
        for field, errors in form.errors.get_json_data().items()
    }
    request.session[REFUSED_FORMS] = refused
    return redirect(to)


def with_refused_errors(request, form, *, key):
    """``form`` (unbound) with the errors ``redirect_refused`` left for it; shown
    once."""
    refused = request.session.get(REFUSED_FORMS)
    if not refused or key not in refused:
        return form
    errors = refused.pop(key)
    request.session[REFUSED_FORMS] = refused
    for field, messages_ in errors.items():
        form.errors[field] = form.error_class(messages_, renderer=form.renderer)
    return form


def make_move(request, obj, name):
    """Make workflow move ``name`` on ``obj`` as the person posting, through the
    move's named service, with the posted note. A refusal becomes an error message
    and changes nothing; a person who may not make the move gets 403."""
    workflow = workflow_of(obj)
    if name not in workflow.moves:
        raise Http404
    try:
        moved = workflow.run(
            name, obj, actor=request.user, note=posted_text(request, "note")
        )
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return None
    messages.success(request, workflow[name].done_message(moved))
    return moved


class CachedCountPaginator(Paginator):
    """A paginator whose count (a COUNT(*) over up to 70,000 rows on every page
    of a list) is kept in the cache under the program data's version: the same
    query counts once per change of the program (caching.py)."""

    @cached_property
    def count(self):
        uncached = Paginator.count.func
        try:
            sql = str(self.object_list.query)
        except Exception:  # an empty result, or not a queryset
            return uncached(self)
        return cached(
            "list-count",
            lambda: uncached(self),
            settings.PORTAL["FIGURES_CACHE_SECONDS"],
            hashlib.sha256(sql.encode()).hexdigest(),
        )


class PortalFilterView(FilterView):
    """A django-filter list with the portal's filter form layout, 25 rows a page."""

    paginate_by = 25
    paginator_class = CachedCountPaginator
    # An invalid filter shows its error next to the field instead of an empty list.
    strict = False

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        filterset.form.error_class = LocalisedErrorList
        filterset.form.helper = FilterFormHelper(filterset.form)
        return filterset
