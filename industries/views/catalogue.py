"""The public catalogue of approved problems: no login, no confidential field."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe

from partner_portal.views_helpers import PortalFilterView

from ..filters import CatalogueFilter
from ..models import Booklet, ProblemRequest


def catalogue_queryset():
    return ProblemRequest.objects.catalogue()


@method_decorator(login_not_required, name="dispatch")
class CatalogueView(PortalFilterView):
    filterset_class = CatalogueFilter
    template_name = "industries/catalogue.html"

    def get_queryset(self):
        return catalogue_queryset().order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["booklet"] = Booklet.objects.latest_public(translation.get_language())
        return context


@require_safe
@login_not_required
def catalogue_detail(request, pk):
    problem = get_object_or_404(catalogue_queryset(), pk=pk)
    return render(request, "industries/catalogue_detail.html", {"problem": problem})
