"""Formasi planning: BUP and TMT pensiun, the proposal from the gap (hand-computed and against
an independent count on random data), the ABK file (all-or-nothing, idempotent) and export."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from django.core.management import call_command

from pamong.core.actor import actor_for_user
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.org.models import Employee
from pamong.recruitment.planning import Need, Person, bup_for, proposal, retirement_date
from pamong.recruitment.planning_services import formasi_needs_load, formasi_proposal
from tests.conftest import World


def test_bup_and_retirement_date() -> None:
    assert bup_for("pelaksana", 5) == 58 and bup_for("jpt", 14) == 60
    assert bup_for("fungsional", 9) == 58 and bup_for("fungsional", 12) == 60
    assert bup_for("fungsional", 14) == 65
    assert bup_for("pelaksana", 5, {"pelaksana": 60}) == 60
    assert retirement_date(dt.date(1968, 5, 10), 58) == dt.date(2026, 6, 1)
    assert retirement_date(dt.date(1968, 12, 31), 58) == dt.date(2027, 1, 1)


def test_hand_computed_proposal() -> None:
    needs = [Need("1.01", "Analis", 5, transfers_in=1, transfers_out=0), Need("1.02", "Dokter", 2)]
    people = [
        Person("1.01", "Analis", dt.date(1968, 11, 2), "pelaksana", 7),  # TMT 2026-12-01
        Person("1.01", "Analis", dt.date(1968, 12, 2), "pelaksana", 7),  # TMT 2027-01-01
        Person("1.01", "Analis", dt.date(1969, 1, 2), "pelaksana", 7),  # 2027-02-01: stays
        Person("1.02", "Dokter", dt.date(1968, 1, 1), "fungsional", 12),  # BUP 60: stays
        Person("1.02", "Dokter", dt.date(1990, 1, 1), "fungsional", 9),
        Person("1.02", "Dokter", dt.date(1991, 1, 1), "fungsional", 9),
        Person("1.03", "Sopir", dt.date(1990, 1, 1), "pelaksana", 3),  # no ABK row
    ]
    rows = {(r.opd, r.jabatan): r for r in proposal(needs, people, 2026)}
    analis = rows[("1.01", "Analis")]
    assert (analis.in_post, analis.retiring, analis.projected, analis.proposal) == (3, 2, 2, 3)
    dokter = rows[("1.02", "Dokter")]
    assert (dokter.projected, dokter.proposal) == (3, 0)
    assert any("kelebihan 1" in r for r in dokter.reasons)
    assert rows[("1.03", "Sopir")].proposal == 0


def test_proposal_agrees_with_an_independent_count() -> None:
    rng = random.Random(7)
    for _ in range(50):
        year = rng.randint(2025, 2030)
        keys = [("1.0" + str(i), j) for i in range(3) for j in ("A", "B")]
        needs = [
            Need(o, j, rng.randint(0, 6), rng.randint(0, 2), rng.randint(0, 2)) for o, j in keys
        ]
        people = [
            Person(*rng.choice(keys), dt.date(rng.randint(1960, 1975), rng.randint(1, 12), 15),
                   rng.choice(["pelaksana", "jpt"]), 7)
            for _ in range(rng.randint(0, 30))
        ]  # fmt: skip
        for row in proposal(needs, people, year):
            mine = [p for p in people if (p.opd, p.jabatan) == (row.opd, row.jabatan)]
            # retires during `year` or earlier when the birthday month of the BUP year is
            # before December of `year` (TMT on the 1st of the next month <= 1 Jan next year)
            leaving = sum(
                1 for p in mine
                if p.birth_date.year + (60 if p.kind == "jpt" else 58) <= year
            )  # fmt: skip
            need = next(n for n in needs if (n.opd, n.jabatan) == (row.opd, row.jabatan))
            expected = need.needed - (len(mine) - leaving - need.transfers_out + need.transfers_in)
            assert (row.retiring, row.proposal) == (leaving, max(expected, 0))


def test_abk_file_and_proposal_export(world: World, tmp_path: Path) -> None:
    actor = actor_for_user(world.admin_user)
    jabatan = world.employee.position.name
    text = f"kode_opd,jabatan,kebutuhan,pindah_masuk,pindah_keluar\n1.01,{jabatan},6,0,1\n"
    assert formasi_needs_load(actor=actor, year=2026, data=text.encode()) == (1, 0, 0)
    assert formasi_needs_load(actor=actor, year=2026, data=text.encode()) == (0, 0, 1)
    assert AuditLog.objects.filter(action="recruitment.formasi_needs.loaded").count() == 1
    with pytest.raises(InputErrors) as info:
        formasi_needs_load(actor=actor, year=2026, data=b"kode_opd,jabatan,kebutuhan\n9.99,X,-1\n")
    assert {e.column for e in info.value.errors} == {"kode_opd", "kebutuhan"}
    in_post = Employee.objects.filter(
        tenant=world.tenant, opd=world.opd, position__name=jabatan
    ).count()
    row = next(r for r in formasi_proposal(actor=actor, year=2026) if r.jabatan == jabatan)
    assert row.in_post == in_post and row.proposal == max(6 - (in_post - row.retiring - 1), 0)
    out = tmp_path / "usulan.csv"
    args = ["--tenant", world.tenant.slug, "--year", "2026", "--output", str(out)]
    call_command("formasi_proposal", *args)
    assert out.read_text().startswith("kode_opd,jabatan,kebutuhan,menjabat,pensiun")
    assert f"1.01,{jabatan},6,{in_post}," in out.read_text()
