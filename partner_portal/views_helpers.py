"""What the apps' views share: running one service from a POST, and filtered,
sorted, paginated lists."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django_filters.views import FilterView

from .forms import FilterFormHelper, LocalisedErrorList


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
