"""A stand-in for another module's demo hook (see docs/architecture.md, demo hooks)."""

from __future__ import annotations

import random
from typing import Any

from django_scopes import get_scope

from pamong.org.models import Employee

calls: list[dict[str, Any]] = []


def generate(*, tenant: Any, rng: random.Random, months: list[str]) -> None:
    calls.append(
        {
            "tenant": tenant.slug,
            "months": months,
            "scope_tenant": get_scope().get("tenant"),
            # A plain scoped query: fails unless the hook runs inside the tenant scope.
            "employees": Employee.objects.count(),
            "draw": rng.random(),
        }
    )
