"""Automatic findings: outliers in the report's figures, each with its numbers.

Pure: reads the report data (report.py) only, so a signed snapshot gives the same findings.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

# "Mostly Sangat Baik": more than this share of the OPD's predikat.
SB_MOSTLY_PCT = Decimal(50)
# A late rate is high from this percent and from this multiple of the tenant's rate.
LATE_HIGH_PCT = Decimal(5)
LATE_HIGH_FACTOR = Decimal("1.5")
# Complaint deadline compliance below this percent is a finding (issue 16).
COMPLIANCE_MIN_PCT = Decimal(80)


def _d(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def findings(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = {r["code"]: r for r in data["indicators"] if r.get("available")}
    names = {str(o["id"]): o["name"] for o in data["opds"]}
    out: list[dict[str, Any]] = []

    def opd_value(code: str, opd: str, key: str = "value") -> Decimal | None:
        return _d(rows.get(code, {}).get("opds", {}).get(opd, {}).get(key))

    for opd, name in names.items():
        sb, ikm_change = opd_value("predikat_sb_share", opd), opd_value("ikm", opd, "change")
        if sb is not None and sb > SB_MOSTLY_PCT and ikm_change is not None and ikm_change < 0:
            out.append(
                {
                    "kind": "sb_ikm_fell",
                    "opd": opd,
                    "message": _(
                        "%(opd)s: %(sb)s%% predikat Sangat Baik, sementara IKM turun %(fall)s "
                        "poin (dari %(before)s menjadi %(now)s)."
                    )
                    % {
                        "opd": name,
                        "sb": sb,
                        "fall": -ikm_change,
                        "before": opd_value("ikm", opd, "previous"),
                        "now": opd_value("ikm", opd),
                    },
                }
            )
        late = opd_value("late_in_rate", opd)
        tenant_late = _d(rows.get("late_in_rate", {}).get("total", {}).get("value")) or Decimal(0)
        deduction = opd_value("tpp_discipline_deduction", opd)
        if (
            late is not None
            and late >= LATE_HIGH_PCT
            and late >= tenant_late * LATE_HIGH_FACTOR
            and deduction is not None
            and deduction == 0
        ):
            out.append(
                {
                    "kind": "late_no_deduction",
                    "opd": opd,
                    "message": _(
                        "%(opd)s: tingkat terlambat %(late)s%% (pemda %(tenant)s%%) tanpa "
                        "potongan disiplin TPP."
                    )
                    % {"opd": name, "late": late, "tenant": tenant_late},
                }
            )
        for code in ("complaint_resolution", "complaint_first_response"):
            value = opd_value(code, opd)
            if value is not None and value < COMPLIANCE_MIN_PCT:
                out.append(
                    {
                        "kind": "complaint_deadline",
                        "opd": opd,
                        "message": _("%(opd)s: %(label)s %(value)s%% (di bawah %(min)s%%).")
                        % {
                            "opd": name,
                            "label": rows[code]["label"].lower(),
                            "value": value,
                            "min": COMPLIANCE_MIN_PCT,
                        },
                    }
                )
        breaks = opd_value("predikat_rule_breaks", opd)
        if breaks:
            out.append(
                {
                    "kind": "distribution",
                    "opd": opd,
                    "message": _("%(opd)s: %(n)s aturan pola distribusi predikat dilanggar.")
                    % {"opd": name, "n": int(breaks)},
                }
            )
        spent = opd_value("tpp_spent", opd)
        if spent is not None and spent > 100:
            out.append(
                {
                    "kind": "over_pagu",
                    "opd": opd,
                    "message": _("%(opd)s: realisasi TPP %(value)s%% dari pagu periode.")
                    % {"opd": name, "value": spent},
                }
            )
    return out
