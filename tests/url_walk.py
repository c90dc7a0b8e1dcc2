"""Every URL pattern the root URLconf reaches, for the tests that must cover them
all (the permission matrix, the browser gates)."""

from django.urls import URLPattern, URLResolver, get_resolver


def walk_patterns(patterns, namespace="", route=""):
    """(name, route, pattern) of every URL pattern the root URLconf reaches; name is
    None for an unnamed one."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk_patterns(
                entry.url_patterns, inner, route + str(entry.pattern)
            )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, route + str(entry.pattern), entry


def url_patterns():
    """The portal's own URLs by name (the admin's are Django's, tested apart)."""
    return {
        name: pattern
        for name, _route, pattern in walk_patterns(get_resolver().url_patterns)
        if name and not name.startswith("admin:")
    }
