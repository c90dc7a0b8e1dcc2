"""``{% icon "name" %}``: a Bootstrap icon drawn from the portal's SVG sprite.

    {% load icons %}
    {% icon "x-circle" %}
    {% icon tile.icon class="fs-4 text-primary" %}

renders ``<span class="bi …" aria-hidden="true"><svg><use href="…/icons.svg#x-circle">
</use></svg></span>``: the <span> takes the place of Bootstrap Icons' old
<i class="bi …"> (the same box in a line of text or in a flex row), the <svg> that of
its glyph. The sprite (static/build/icons.svg) holds only the icons the portal uses:
scripts/build_assets.py reads their names from the sources (``{% icon "…" %}``,
``icon="…"`` in Python, ``icon("…")`` in static/js); a new icon needs that script
run (tests/partner_portal/test_assets.py says so). Icons are decoration: what one
means is also written out in words.
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
        '<span class="{}" aria-hidden="true">'
        '<svg><use href="{}#{}"></use></svg></span>',
        css_class,
        static(SPRITE),
        name,
    )
