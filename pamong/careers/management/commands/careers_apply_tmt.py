"""`pamong careers apply-tmt --tenant X`: put decided KP on employees whose TMT has come."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from pamong.careers.services import kp_apply_due
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant


class Command(TenantCommand):
    help = "Apply decided KP whose TMT has come (run daily; the Celery task does the same)."
    requires_system_checks: list[str] = []

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        self.stdout.write(_("diterapkan: %(count)d") % {"count": kp_apply_due(actor=actor)})
