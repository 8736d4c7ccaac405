"""The per-process cache of rows the public pages read on every request."""

from __future__ import annotations

import pytest

from pamong.core import localcache
from pamong.core.localcache import TTLCache
from pamong.core.models import Tenant
from tests.factories import TenantFactory


def test_value_is_kept_until_the_ttl_then_reloaded(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(localcache.time, "monotonic", lambda: now[0])
    cache: TTLCache[int] = TTLCache(30, watch=())
    loads = []

    def load() -> int:
        loads.append(1)
        return len(loads)

    assert cache.get("k", load) == 1
    now[0] += 29.9
    assert cache.get("k", load) == 1
    now[0] += 0.2
    assert cache.get("k", load) == 2
    assert cache.get("other", load) == 3


@pytest.mark.django_db(transaction=True)
def test_a_save_or_delete_in_this_process_clears_it() -> None:
    cache: TTLCache[str] = TTLCache(3600, watch=(Tenant,))
    tenant = TenantFactory(name="Kota Lama")

    def name() -> str:
        return Tenant.objects.get(pk=tenant.pk).name

    assert cache.get(tenant.pk, name) == "Kota Lama"
    tenant.name = "Kota Baru"
    tenant.save()
    assert cache.get(tenant.pk, name) == "Kota Baru"
    assert cache.get("x", lambda: "cached") == "cached"
    tenant.delete()
    assert cache.get("x", lambda: "reloaded") == "reloaded"


def test_it_never_grows_past_maxsize() -> None:
    cache: TTLCache[int] = TTLCache(3600, watch=(), maxsize=3)
    for n in range(10):
        cache.get(n, lambda n=n: n)  # type: ignore[misc]
        assert len(cache._entries) <= 3
