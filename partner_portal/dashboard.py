"""Each role's dashboard is made of panels that the apps register.

``partner_portal`` cannot import the apps that come after it, so they add their panels
from their ``AppConfig.ready``: a template and a function giving its context.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[HttpRequest], dict] | None
    order: int


_panels: dict[str, list[Panel]] = defaultdict(list)


def register_panel(role, template, context=None, order=100):
    panels = _panels[role]
    if any(panel.template == template for panel in panels):
        return
    panels.append(Panel(template=template, context=context, order=order))
    panels.sort(key=lambda panel: panel.order)


def panels_for(role, request):
    """The role's panels as (template, context) pairs, in order."""
    return [
        (panel.template, panel.context(request) if panel.context else {})
        for panel in _panels[role]
    ]
