"""A fixed-window rate limit in the cache (Redis in production): enough to stop a
visitor from walking the verification codes, cheap enough for every request."""

import time

from django.core.cache import cache


def over_limit(scope, key, *, limit, window=60):
    """Count one hit of ``key`` in ``scope``; True once it exceeds ``limit`` hits
    within the current ``window`` seconds. A cache that is down lets it through."""
    bucket = int(time.time() // window)
    name = f"ratelimit:{scope}:{key}:{bucket}"
    try:
        if cache.add(name, 1, timeout=window + 1):
            return False
        return cache.incr(name) > limit
    except Exception:  # noqa: BLE001 (a rate limit never takes the page down)
        return False
