"""Predikat distribution per OPD against the pattern of SE MenPANRB 3/2023 (domain.md §1.6).

The pattern is guidance ("pertimbangan"): the page flags deviations, and finalising a period
that breaks it needs a recorded reason.
The percentages come from one secondary source: a tenant may override them through the
PAMONG_DISTRIBUTION_RULES setting ({tenant slug: rules}).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from pamong.appraisal.models import CalibrationLock
from pamong.core.models import Tenant
from pamong.org.models import Employee, Unit
from pamong.performance.models import Rating
from pamong.performance.predikat import OrgPredikat, Predikat

__all__ = ["OrgPredikat", "check_distribution", "rules_for"]


# (kind, predikat group, percent): "min"/"max" bound the group's share; "some" needs ≥1 person.
Rule = tuple[str, tuple[str, ...], int]
SB, B, BP, K, SK = "sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"
DISTRIBUTION_RULES: dict[str, list[Rule]] = {
    "istimewa": [("max", (SB,), 70)],
    "baik": [("max", (B,), 70), ("some", (BP, K), 0)],
    "butuh_perbaikan": [("min", (BP,), 60), ("max", (SB,), 10)],
    "kurang": [("min", (K,), 60), ("min", (BP,), 10), ("max", (SB,), 10)],
    "sangat_kurang": [("min", (SK,), 60), ("min", (K, BP), 10), ("max", (SB,), 0)],
}


def rules_for(tenant: Tenant) -> dict[str, list[Rule]]:
    overrides: dict[str, dict[str, list[Rule]]] = getattr(settings, "PAMONG_DISTRIBUTION_RULES", {})
    return overrides.get(tenant.slug, DISTRIBUTION_RULES)


@dataclass(frozen=True)
class Violation:
    kind: str
    predikats: tuple[str, ...]
    percent: int
    actual: Fraction

    @property
    def message(self) -> str:
        names = " + ".join(str(Predikat(p).label) for p in self.predikats)
        params = {"names": names, "pct": self.percent, "actual": round(self.actual * 100)}
        if self.kind == "min":
            return _("%(names)s minimal %(pct)d%% (saat ini %(actual)d%%).") % params
        if self.kind == "max":
            return _("%(names)s maksimal %(pct)d%% (saat ini %(actual)d%%).") % params
        return _("Harus ada pegawai dengan predikat %(names)s.") % params


def check_distribution(
    counts: dict[str, int], org_predikat: str, rules: dict[str, list[Rule]]
) -> list[Violation]:
    """The rules the counts break; exact integer comparison, no float rounding."""
    total = sum(counts.values())
    if total == 0:
        return []
    out = []
    for kind, group, percent in rules.get(org_predikat, []):
        n = sum(counts.get(p, 0) for p in group)
        share = Fraction(n, total)
        broken = (
            (kind == "min" and n * 100 < percent * total)
            or (kind == "max" and n * 100 > percent * total)
            or (kind == "some" and n == 0)
        )
        if broken:
            out.append(Violation(kind, group, percent, share))
    return out


def in_unit(unit: Unit, prefix: str = "employee__") -> Q:
    """Employees of a unit and its whole subtree (OPD: the denormalised opd column)."""
    if unit.parent_id is None:
        return Q(**{f"{prefix}opd_id": unit.pk})
    return Q(**{f"{prefix}unit_id": unit.pk}) | Q(
        **{f"{prefix}unit__path__startswith": f"{unit.path}/"}
    )


def unit_counts(tenant: Tenant, unit: Unit, period: str) -> dict[str, int]:
    """Employees per predikat in the unit's subtree for the period (one grouped query)."""
    return dict(
        Rating.objects.filter(in_unit(unit), tenant=tenant, period=period)
        .values_list("predikat")
        .annotate(n=Count("id"))
        .values_list("predikat", "n")
    )


def lock_for(employee: Employee, period: str) -> CalibrationLock | None:
    """The lock on the employee's unit or any unit above it, if the period was finalised."""
    codes = employee.unit.path.split("/") if employee.unit.path else [employee.unit.code]
    return CalibrationLock.objects.filter(
        tenant=employee.tenant, period=period, unit__code__in=codes
    ).first()
