"""Pure rules: JP recognition of non-classical forms, thresholds, the reminder season."""

from __future__ import annotations

import datetime as dt
import random

from pamong.competence.models import CLASSICAL, ProgrammeKind
from pamong.competence.rules import (
    DEFAULT_RECOGNITION,
    recognised_jp,
    recognition_rules,
    reminder_season,
    threshold_for,
)


def test_classical_forms_count_the_stated_jp_whatever_the_rules() -> None:
    rules = recognition_rules({"coaching": {"basis": "session", "jp": 9, "cap": 1}})
    for kind in CLASSICAL:
        assert recognised_jp(kind, 32, rules, sessions=5, minutes=900) == 32


def test_defaults_are_marked_until_the_tenant_sets_them() -> None:
    rules = recognition_rules({"mentoring": {"basis": "declared", "jp": 0, "cap": 0}})
    assert rules["mentoring"].default is False
    assert all(r.default for k, r in rules.items() if k != "mentoring")
    assert set(DEFAULT_RECOGNITION) == {k for k in ProgrammeKind.values if k not in CLASSICAL}


def test_unknown_kinds_and_bases_in_settings_are_ignored() -> None:
    rules = recognition_rules({"nonsense": {"basis": "session"}, "coaching": {"basis": "x"}})
    assert rules == recognition_rules(None)


def test_recognition_matches_an_independent_calculation_on_random_cases() -> None:
    rng = random.Random(13)
    kinds = list(DEFAULT_RECOGNITION)
    for _ in range(500):
        kind = rng.choice(kinds)
        basis = rng.choice(["declared", "session", "minutes"])
        per, cap = rng.randint(0, 5), rng.choice([0, rng.randint(1, 40)])
        declared, sessions, minutes = rng.randint(1, 60), rng.randint(0, 12), rng.randint(0, 2000)
        rules = recognition_rules({kind: {"basis": basis, "jp": per, "cap": cap}})
        if basis == "session":
            expected = per * sessions if sessions else declared
        elif basis == "minutes":
            expected = int(minutes / 45) if minutes else declared  # 1 JP = 45 minutes
        else:
            expected = declared
        if cap:
            expected = min(expected, cap)
        got = recognised_jp(kind, declared, rules, sessions=sessions, minutes=minutes)
        assert got == expected, (kind, basis, per, cap, declared, sessions, minutes)


def test_self_study_default_counts_45_minutes_per_jp_up_to_10() -> None:
    rules = recognition_rules(None)
    assert recognised_jp("belajar_mandiri", 99, rules, minutes=134) == 2
    assert recognised_jp("belajar_mandiri", 99, rules, minutes=135) == 3
    assert recognised_jp("belajar_mandiri", 99, rules, minutes=45 * 30) == 10


def test_thresholds_pns_minimum_and_pppk_right() -> None:
    assert threshold_for("PNS") == 20
    assert threshold_for("CPNS") == 20
    assert threshold_for("PPPK") == 24
    assert threshold_for("PPPK", 30, 12) == 12


def test_reminders_start_in_the_third_quarter() -> None:
    assert not reminder_season(dt.date(2026, 6, 30))
    assert reminder_season(dt.date(2026, 7, 1))
    assert reminder_season(dt.date(2026, 12, 31))
