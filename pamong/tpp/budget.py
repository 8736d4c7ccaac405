"""OPD ceilings (pagu) and their realisation over the year (tpp.md §8), with an SVG chart.

Realisation counts the bruto of approved and paid runs (normal and adjustment) of the
year; the selected month also counts its normal run in whatever state it is in, so the
month being prepared shows against its share before anyone approves it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from xml.sax.saxutils import escape

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.errors import InputError, InputErrors
from pamong.core.models import Tenant
from pamong.core.money import round_rupiah
from pamong.core.pdf import rupiah
from pamong.core.permissions import perm_opds, require
from pamong.org.models import Unit
from pamong.tpp.models import TppBudget, TppRun, TppSlip


@transaction.atomic
def tpp_budget_set(*, actor: Actor, opd: Unit, year: int, pagu: str) -> TppBudget:
    """Set an OPD's yearly ceiling; `pagu` as typed (whole rupiah, no separators)."""
    require(actor, "tpp.budget")
    allowed = perm_opds(actor, "tpp.budget")
    if allowed is not None and opd.pk not in allowed:
        raise PermissionDenied("tpp.budget")
    problems = []
    if actor.tenant is None or opd.tenant_id != actor.tenant.pk or opd.parent_id is not None:
        problems.append(InputError(_("bukan OPD (unit teratas) pemda ini"), column="opd"))
    if not 2000 <= year <= 2100:
        problems.append(InputError(_("tahun harus YYYY"), column="tahun"))
    pagu = pagu.strip()
    if not pagu.isdigit() or len(pagu) > 15:
        problems.append(InputError(_("pagu harus rupiah bulat tanpa pemisah"), column="pagu"))
    if problems:
        raise InputErrors(problems)
    row = TppBudget.objects.select_for_update().filter(tenant=actor.tenant, opd=opd, year=year)
    current = row.first()
    before = {"pagu": current.pagu} if current is not None else None
    budget, _created = TppBudget.objects.update_or_create(
        tenant=actor.tenant, opd=opd, year=year, defaults={"pagu": int(pagu)}
    )
    audit(
        actor=actor,
        action="tpp.budget.set",
        obj=budget,
        before=before,
        after={"pagu": budget.pagu},
        data={"opd": opd.code, "year": year},
    )
    return budget


@dataclass
class OpdBudget:
    unit: Unit
    pagu: int | None
    upto: int  # the selected month, 1..12
    months: list[int] = field(default_factory=lambda: [0] * 12)  # bruto per month

    def share(self, months: int = 1) -> int | None:
        """The ceiling's share for `months` months (pagu × months / 12, rounded)."""
        return None if self.pagu is None else round_rupiah(Fraction(self.pagu * months, 12))

    @property
    def month(self) -> int:
        return self.months[self.upto - 1]

    @property
    def month_share(self) -> int | None:
        return self.share()

    @property
    def ytd(self) -> int:
        return sum(self.months[: self.upto])

    @property
    def ytd_share(self) -> int | None:
        return self.share(self.upto)

    @property
    def month_over(self) -> bool:
        return self.pagu is not None and self.month > (self.month_share or 0)

    @property
    def ytd_over(self) -> bool:
        return self.pagu is not None and self.ytd > (self.ytd_share or 0)

    @property
    def rest(self) -> int | None:
        """What is left of the ceiling after every counted month of the year."""
        return None if self.pagu is None else self.pagu - sum(self.months)


@dataclass
class Overview:
    year: int
    month: int  # 1..12
    rows: list[OpdBudget]


def budget_overview(
    tenant: Tenant, year: int, month: int, opds: frozenset[int] | None = None
) -> Overview:
    """Every OPD (or those in `opds`) with its ceiling and monthly realisation (three
    queries)."""
    units = Unit.objects.filter(tenant=tenant, parent__isnull=True).order_by("code")
    if opds is not None:
        units = units.filter(pk__in=opds)
    pagu = dict(TppBudget.objects.filter(tenant=tenant, year=year).values_list("opd_id", "pagu"))
    rows = {u.pk: OpdBudget(u, pagu.get(u.pk), month) for u in list(units)}
    selected = dt.date(year, month, 1)
    counted = Q(run__status__in=[TppRun.Status.APPROVED, TppRun.Status.PAID]) | Q(
        run__period=selected, run__kind=TppRun.Kind.NORMAL
    )
    sums = (
        TppSlip.objects.filter(tenant=tenant, run__period__year=year, opd__isnull=False)
        .filter(counted)
        .values("opd_id", "run__period")
        .annotate(bruto=Sum("bruto"))
        .order_by()
    )
    for item in sums:
        target = rows.get(item["opd_id"])
        if target is not None:
            target.months[item["run__period"].month - 1] += item["bruto"] or 0
    return Overview(year, month, list(rows.values()))


def budget_chart(overview: Overview) -> str:
    """Horizontal bars per OPD: the month against its share, the year so far against the
    share up to this month. Plain SVG (no script, no CDN); labels are escaped."""
    rows = overview.rows
    label_w, bar_w, row_h, top = 220, 420, 46, 28
    height = top + row_h * max(len(rows), 1) + 10
    peak = max([1] + [max(r.month, r.month_share or 0) for r in rows])
    peak_ytd = max([1] + [max(r.ytd, r.ytd_share or 0) for r in rows])
    width = label_w + bar_w + 70  # room for "123%" after the bars
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="budget-chart-title" class="chart">',
        f'<title id="budget-chart-title">{escape(_("Realisasi TPP per OPD"))}</title>',
        f'<text x="{label_w}" y="14" font-size="11">'
        f"{escape(_('Bulan ini (atas) dan s.d. bulan ini (bawah); garis: bagian pagu'))}</text>",
    ]
    for i, r in enumerate(rows):
        y = top + i * row_h
        label = escape(f"{r.unit.code} {r.unit.name}"[:34])
        parts.append(f'<text x="0" y="{y + 20}" font-size="11">{label}</text>')
        bars = (
            (r.month, r.month_share, r.month_over, peak),
            (r.ytd, r.ytd_share, r.ytd_over, peak_ytd),
        )
        for j, (value, share, over, scale) in enumerate(bars):
            by = y + 4 + j * 18
            color = "#c0392b" if over else "#2e86c1"
            parts.append(
                f'<rect x="{label_w}" y="{by}" width="{bar_w * max(value, 0) // scale}" '
                f'height="14" fill="{color}"><title>{rupiah(value)}</title></rect>'
            )
            if share:
                # The bar as a percent of its share, so the chart reads without hovering.
                percent = round_rupiah(Fraction(100 * value, share))
                parts.append(
                    f'<text x="{label_w + bar_w + 6}" y="{by + 11}" font-size="10">'
                    f"{percent}%</text>"
                )
            if share is not None:
                sx = label_w + bar_w * share // scale
                parts.append(
                    f'<line x1="{sx}" x2="{sx}" y1="{by - 2}" y2="{by + 16}" '
                    f'stroke="#222" stroke-width="2"><title>{rupiah(share)}</title></line>'
                )
    parts.append("</svg>")
    return "".join(parts)
