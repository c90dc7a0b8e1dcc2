"""``{% icon "name" %}``: a Bootstrap icon drawn from the portal's SVG sprite.

    {% load icons %}
    {% icon "x-circle" %}
    {% icon tile.icon class="fs-4 text-primary" %}

renders ``<svg class="bi …" aria-hidden="true"><use href="…/icons.svg#x-circle">
</use></svg>``. The sprite (static/build/icons.svg) holds only the icons the portal
uses: scripts/build_assets.py reads the names from the sources (``{% icon "…" %}``,
``icon="…"`` in Python, ``icon("…")`` in static/js) and builds it; an icon added
here needs that script run (tests/partner_portal/test_assets.py says so). Icons are
decoration: a meaning they carry is also written out in words.
"""

import re
from functools import cache
from pathlib import Path

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

SPRITE = "build/icons.svg"


@cache
def sprite_icons():
    """The icon names in the sprite (its symbols' ids)."""
    path = finders.find(SPRITE)
    if path is None:
        return frozenset()
    return frozenset(re.findall(r'<symbol id="([^"]+)"', Path(path).read_text()))


@register.simple_tag
def icon(name, **attributes):
    if settings.DEBUG and name not in sprite_icons():
        raise template.TemplateSyntaxError(
            f"No icon {name!r} in static/{SPRITE}: run scripts/build_assets.py"
        )
    css_class = " ".join(filter(None, ["bi", attributes.get("class", "")]))
    return format_html(
        '<svg class="{}" aria-hidden="true"><use href="{}#{}"></use></svg>',
        css_class,
        static(SPRITE),
        name,
    )
