"""A small per-process cache for rows that public pages read on every request but that
change a few times a year: a tenant by its slug, its work calendar, its deadline policy.

The public complaint form must take 100 submissions/s on two cores (issue 6); reading and
parsing these rows was a third of a submission. A save or delete of a watched model in this
process clears the cache at once; other processes (gunicorn workers) see the change after
at most `ttl` seconds, which is fine for what is cached here and keeps the cache free of
any shared state to go wrong.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

V = TypeVar("V")
_caches: list[TTLCache[Any]] = []


class TTLCache(Generic[V]):
    def __init__(self, ttl: float, *, watch: tuple[type[models.Model], ...], maxsize: int = 256):
        self.ttl = ttl
        self.maxsize = maxsize
        self._entries: dict[Hashable, tuple[float, V]] = {}
        self._lock = threading.Lock()
        _caches.append(self)
        for model in watch:
            post_save.connect(self._on_change, sender=model, weak=False)
            post_delete.connect(self._on_change, sender=model, weak=False)

    def _on_change(self, **_: Any) -> None:
        # Again after the commit: a read inside the saving transaction may have cached the
        # new row before it was visible to other connections.
        self.clear()
        transaction.on_commit(self.clear)

    def get(self, key: Hashable, load: Callable[[], V]) -> V:
        """The cached value for `key`, else `load()` (kept for `ttl` seconds)."""
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
        value = load()
        with self._lock:
            if len(self._entries) >= self.maxsize:
                self._entries.clear()
            self._entries[key] = (now + self.ttl, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def clear_all() -> None:
    """Empty every cache of this process (tests: databases are rolled back under them)."""
    for cache in _caches:
        cache.clear()
