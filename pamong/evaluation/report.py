"""Build the figures of an evaluation report: every indicator for the tenant and each OPD,
against the previous period, with targets, status, ranks, trend and findings.

The result is plain JSON (strings for decimals) so a signed report can freeze it as is.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import translation

from pamong.core import clock
from pamong.core.models import Tenant
from pamong.evaluation.findings import findings
from pamong.evaluation.indicators import GROUPS, REGISTRY, Context, Indicator, compute, ikm_band
from pamong.evaluation.models import ManualValue, Policy, PolicyIndicator, Report
from pamong.evaluation.periods import Period, parse_period
from pamong.org import selectors as org
from pamong.performance import selectors as performance

TREND_PERIODS = 4
Progress = Callable[[int, int], None]


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def change(current: str | None, previous: str | None) -> str | None:
    if current is None or previous is None:
        return None
    return str(Decimal(current) - Decimal(previous))


def achieved(value: str | None, target: str | None, higher_is_better: bool) -> bool | None:
    if value is None or target in (None, ""):
        return None
    v, t = Decimal(value), Decimal(str(target))
    return v >= t if higher_is_better else v <= t


def rank_opds(values: dict[str, str | None], higher_is_better: bool) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4) of the OPDs with a value; best first."""
    known = [(Decimal(v), o) for o, v in values.items() if v is not None]
    known.sort(key=lambda pair: -pair[0] if higher_is_better else pair[0])
    ranks: dict[str, int] = {}
    for i, (value, opd) in enumerate(known):
        if i and value == known[i - 1][0]:
            ranks[opd] = ranks[known[i - 1][1]]
        else:
            ranks[opd] = i + 1
    return ranks


def definition(ind: Indicator) -> dict[str, str]:
    return {
        "numerator": str(ind.numerator),
        "denominator": str(ind.denominator),
        "period": ind.period_note,
        "scale": str(ind.scale),
    }


def _indicator_rows(now_ctx: Context, progress: Progress) -> list[dict[str, Any]]:
    tenant, period, opd_ids = now_ctx.tenant, now_ctx.period, now_ctx.opd_ids
    prev_ctx = Context(tenant, period.previous(), opd_ids)
    rows: list[dict[str, Any]] = []
    indicators = list(REGISTRY.values())
    for step, ind in enumerate(indicators, start=1):
        row: dict[str, Any] = {
            "code": ind.code,
            "group": ind.group,
            "group_label": str(GROUPS[ind.group]),
            "label": str(ind.label),
            "label_en": ind.label_en,
            "unit": str(ind.unit),
            "higher_is_better": ind.higher_is_better,
            "available": ind.available,
            "source": ind.source,
            "definition": definition(ind),
        }
        if ind.available:
            now, prev = compute(ind, now_ctx), compute(ind, prev_ctx)
            values = {o: f["value"] for o, f in now["opds"].items()}
            ranks = rank_opds(values, ind.higher_is_better)
            for opd, fig in now["opds"].items():
                before = prev["opds"].get(opd, {}).get("value")
                fig.update(previous=before, change=change(fig["value"], before))
                fig["rank"] = ranks.get(opd)
            total = now["total"]
            total.update(
                previous=prev["total"]["value"],
                change=change(total["value"], prev["total"]["value"]),
            )
            row.update(total=total, opds=now["opds"], ranked=len(ranks))
            if ind.code == "ikm":
                row["band"] = ikm_band(_dec(total["value"]))
                for fig in now["opds"].values():
                    fig["band"] = ikm_band(_dec(fig["value"]))
        rows.append(row)
        progress(step, len(indicators) + 2)
    return rows


def _policies(tenant: Tenant, period: Period, rows: dict[str, dict[str, Any]]) -> list[Any]:
    manual = {
        (v.indicator_id): v for v in ManualValue.objects.filter(tenant=tenant, period=period.code)
    }
    out = []
    policies = Policy.objects.filter(tenant=tenant, active=True).select_related("owner")
    indicators = PolicyIndicator.objects.filter(tenant=tenant, policy__active=True)
    by_policy: dict[int, list[PolicyIndicator]] = {}
    for pi in indicators.select_related("owner"):
        by_policy.setdefault(pi.policy_id, []).append(pi)
    for policy in policies:
        items = []
        for pi in by_policy.get(policy.pk, []):
            target = pi.targets.get(period.code)
            if pi.manual:
                mv = manual.get(pi.pk)
                value = str(mv.value) if mv else None
                label, unit, higher = pi.label, pi.unit_label, pi.higher_is_better
                evidence = mv.evidence if mv else ""
                available = True
            else:
                row = rows.get(pi.code, {})
                available = bool(row.get("available"))
                value = row.get("total", {}).get("value") if available else None
                label, unit = row.get("label", pi.code), row.get("unit", "")
                higher, evidence = bool(row.get("higher_is_better", True)), ""
            items.append(
                {
                    "code": pi.code,
                    "label": label,
                    "unit": unit,
                    "manual": pi.manual,
                    "available": available,
                    "owner": pi.owner.name if pi.owner else "BKPSDM",
                    "baseline": None if pi.baseline is None else str(pi.baseline),
                    "target": target,
                    "value": value,
                    "achieved": achieved(value, target, higher),
                    "evidence": evidence,
                }
            )
        judged = [i["achieved"] for i in items if i["achieved"] is not None]
        status = (
            "no_target" if not judged
            else "achieved" if all(judged)
            else "partly" if any(judged)
            else "not_achieved"
        )  # fmt: skip
        out.append(
            {
                "code": policy.code,
                "name": policy.name,
                "legal_basis": policy.legal_basis,
                "goal": policy.goal,
                "owner": policy.owner.name if policy.owner else "BKPSDM",
                "indicators": items,
                "status": status,
            }
        )
    return out


def _trend(tenant: Tenant, period: Period, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Tenant totals over the last periods: earlier signed reports, then this period's rows."""
    earlier = [p.code for p in period.trend(TREND_PERIODS)[:-2]]
    signed: dict[str, dict[str, Any]] = {}
    for report in Report.objects.filter(
        tenant=tenant, period__in=earlier, state=Report.State.SIGNED
    ).order_by("period", "version"):
        signed[report.period] = report.data
    previous = period.previous().code
    trend: dict[str, list[list[Any]]] = {}
    for row in rows:
        if not row["available"]:
            continue
        points = []
        for code in earlier:
            data = signed.get(code)
            old = next(
                (r for r in (data or {}).get("indicators", []) if r["code"] == row["code"]), None
            )
            points.append([code, old["total"]["value"] if old and "total" in old else None])
        points.append([previous, row["total"]["previous"]])
        points.append([period.code, row["total"]["value"]])
        trend[row["code"]] = points
    return trend


def build_report_data(
    tenant: Tenant, period_code: str, progress: Progress | None = None
) -> dict[str, Any]:
    """Every figure of the report for `period_code` (in Indonesian, the report language)."""
    period = parse_period(period_code)
    progress = progress or (lambda done, total: None)
    with translation.override("id"):
        opds = org.top_units(tenant.pk)
        opd_ids = [u.pk for u in opds]
        ctx = Context(tenant, period, opd_ids)
        rows = _indicator_rows(ctx, progress)
        by_code = {r["code"]: r for r in rows}
        data: dict[str, Any] = {
            "period": period.code,
            "period_label": period.label,
            "previous_period": period.previous().code,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "tenant": tenant.name,
            "generated_at": clock.now().isoformat(),
            "opds": [{"id": u.pk, "code": u.code, "name": u.name} for u in opds],
            "employees": {str(k): v for k, v in ctx.employees.items()},
            "indicators": rows,
            "policies": _policies(tenant, period, by_code),
            "trend": _trend(tenant, period, rows),
        }
        data["findings"] = findings(data)
        if period.is_year:
            data["ranking"] = performance.unit_ranking(tenant, period.code)
        progress(len(rows) + 2, len(rows) + 2)
    return data
