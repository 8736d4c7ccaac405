from __future__ import annotations

import pytest

from pamong.core.actor import Actor, system_actor
from pamong.core.models import Tenant
from pamong.imports.units import import_units
from tests.factories import TenantFactory
from tests.imports.helpers import example_bytes


@pytest.fixture
def tenant(db: None) -> Tenant:
    return TenantFactory(slug="impor", name="Kabupaten Impor")


@pytest.fixture
def actor(tenant: Tenant) -> Actor:
    return system_actor(tenant, "test")


@pytest.fixture
def with_units(actor: Actor) -> Actor:
    """The example's units, imported."""
    import_units(actor=actor, table_or_file=example_bytes("units.csv"), source="units.csv")
    return actor
