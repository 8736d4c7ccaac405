"""OPD ceilings (pagu): import, and the run page's monthly share and realisation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pamong.core.actor import actor_for_user, cli_actor
from pamong.core.errors import InputErrors
from pamong.tpp.models import TppBudget
from pamong.tpp.runs import tpp_run_approve, tpp_run_compute, tpp_run_verify
from pamong.tpp.services import budget_import
from tests.tpp.conftest import OCTOBER, TppWorld

HEADER = "kode_unit,tahun,pagu\n"


def _import(actor: Any, body: str) -> dict[str, int]:
    return budget_import(actor=actor, data=(HEADER + body).encode(), source="pagu.csv")


def test_budget_import_validates_and_is_idempotent(tpp: TppWorld) -> None:
    w = tpp.world
    actor = actor_for_user(w.finance_user)
    assert _import(actor, "1.01,2026,1200000000\n")["created"] == 1
    assert _import(actor, "1.01,2026,1200000000\n")["unchanged"] == 1
    assert _import(actor, "1.01,2026,600000000\n")["updated"] == 1
    with pytest.raises(InputErrors) as info:
        _import(actor, "1.01.01,26,1.000\n")  # a bidang, a bad year, a separator
    assert {e.column for e in info.value.errors} == {"kode_unit", "tahun", "pagu"}
    with pytest.raises(PermissionDenied):
        _import(actor_for_user(w.auditor_user), "1.01,2026,1\n")
    assert TppBudget.objects.get(tenant=w.tenant).pagu == 600_000_000


def test_run_page_shows_monthly_share_and_year_to_date(
    tpp: TppWorld, django_assert_max_num_queries: Any
) -> None:
    w = tpp.world
    actor = cli_actor(w.tenant)
    _import(actor, "1.01,2026,1200000000\n")
    september = OCTOBER.replace(month=9)
    earlier = tpp_run_compute(actor=actor, period=september)
    tpp_run_approve(actor=actor, run=tpp_run_verify(actor=actor, run=earlier))
    client = w.client_for(w.finance_user)
    # 12 + 9 constant: the input-change check (a query per input source) and the slip count.
    with django_assert_max_num_queries(21):
        response = client.get(reverse("tpp:run-detail", args=[tpp.run.pk]))
    html = response.content.decode()
    assert "100.000.000" in html or "100,000,000" in html  # 1.2 billion / 12
    from pamong.tpp.selectors import totals_per_opd

    rows = {r["unit"].code: r for r in totals_per_opd(tpp.run)}
    september_bruto = earlier.slips.filter(opd=w.opd).values_list("bruto", flat=True)
    assert rows["1.01"]["realisasi"] == rows["1.01"]["bruto"] + sum(september_bruto)
    assert rows["1.02"]["pagu"] is None
