"""Django's Redis cache, made optional: with Redis down the site is still served.

A cache is a copy: when Redis cannot be reached, each operation answers as a
miss (reads find nothing, writes keep nothing), pages are built from the
database, and one warning is logged. Redis is then left alone for
RETRY_SECONDS, so a dead or unreachable server costs no request a timeout
after the first; the next operation after that tries it again.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
RETRY_SECONDS = 5


class ResilientRedisCache(RedisCache):
    """RedisCache whose failures are cache misses, not server errors."""

    down_until = 0.0

    def _try(self, operation, fallback, *args, **kwargs):
        if time.monotonic() < self.down_until:
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError:
            self.down_until = time.monotonic() + RETRY_SECONDS
            log.warning(
                "Redis is unavailable: serving without the cache for %d s",
                RETRY_SECONDS,
                exc_info=True,
            )
            return fallback

    def get(self, key, default=None, version=None):
        return self._try("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._try("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._try("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("add", False, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("set_many", list(data), data, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._try("incr", None, key, delta, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._try("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._try("delete_many", None, keys, version)

    def clear(self):
        return self._try("clear", False)
