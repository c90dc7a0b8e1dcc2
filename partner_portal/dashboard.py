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


# --- Stat tiles: what needs the person now, each a link to the list behind it --------


@dataclass(frozen=True)
class Tile:
    label: str
    value: object  # a number, or a short text (a state, a date)
    url: str
    icon: str = "circle"
    # Something waits on the person (shown highlighted).
    attention: bool = False
    # A line under the value (e.g. "of 2 sessions").
    detail: str = ""


_tiles: dict[str, list[tuple[int, Callable]]] = defaultdict(list)


def register_tiles(role, tiles, order=100):
    """``tiles(request)`` gives the role's tiles of one app, in order."""
    if any(registered is tiles for _order, registered in _tiles[role]):
        return
    _tiles[role].append((order, tiles))
    _tiles[role].sort(key=lambda entry: entry[0])


def tiles_for(role, request):
    return [tile for _order, tiles in _tiles[role] for tile in tiles(request)]


# --- Recent activity: the audit trail of what concerns the person ---------------------

RECENT_SHOWN = 8
_activity: dict[str, list[Callable]] = defaultdict(list)


def register_activity(role, scope):
    """``scope(user)`` gives ``(model, queryset of its pks)`` pairs: the objects
    whose changes the person sees in their recent activity. A role without any
    registered scope (the office) sees every change."""
    if scope not in _activity[role]:
        _activity[role].append(scope)


def recent_activity(role, user, limit=RECENT_SHOWN):
    """The latest audit events of the objects that concern ``user`` in ``role``,
    with their targets loaded: one query for the events and one per kind of object
    the role sees, whichever kinds the latest events happen to be about (so the
    dashboard asks the same queries whatever the data)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from .models import AuditEvent
    from .workflow import WORKFLOWS

    events = AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")
    if _activity[role]:
        kinds = []
        condition = Q(pk__in=[])
        for scope in _activity[role]:
            for model, pks in scope(user):
                kinds.append(model)
                condition |= Q(
                    target_type=ContentType.objects.get_for_model(model),
                    target_id__in=pks,
                )
        events = events.filter(condition)
    else:
        kinds = list(WORKFLOWS)
    events = list(events[:limit])
    wanted = defaultdict(set)
    for event in events:
        wanted[event.target_type_id].add(event.target_id)
    type_ids = list(
        dict.fromkeys(ContentType.objects.get_for_model(m).pk for m in kinds)
    )
    type_ids += [type_id for type_id in wanted if type_id not in type_ids]
    targets = {}
    for type_id in type_ids:
        model = ContentType.objects.get_for_id(type_id).model_class()
        related = getattr(model, "ACTIVITY_RELATED", ())
        # pk 0 never exists: a kind without events still costs its one query.
        ids = list(wanted.get(type_id, ())) or [0]
        for target in model._default_manager.select_related(*related).filter(
            pk__in=ids
        ):
            targets[(type_id, target.pk)] = target
    for event in events:
        # get_for_id is cached: no query per event.
        model = ContentType.objects.get_for_id(event.target_type_id).model_class()
        event.target_kind = model._meta.verbose_name
        event.loaded_target = targets.get((event.target_type_id, event.target_id))
        event.target_url = target_url(event.loaded_target)
    return events


def target_url(target):
    if target is None or not hasattr(target, "get_absolute_url"):
        return ""
    return target.get_absolute_url()
