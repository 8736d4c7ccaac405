"""TPP's part of the home page's to-do list (registered in apps.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Aggregate, Count, Min, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.permissions import has_perm
from pamong.core.todo import Fact, Todo

from .models import TppRun
from .selectors import own_slips, runs_visible_to

Status = TppRun.Status

# (capability, status the step starts from, key, label) of each step of a run.
STEPS = [
    ("tpp.verify", Status.DRAFT, "tpp.verify"),
    ("tpp.approve", Status.VERIFIED, "tpp.approve"),
    ("tpp.pay", Status.APPROVED, "tpp.pay"),
]


def _label(key: str) -> str:
    return {
        "tpp.verify": _("Perhitungan TPP untuk diverifikasi"),
        "tpp.approve": _("Perhitungan TPP untuk disetujui"),
        "tpp.pay": _("Perhitungan TPP disetujui, menunggu dibayar"),
    }[key]


def _rupiah(amount: int) -> str:
    return f"Rp{amount:,}".replace(",", ".")


def todo_items(actor: Actor, today: dt.date) -> Iterator[Todo | Fact]:
    """Runs waiting for a step the actor may take (one query; a draft of a month that is
    not over yet cannot be verified, so it is not counted); a run of a month before last
    is overdue. An employee's latest published slip."""
    if actor.tenant is None:
        return
    steps = [(status, key) for cap, status, key in STEPS if has_perm(actor, cap)]
    if steps:
        month_before_last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        aggregates: dict[str, Aggregate] = {}
        for status, key in steps:
            waiting = Q(status=status)
            if status == Status.DRAFT:
                waiting &= Q(provisional=False)
            aggregates[key] = Count("pk", filter=waiting)
            aggregates[f"{key}.late"] = Count(
                "pk", filter=waiting & Q(period__lt=month_before_last)
            )
            aggregates[f"{key}.first"] = Min("pk", filter=waiting)
        counts = runs_visible_to(actor).order_by().aggregate(**aggregates)
        for _status, key in steps:
            n = counts[key]
            url = (
                reverse("tpp:run-detail", args=[counts[f"{key}.first"]])
                if n == 1
                else reverse("tpp:index")
            )
            yield Todo(key, _label(key), n, url, counts[f"{key}.late"])
    if actor.employee_id is not None:
        slip = own_slips(actor).first()
        if slip is not None:
            lines = [
                _("Bulan %(month)s: diterima %(netto)s (bruto %(bruto)s).")
                % {
                    "month": date_format(slip.run.period, "F Y"),
                    "netto": _rupiah(slip.netto),
                    "bruto": _rupiah(slip.bruto),
                },
                _("Status: %(status)s.") % {"status": slip.run.get_status_display()},
            ]
            yield Fact(
                "tpp.slip",
                _("Slip TPP terakhir"),
                lines,
                reverse("tpp:run-slip", args=[slip.run_id, slip.employee_id]),
                _("Lihat slip"),
            )
