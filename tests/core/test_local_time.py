"""Pages show times in the Pemda's own zone (Sofifi is WIT, UTC+9), not the server's."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django_scopes import scope

from pamong.core.actor import cli_actor
from pamong.core.audit import audit
from tests.conftest import World


def test_audit_times_are_in_the_tenant_zone(world: World) -> None:
    with scope(tenant=world.tenant):
        entry = audit(actor=cli_actor(world.tenant), action="test.clock", obj=world.opd)
    wit = entry.created_at.astimezone(ZoneInfo("Asia/Jayapura")).strftime("%Y-%m-%d %H:%M")
    wib = entry.created_at.astimezone(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M")
    body = world.client_for(world.admin_user).get("/audit/").content.decode()
    assert wit in body
    assert wib not in body
