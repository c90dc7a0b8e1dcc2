"""What the apps' views share: running one service from a POST, and filtered,
sorted, paginated lists."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.views.decorators.http import require_http_methods
from django_filters.views import FilterView

from .forms import FilterFormHelper, LocalisedErrorList
from .workflow import workflow_of

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
    return request.POST.get(name, "").strip()


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


class PortalFilterView(FilterView):
    """A django-filter list with the portal's filter form layout, 25 rows a page."""

    paginate_by = 25
    # An invalid filter shows its error next to the field instead of an empty list.
    strict = False

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        filterset.form.error_class = LocalisedErrorList
        filterset.form.helper = FilterFormHelper(filterset.form)
        return filterset
