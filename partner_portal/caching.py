"""What the portal keeps in the cache (Redis in production): figures computed from
the program's rows, under a version that every change of those rows bumps.

Any row of the program's apps saved or deleted — and every move, which writes an
audit row — bumps the version (``signals.py``), so a cached value is never older
than the last change made through the portal; the time limit only bounds what a
change made around Django (a manual SQL fix, ``bulk_create``) leaves stale. The
language is part of every key: cached values hold translated text.

A cache that cannot be reached costs speed, never an answer: the value is computed
afresh and the failure logged.
"""

import logging

from django.core.cache import cache
from django.utils import translation

logger = logging.getLogger(__name__)

VERSION_KEY = "program-data:version"


def bump_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)
    except Exception:
        # A cache that cannot be reached holds nothing stale worth clearing; the
        # change itself must not fail for it.
        logger.warning("could not bump the program data version", exc_info=True)


def cached(name, compute, seconds, *parts):
    """``compute()``'s value, from the cache when the program has not changed
    since it was stored (at most ``seconds`` ago); ``seconds`` 0 never caches."""
    if not seconds:
        return compute()
    try:
        version = cache.get_or_set(VERSION_KEY, 1, None)
        key = ":".join(
            [name, str(version), translation.get_language() or "-", *map(str, parts)]
        )
        value = cache.get(key)
    except Exception:
        logger.warning("the cache cannot be reached", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, seconds)
        except Exception:
            logger.warning("could not cache %s", name, exc_info=True)
    return value
