"""tpp-policy.yaml: parsing, validation messages that name the field, load, export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from pamong.core.actor import cli_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.tpp.models import TppPolicy
from pamong.tpp.policy import parse_policy, policy_from_json, policy_to_yaml
from pamong.tpp.services import policy_in_force, policy_of, tpp_policy_load
from tests.conftest import World
from tests.tpp.conftest import POLICY


def _messages(text: str) -> list[str]:
    with pytest.raises(InputErrors) as info:
        parse_policy(text, source="p.yaml")
    return [e.message for e in info.value.errors]


def _edited(**changes: object) -> str:
    doc = yaml.safe_load(POLICY)
    for path, value in changes.items():
        node = doc
        keys = path.split("__")
        for key in keys[:-1]:
            node = node[int(key)] if isinstance(node, list) else node[key]
        last = keys[-1]
        if value is None:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return yaml.safe_dump(doc)


def test_the_example_policy_is_read_exactly() -> None:
    policy = parse_policy(POLICY, source="p.yaml")
    assert policy.late_in[0].percent == Decimal("0.5")
    assert policy.late_in[3].end is None
    assert policy.leave["sakit"].after_days == 3
    assert policy.leave["sakit"].deduct_after == Decimal(2)
    assert policy.unpaid_leave_types == ("besar", "cltn")
    assert policy.base_by_class[14] == 13_000_000
    assert policy.effective_from == dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"weights": {"kinerja": 60, "disiplin": 30}}, "weights: "),
        ({"bpjs": None}, "bpjs: wajib diisi"),
        ({"surprise": 1}, "surprise: kunci tidak dikenal"),
        ({"bpjs__percent": -1}, "bpjs.percent: tidak boleh negatif"),
        ({"discipline__absent": 101}, "discipline.absent: persen tidak boleh lebih dari 100"),
        ({"discipline__missing_in": 1.125}, "discipline.missing_in: paling banyak dua"),
        (
            {"discipline__late_in__2": {"from": 50, "to": 90, "percent": 1}},
            "discipline.late_in[2].from: rentang tumpang tindih",
        ),
        (
            {"discipline__late_in__1": {"from": 31, "to": 20, "percent": 1}},
            "discipline.late_in[1].to: lebih kecil",
        ),
        ({"discipline__early_out__0__colour": 1}, "discipline.early_out[0].colour: kunci"),
        ({"leave__sakit": {"deduct": 0, "after_days": 3}}, "leave.sakit.deduct_after"),
        ({"leave__tahunan": None}, "leave.tahunan: wajib diisi"),
        ({"kinerja_percent__missing": None}, "kinerja_percent.missing: wajib diisi"),
        ({"base_by_class": {18: 1000}}, "base_by_class.18: kelas jabatan"),
        ({"not_paid_status": ["libur"]}, "not_paid_status[0]: status tidak dikenal"),
        ({"tax__method": "flat"}, "tax.method: "),
        ({"effective_from": "kemarin"}, "effective_from: "),
    ],
)
def test_invalid_policies_name_the_field(changes: dict[str, object], expected: str) -> None:
    messages = _messages(_edited(**changes))
    assert any(m.startswith(expected) for m in messages), messages


def test_all_problems_are_reported_together() -> None:
    messages = _messages(_edited(bpjs__percent=-1, discipline__cap=200, weights=None))
    assert len(messages) == 3


def test_bad_yaml_is_an_input_error() -> None:
    assert "YAML" in _messages("weights: [1, 2")[0]


def test_json_round_trip_and_yaml_export_give_the_same_policy() -> None:
    policy = parse_policy(POLICY, source="p.yaml")
    assert policy_from_json(policy.raw) == policy
    assert parse_policy(policy_to_yaml(policy), source="again.yaml") == policy
    assert "percent: 0.5" in policy_to_yaml(policy)


def test_loading_replaces_the_same_effective_date(world: World) -> None:
    actor = cli_actor(world.tenant)
    row, created = tpp_policy_load(actor=actor, data=POLICY.encode(), source="a.yaml")
    assert created
    second, created = tpp_policy_load(
        actor=actor, data=_edited(name="Perubahan").encode(), source="b.yaml"
    )
    assert not created and second.pk == row.pk
    assert TppPolicy.objects.filter(tenant=world.tenant).count() == 1
    assert policy_of(TppPolicy.objects.get(pk=row.pk)).name == "Perubahan"
    later = _edited(effective_from=dt.date(2027, 1, 1)).encode()
    tpp_policy_load(actor=actor, data=later, source="c.yaml")
    assert policy_in_force(world.tenant, dt.date(2026, 12, 31)).pk == row.pk  # type: ignore[union-attr]
    assert policy_in_force(world.tenant, dt.date(2027, 1, 1)).pk != row.pk  # type: ignore[union-attr]
    assert policy_in_force(world.tenant, dt.date(2025, 12, 31)) is None
    assert policy_in_force(world.other_tenant, dt.date(2027, 1, 1)) is None
    actions = list(
        AuditLog.objects.filter(tenant=world.tenant, action__startswith="tpp.policy").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["tpp.policy.loaded", "tpp.policy.loaded", "tpp.policy.replaced"]


def test_load_command_reports_problems_with_exit_status_2(world: World, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text(_edited(bpjs__percent=-1), encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("tpp_policy_load", "--tenant", "sofifi", str(bad))
    assert info.value.returncode == 2
    assert "bad.yaml: bpjs.percent: tidak boleh negatif" in capsys.readouterr().err
    assert not TppPolicy.objects.exists()


def test_export_command_writes_loadable_yaml(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "p.yaml"
    good.write_text(POLICY, encoding="utf-8")
    call_command("tpp_policy_load", "--tenant", "sofifi", str(good))
    out = tmp_path / "out.yaml"
    call_command(
        "tpp_policy_export", "--tenant", "sofifi", "--date", "2026-10-01", "--output", str(out)
    )
    assert parse_policy(out.read_text(encoding="utf-8"), source="out") == parse_policy(
        POLICY, source="in"
    )
