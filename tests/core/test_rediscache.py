"""The Redis cache backend used when REDIS_URL is set (rate limits of the public forms)."""

from __future__ import annotations

import socket
import uuid

import pytest

from pamong.core.rediscache import RedisCache

REDIS = ("127.0.0.1", 6379)


def _redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_one_client_serves_every_call_and_the_cache_works() -> None:
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    key = f"pamong-test-{uuid.uuid4()}"
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=False) is client
    try:
        assert cache.add(key, 1, 30) is True
        assert cache.add(key, 5, 30) is False
        assert cache.incr(key) == 2
        assert cache.get(key) == 2
    finally:
        cache.delete(key)
    assert cache.get(key) is None
    assert cache._cache.get_client(write=True) is client


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_count_hit_is_atomic_under_concurrency_and_expires_with_its_window() -> None:
    import threading
    import time

    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    key = f"pamong-test-{uuid.uuid4()}"
    seen: list[int] = []
    lock = threading.Lock()

    def hit() -> None:
        # Each thread has its own backend, as Django's cache handler gives each thread.
        mine = RedisCache("redis://127.0.0.1:6379/15", {})
        for _ in range(25):
            n = mine.count_hit(key, 60)
            with lock:
                seen.append(n)

    threads = [threading.Thread(target=hit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert sorted(seen) == list(range(1, 101))  # every hit got its own number
        assert cache.get(key) == 100
        short = key + "-short"
        assert cache.count_hit(short, 1) == 1
        time.sleep(1.2)
        assert cache.count_hit(short, 1) == 1  # a new window
    finally:
        cache.delete(key)
        cache.delete(key + "-short")
