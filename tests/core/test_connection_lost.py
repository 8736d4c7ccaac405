"""A lost database connection on the CLI: one line and its own exit status (issue 18 §6)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from pamong.core.cli import DB_LOST_EXIT, DB_LOST_MESSAGE
from pamong.tpp import runs
from pamong.tpp.models import TppRun
from tests.conftest import World
from tests.tpp.conftest import setup_tenant


def test_health_checks_replace_dead_pooled_connections() -> None:
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db(transaction=True)
def test_tpp_run_whose_connection_dies_says_so_in_one_line(world: World, monkeypatch: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a server-side connection kill needs PostgreSQL")
    setup_tenant(world.tenant)
    real = runs.compute_period

    def dies(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        with connection.cursor() as cursor:  # the server drops us between read and write
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return result

    monkeypatch.setattr(runs, "compute_period", dies)
    with pytest.raises(CommandError) as exc:
        call_command("tpp_run", "--tenant", world.tenant.slug, "--period", "2026-10")
    assert str(exc.value) == DB_LOST_MESSAGE and exc.value.returncode == DB_LOST_EXIT == 75
    connection.close()
    assert not TppRun.objects.filter(tenant=world.tenant).exists()
