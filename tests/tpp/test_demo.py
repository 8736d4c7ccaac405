"""The TPP demo hook: a valid policy for every kelas, and runs through the lifecycle."""

from __future__ import annotations

import random

from pamong.attendance.calendar import load_calendar
from pamong.core.actor import cli_actor
from pamong.tpp.demo import generate, policy_text
from pamong.tpp.models import TppPolicy, TppRun
from pamong.tpp.policy import parse_policy
from tests.conftest import World
from tests.tpp.conftest import CALENDAR


def test_demo_policy_is_valid_and_covers_every_kelas() -> None:
    policy = parse_policy(policy_text(2026), source="demo")
    assert sorted(policy.base_by_class) == list(range(1, 18))


def test_demo_hook_runs_each_month(world: World) -> None:
    load_calendar(actor=cli_actor(world.tenant), data=CALENDAR)
    generate(tenant=world.tenant, rng=random.Random(1), months=["2026-09", "2026-10"])
    assert TppPolicy.objects.filter(tenant=world.tenant).count() == 1
    runs = dict(TppRun.objects.filter(tenant=world.tenant).values_list("period__month", "status"))
    assert runs == {9: "paid", 10: "draft"}


def test_demo_hook_without_a_calendar_keeps_the_policy(world: World) -> None:
    generate(tenant=world.other_tenant, rng=random.Random(1), months=["2026-10"])
    assert TppPolicy.objects.filter(tenant=world.other_tenant).exists()
    assert not TppRun.objects.filter(tenant=world.other_tenant).exists()
