"""Pure rules of competence development (domain.md §4.3): thresholds, JP recognition of
non-classical forms, date overlaps. No database access, so they are tested directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .models import CLASSICAL, ProgrammeKind

# PP 11/2017 Pasal 203: a PNS has the right to at least 20 JP a year.
PNS_MIN_JP = 20
# PP 49/2018: a PPPK up to 24 JP per contract year.
PPPK_MAX_JP = 24
MINUTES_PER_JP = 45

BASIS_DECLARED = "declared"  # the JP stated by the programme or certificate
BASIS_SESSION = "session"  # `jp` per session
BASIS_MINUTES = "minutes"  # one JP per 45 minutes


@dataclass(frozen=True)
class Recognition:
    """How one non-classical form converts to JP; `cap` limits one activity (0: no cap)."""

    basis: str
    jp: int = 0
    cap: int = 0
    default: bool = True  # True while the tenant has not set it (UNCONFIRMED defaults)


# UNCONFIRMED defaults (domain.md §4.3: conversion differs between instances). Each tenant
# confirms or changes them in its competence settings; pages mark the ones still default.
DEFAULT_RECOGNITION: dict[str, Recognition] = {
    ProgrammeKind.COACHING: Recognition(BASIS_SESSION, jp=2, cap=20),
    ProgrammeKind.MENTORING: Recognition(BASIS_SESSION, jp=2, cap=20),
    ProgrammeKind.E_LEARNING: Recognition(BASIS_DECLARED),
    ProgrammeKind.PJJ: Recognition(BASIS_DECLARED),
    ProgrammeKind.DETASERING: Recognition(BASIS_DECLARED, cap=40),
    ProgrammeKind.BENCHMARKING: Recognition(BASIS_DECLARED, cap=10),
    ProgrammeKind.MAGANG: Recognition(BASIS_DECLARED, cap=40),
    ProgrammeKind.BELAJAR_MANDIRI: Recognition(BASIS_MINUTES, cap=10),
    ProgrammeKind.KOMUNITAS: Recognition(BASIS_SESSION, jp=1, cap=10),
}
BASES = (BASIS_DECLARED, BASIS_SESSION, BASIS_MINUTES)


def recognition_rules(overrides: dict[str, Any] | None) -> dict[str, Recognition]:
    """The defaults with the tenant's overrides ({kind: {"basis", "jp", "cap"}}) applied."""
    rules = dict(DEFAULT_RECOGNITION)
    for kind, raw in (overrides or {}).items():
        if kind not in rules or not isinstance(raw, dict):
            continue
        basis = raw.get("basis", rules[kind].basis)
        if basis not in BASES:
            continue
        rules[kind] = Recognition(
            basis=basis,
            jp=max(int(raw.get("jp", 0) or 0), 0),
            cap=max(int(raw.get("cap", 0) or 0), 0),
            default=False,
        )
    return rules


def recognised_jp(
    kind: str,
    declared_jp: int,
    rules: dict[str, Recognition],
    *,
    sessions: int = 0,
    minutes: int = 0,
) -> int:
    """The JP one completed activity adds to the ledger.

    Classical forms count the JP stated by the programme. Non-classical forms follow the
    tenant's rule: the stated JP, `jp` per session, or one JP per 45 minutes, never above
    the rule's cap (when it has one)."""
    if kind in CLASSICAL or kind not in rules:
        return max(declared_jp, 0)
    rule = rules[kind]
    if rule.basis == BASIS_SESSION:
        value = rule.jp * max(sessions, 0) if sessions else declared_jp
    elif rule.basis == BASIS_MINUTES:
        value = max(minutes, 0) // MINUTES_PER_JP if minutes else declared_jp
    else:
        value = declared_jp
    value = max(value, 0)
    return min(value, rule.cap) if rule.cap else value


def threshold_for(
    employee_type: str, pns_min: int = PNS_MIN_JP, pppk_max: int = PPPK_MAX_JP
) -> int:
    """The yearly JP an employee should reach: PNS/CPNS the 20 JP minimum, PPPK their right
    of up to 24 JP (counted per calendar year here, see docs/formats/competence.md)."""
    return pppk_max if employee_type == "PPPK" else pns_min


def overlaps(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> bool:
    return a_start <= b_end and b_start <= a_end


def reminder_season(today: dt.date) -> bool:
    """Reminders about missing JP go out from the third quarter on (July–December)."""
    return today.month >= 7
