from typing import Any

from django.http import HttpRequest

from pamong.core.permissions import permissions_of


def actor(request: HttpRequest) -> dict[str, Any]:
    current = getattr(request, "actor", None)
    if current is None:
        return {"actor": None, "perms_": frozenset()}
    perms = permissions_of(current) if not current.is_system else frozenset()
    return {"actor": current, "perms_": perms}
