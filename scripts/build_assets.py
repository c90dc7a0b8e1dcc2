"""Build the portal's light front-end assets into static/build/ (committed).

    .venv/bin/python scripts/build_assets.py          # or: make assets

Run it after adding an icon, a Bootstrap class that no template used before, or
after upgrading bootstrap, bootstrap-icons or vazirmatn in package.json;
tests/partner_portal/test_assets.py fails until it is run. It writes:

- icons.svg: an SVG sprite of the Bootstrap Icons the portal uses, one <symbol> per
  icon (ids are the icon names), drawn by the `{% icon %}` template tag. The names
  are read from the sources: `{% icon "name" %}` in templates, `icon="name"` in
  Python (the dashboard tiles), `icon("name")` in static/js.
- vazirmatn-arabic.woff2 and vazirmatn-latin.woff2: Vazirmatn's variable font cut to
  the weights the portal's CSS uses (400 to 700: text, headings at 500, labels at
  600, bold) and split in two subsets, Persian (the Arabic letters Persian uses,
  Persian digits and punctuation, the joiners and direction marks) and Latin basics.
  The browser downloads a subset only when the page has a character in its
  unicode-range (static/css/portal.css).
- bootstrap.min.css and bootstrap.rtl.min.css: Bootstrap's CSS with only the
  selectors the templates, the Python code (form helpers, widgets, crispy-forms'
  Bootstrap 5 templates) and the scripts can use (PurgeCSS, scripts/purge_css.cjs).
"""

import argparse
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

BASE_DIR = Path(__file__).resolve().parent.parent
NODE_MODULES = BASE_DIR / "node_modules"
OUT = BASE_DIR / "static" / "build"
APPS = ["partner_portal", "industries", "teams", "placements", "certificates"]


def say(line):
    sys.stdout.write(line + "\n")


def package_version(name):
    return json.loads((NODE_MODULES / name / "package.json").read_text())["version"]


# --- Icons ----------------------------------------------------------------------------

ICON_PATTERNS = {
    "*.html": re.compile(r"""\{%\s*icon\s+["']([a-z0-9-]+)["']"""),
    "*.py": re.compile(r"""\bicon(?:\s*:\s*str)?\s*=\s*["']([a-z0-9-]+)["']"""),
    "*.js": re.compile(r"""\bicon\(\s*["']([a-z0-9-]+)["']"""),
}


def icon_sources():
    yield from (BASE_DIR / "templates").rglob("*.html")
    for app in APPS:
        yield from (BASE_DIR / app).rglob("*.html")
        yield from (
            path
            for path in (BASE_DIR / app).rglob("*.py")
            if "migrations" not in path.parts
        )
    yield from (BASE_DIR / "static" / "js").rglob("*.js")


def used_icons():
    names = set()
    for path in icon_sources():
        pattern = ICON_PATTERNS["*" + path.suffix]
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


def build_sprite(names):
    svg_ns = "http://www.w3.org/2000/svg"
    ElementTree.register_namespace("", svg_ns)
    symbols = []
    for name in names:
        source = NODE_MODULES / "bootstrap-icons" / "icons" / f"{name}.svg"
        if not source.exists():
            raise SystemExit(f"No Bootstrap icon named {name!r} ({source}).")
        # The pinned npm package's own files, not untrusted input.
        root = ElementTree.fromstring(source.read_text(encoding="utf-8"))  # noqa: S314
        inner = "".join(
            ElementTree.tostring(child, encoding="unicode").replace(
                f' xmlns="{svg_ns}"', ""
            )
            for child in root
        )
        symbols.append(
            f'<symbol id="{name}" viewBox="{root.get("viewBox")}">{inner}</symbol>'
        )
    version = package_version("bootstrap-icons")
    return (
        f'<svg xmlns="{svg_ns}">'
        f"<!-- Bootstrap Icons {version} (MIT), built by scripts/build_assets.py -->\n"
        + "\n".join(symbols)
        + "\n</svg>\n"
    )


# --- Fonts ----------------------------------------------------------------------------

# The weights the CSS asks for: 400 (text), 500 (Bootstrap's headings), 600 (labels,
# <dt>), 700 (bold, <strong>, badges). Nothing lighter or heavier is loaded today.
FONT_WEIGHTS = (400, 700)
SUBSETS = {
    # What Persian text uses: the Arabic letters of Persian (and ك ي ة أ إ ؤ ئ for
    # pasted Arabic spellings), harakat and tatweel, Arabic-Indic and Persian digits,
    # Persian punctuation, the ZWNJ (نیم‌فاصله), ZWJ, direction marks and isolates.
    "arabic": (
        "U+060C,U+061B,U+061F,U+0621-063A,U+0640-0655,U+0660-066D,U+0670,U+067E,"
        "U+0686,U+0698,U+06A9,U+06AF,U+06C0,U+06CC,U+06F0-06F9,U+200C-200F,"
        "U+2066-2069,U+FDFC"
    ),
    # ASCII, the Latin-1 signs (no accented letters: names are typed in Persian or
    # plain English), general punctuation (dashes, quotes, bullet, ellipsis, ‹ ›).
    "latin": (
        "U+0020-007E,U+00A0-00BF,U+00D7,U+00F7,U+2010-2027,U+2030-203A,U+20AC,U+2212"
    ),
}


def unicode_ranges(text):
    for part in text.split(","):
        start, _, end = part.removeprefix("U+").partition("-")
        yield int(start, 16), int(end or start, 16)


def build_fonts():
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    source = NODE_MODULES / "vazirmatn" / "fonts" / "webfonts" / "Vazirmatn[wght].woff2"
    low, high = FONT_WEIGHTS
    for name, ranges in SUBSETS.items():
        # Cut the weight axis first, then reload the font before subsetting it.
        partial = instancer.instantiateVariableFont(
            TTFont(source, lazy=False, recalcTimestamp=False),
            {"wght": (low, high)},
            updateFontNames=False,
        )
        buffer = io.BytesIO()
        partial.save(buffer)
        buffer.seek(0)
        font = TTFont(buffer, recalcTimestamp=False)  # the same bytes every build
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]  # the OFL licence and copyright stay in the file
        subsetter = subset.Subsetter(options)
        subsetter.populate(
            unicodes=[
                code
                for start, end in unicode_ranges(ranges)
                for code in range(start, end + 1)
            ]
        )
        subsetter.subset(font)
        output = OUT / f"vazirmatn-{name}.woff2"
        font.flavor = "woff2"
        font.save(output)
        say(f"{output.relative_to(BASE_DIR)}: {output.stat().st_size / 1024:.1f} KiB")


# --- CSS ------------------------------------------------------------------------------


# crispy-forms' Bootstrap 5 templates for layout objects the portal does not use
# (their classes would keep Bootstrap's accordion, modal, tabs, floating labels,
# switches and input groups).
CRISPY_UNUSED = re.compile(
    r"(accordion|modal|tab|floating_field|field_with_buttons|prepended_appended_text"
    r"|switch)[^/]*\.html$"
)


def purge_content():
    """The files whose words may be class names on a page."""
    import crispy_bootstrap5
    import crispy_forms
    import django
    import django_filters

    def package_dir(module):
        return Path(module.__file__).resolve().parent

    files = [
        *(BASE_DIR / "templates").rglob("*.html"),
        *(BASE_DIR / "static" / "js").glob("*.js"),
        # Django's form widgets (the <select>, <textarea>, <input> tags).
        *(package_dir(django) / "forms" / "templates").rglob("*.html"),
        *(package_dir(django_filters)).rglob("*.html"),
        *(
            path
            for path in (package_dir(crispy_bootstrap5) / "templates").rglob("*.html")
            if not CRISPY_UNUSED.search(path.as_posix())
        ),
        # The layout objects the portal's form helpers use (Layout, Row, Column,
        # Submit, StrictButton) and crispy's template tags.
        package_dir(crispy_forms) / "layout.py",
        package_dir(crispy_forms) / "helper.py",
        *(package_dir(crispy_forms) / "templatetags").glob("*.py"),
    ]
    for app in APPS:
        files += [
            path
            for path in (BASE_DIR / app).rglob("*")
            if path.suffix in {".py", ".html"} and "migrations" not in path.parts
        ]
    return sorted(str(path) for path in files)


def dynamic_classes():
    """Classes a template builds from a value, as exact-match patterns."""
    colours = "primary|secondary|success|info|warning|danger|light|dark"
    # btn-{{ offer.style }}: the styles the declared moves give their buttons.
    move_styles = sorted(
        {
            style
            for app in APPS
            for path in (BASE_DIR / app).glob("moves.py")
            for style in re.findall(r"""style=["']([a-z-]+)["']""", path.read_text())
        }
    )
    return [
        # alert-{{ message.tags }} (error is shown as danger)
        rf"^alert-({colours})$",
        # text-bg-{{ style }} (status badges, templatetags/portal.py STATUS_STYLES)
        rf"^text-bg-({colours})$",
        rf"^btn-({'|'.join(move_styles)})$",
        # row-cols-md-{{ proposals|length }}
        r"^row-cols-md-[1-6]$",
        # What static/js/portal.js toggles on collapses and dropdowns.
        r"^(show|collapsing|collapsed)$",
    ]


def purge_job():
    version = package_version("bootstrap")
    dist = NODE_MODULES / "bootstrap" / "dist" / "css"
    banner = (
        f"Bootstrap v{version} (https://getbootstrap.com/), MIT licence, "
        "purged by scripts/build_assets.py"
    )
    return {
        "content": purge_content(),
        "safelist": {"standard": dynamic_classes(), "greedy": [r"data-bs-popper"]},
        "css": [
            {
                "input": str(dist / name),
                "output": str(OUT / name),
                "banner": banner,
            }
            for name in ("bootstrap.min.css", "bootstrap.rtl.min.css")
        ],
    }


def build_css():
    subprocess.run(  # noqa: S603 (our own script)
        ["node", str(BASE_DIR / "scripts" / "purge_css.cjs")],  # noqa: S607
        input=json.dumps(purge_job()),
        text=True,
        check=True,
        cwd=BASE_DIR,
    )


def build_icons():
    names = used_icons()
    sprite = OUT / "icons.svg"
    sprite.write_text(build_sprite(names), encoding="utf-8")
    say(f"{sprite.relative_to(BASE_DIR)}: {len(names)} icons")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "only", nargs="*", choices=["icons", "fonts", "css", []], help="default: all"
    )
    parts = parser.parse_args().only or ["icons", "fonts", "css"]
    OUT.mkdir(parents=True, exist_ok=True)
    for part in parts:
        {"icons": build_icons, "fonts": build_fonts, "css": build_css}[part]()


if __name__ == "__main__":
    sys.exit(main())
