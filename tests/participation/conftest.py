from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    # The rate limiter lives in the (process-wide) cache.
    cache.clear()
    yield
    cache.clear()
