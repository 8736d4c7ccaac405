"""The demo: sasaran with indikator, a signed PK per OPD, OPD heads' RHK on PK items."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django_scopes import scope

from pamong.appraisal.models import Rhk
from pamong.demo.data import preset_for
from pamong.demo.generator import generate_tenant
from pamong.kinerja_org import demo
from pamong.kinerja_org.models import (
    IndikatorSasaran,
    PerjanjianKinerja,
    PerjanjianKinerjaItem,
    SasaranStrategis,
)
from pamong.org.models import Unit

pytestmark = pytest.mark.django_db
MONTHS = ["2026-09", "2026-10"]


def test_the_demo_tenant_has_a_performance_tree() -> None:
    preset = preset_for("sofifi", None, None, 90)
    result = generate_tenant(preset, today=dt.date(2026, 11, 23), months=MONTHS, strict_hooks=True)
    tenant = result.tenant
    assert result.hooks["pamong.kinerja_org.demo"] == "ok"
    names = list(result.hooks)
    assert names.index("pamong.kinerja_org.demo") < names.index("pamong.appraisal.demo")
    with scope(tenant=tenant):
        assert SasaranStrategis.objects.filter(year=2026, unit=None).count() == 3
        assert IndikatorSasaran.objects.count() == 6
        opds = Unit.objects.filter(parent__isnull=True)
        with_head = opds.filter(head__isnull=False)
        signed = PerjanjianKinerja.objects.filter(year=2026, status="signed")
        assert set(signed.values_list("unit_id", flat=True)) == set(
            with_head.values_list("pk", flat=True)
        )
        assert PerjanjianKinerja.objects.count() == opds.count()
        assert all(pk.signer_id == pk.unit.head_id for pk in signed.select_related("unit"))
        assert PerjanjianKinerjaItem.objects.count() == 2 * opds.count()
        # The OPD heads with an SKP in the demo hang their RHK from their OPD's PK.
        linked = Rhk.objects.filter(pk_item__isnull=False).select_related(
            "pk_item__perjanjian__unit", "skp"
        )
        assert linked.exists()
        assert all(r.pk_item.perjanjian.unit.head_id == r.skp.employee_id for r in linked)
        # Idempotent: the hook again changes nothing.
        before = PerjanjianKinerjaItem.objects.count(), SasaranStrategis.objects.count()
        assert demo.generate(tenant=tenant, rng=random.Random("x"), months=MONTHS) == {}
        assert demo.generate(tenant=tenant, rng=random.Random("x"), months=[]) == {}
        assert (PerjanjianKinerjaItem.objects.count(), SasaranStrategis.objects.count()) == before
