"""Sessions read from the cache and written through to the database.

Django's ``cached_db`` backend, except that a cache that cannot be reached (Redis
stopped or stalled) costs a query, never the request: Django's own raises when it
fills the cache after a miss, when it checks a new key, and on logout. A session is
kept in the cache at most ``SESSION_CACHE_SECONDS``: a change or a logout the cache
missed while it was unreachable is forgotten after that.
"""

import logging

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

logger = logging.getLogger("django.contrib.sessions")


class SessionStore(CachedDBStore):
    def cache_seconds(self, expiry=None):
        age = self.get_expiry_age(expiry=expiry) if expiry else self.get_expiry_age()
        return min(age, settings.SESSION_CACHE_SECONDS)

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            # Unreachable, or a key the backend refuses: the database decides.
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._cache_quietly(
            "set", self.cache_key, data, self.cache_seconds(stored.expire_date)
        )
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception as error:
            logger.warning("session cache unreachable (exists): %r", error)
        return super(CachedDBStore, self).exists(session_key)

    def save(self, must_create=False):
        super(CachedDBStore, self).save(must_create)
        self._cache_quietly("set", self.cache_key, self._session, self.cache_seconds())

    def delete(self, session_key=None):
        super(CachedDBStore, self).delete(session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self._cache_quietly("delete", self.cache_key_prefix + session_key)

    def _cache_quietly(self, method, *args):
        try:
            getattr(self._cache, method)(*args)
        except Exception as error:
            logger.warning("session cache unreachable (%s): %r", method, error)
