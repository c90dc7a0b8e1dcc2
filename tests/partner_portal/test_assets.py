"""The built front-end assets (static/build/, scripts/build_assets.py) match the
sources: every icon the portal draws is in the sprite, every Bootstrap class a
template or a form helper uses survived the purge, and the pages load them."""

import importlib.util
import re

import pytest
from django.template import Context, Template
from django.test import override_settings

from tests.services import BASE_DIR

BUILD = BASE_DIR / "static" / "build"
BOOTSTRAP_DIST = BASE_DIR / "node_modules" / "bootstrap" / "dist" / "css"
REBUILD = "run `.venv/bin/python scripts/build_assets.py` (make assets) and commit"


def build_script():
    spec = importlib.util.spec_from_file_location(
        "build_assets", BASE_DIR / "scripts" / "build_assets.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sprite_ids():
    return set(re.findall(r'<symbol id="([^"]+)"', (BUILD / "icons.svg").read_text()))


def test_the_sprite_holds_exactly_the_icons_the_sources_use():
    used = set(build_script().used_icons())

    assert "person-raised-hand" in used  # a dashboard tile's icon, named in Python
    assert "x-lg" in used  # drawn by static/js/forms.js
    assert used == sprite_ids(), REBUILD


def test_no_template_uses_the_icon_font_any_more():
    sources = [
        *(BASE_DIR / "templates").rglob("*.html"),
        *(BASE_DIR / "static" / "js").glob("*.js"),
    ]
    stale = [str(p) for p in sources if re.search(r"\bbi bi-", p.read_text())]
    assert stale == []


def test_the_icon_tag_draws_the_sprite_symbol():
    html = Template('{% load icons %}{% icon name class="fs-4 text-primary" %}').render(
        Context({"name": "award"})
    )

    assert html == (
        '<span class="bi fs-4 text-primary" aria-hidden="true">'
        '<svg><use href="/static/build/icons.svg#award"></use></svg></span>'
    )


@override_settings(DEBUG=True)
def test_an_icon_missing_from_the_sprite_fails_loudly_while_developing():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError, match="build_assets"):
        Template('{% load icons %}{% icon "no-such-icon" %}').render(Context())


CLASS_ATTRIBUTE = re.compile(r"""class=["']([^"']*)["']""")
PYTHON_CLASSES = re.compile(r"""(?:css_class|field_classes?)\s*=\s*["']([^"']*)["']""")


def used_classes():
    """The class names written out in templates and in the form helpers."""
    names = set()
    for path in (BASE_DIR / "templates").rglob("*.html"):
        for value in CLASS_ATTRIBUTE.findall(path.read_text()):
            # Leave out what a template tag or variable builds ({{ … }}, {% … %}).
            value = re.sub(r"\{[{%].*?[}%]\}", " ", value)
            names.update(
                token for token in value.split() if re.fullmatch(r"[\w-]+", token)
            )
    for app in build_script().APPS:
        for path in (BASE_DIR / app).rglob("*.py"):
            for value in PYTHON_CLASSES.findall(path.read_text()):
                names.update(value.split())
    return names


# A selector of classes only (with pseudo-classes and combinators): `.btn`,
# `.navbar-expand-lg .navbar-nav .dropdown-menu`, `.btn-check:checked+.btn`.
CLASS_SELECTOR = re.compile(r"(?:[\s>+~]*\.[\w-]+(?:::?[\w-]+(?:\([^)]*\))?)*)+\s*")


def class_selectors(path):
    """Each class-only selector of a stylesheet, with the classes it needs."""
    selectors = {}
    for group in re.findall(r"([^{}@;]+)\{", path.read_text()):
        for selector in group.split(","):
            selector = re.sub(r"\s+", " ", selector.strip())
            if CLASS_SELECTOR.fullmatch(selector):
                selectors[selector] = set(re.findall(r"\.([\w-]+)", selector))
    return selectors


@pytest.mark.parametrize("name", ["bootstrap.min.css", "bootstrap.rtl.min.css"])
def test_every_bootstrap_rule_the_markup_can_use_survived_the_purge(name):
    if not (BOOTSTRAP_DIST / name).exists():
        pytest.skip("node_modules is not installed (make setup)")
    used = used_classes()
    kept = class_selectors(BUILD / name)

    assert {"navbar-expand-lg", "dropdown-menu-end", "btn-close"} <= used
    missing = sorted(
        selector
        for selector, classes in class_selectors(BOOTSTRAP_DIST / name).items()
        if classes <= used and selector not in kept
    )
    assert missing == [], f"{missing}: {REBUILD}"
    # And it is much lighter than the whole of Bootstrap.
    assert (BUILD / name).stat().st_size < (BOOTSTRAP_DIST / name).stat().st_size / 2.5


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_public_page_loads_only_the_light_assets(client, prefix):
    html = client.get(prefix + "/").text

    assert '<meta name="description" content="' in html
    assert "/static/build/bootstrap" in html
    assert 'rel="preload"' in html and ".woff2" in html
    assert "bootstrap-icons" not in html  # the icon font
    assert "bootstrap.bundle" not in html  # Bootstrap's script: static/js/portal.js
    assert "htmx" not in html.split("</head>")[1]  # nobody logged in: nothing swaps
    assert '<span class="bi"' in html and "icons.svg#gear-wide-connected" in html
