"""The pure parts of the demo generator: the org tree and the people (no database)."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter

import pytest

from pamong.demo.data import PRESETS, preset_for
from pamong.demo.generator import last_months
from pamong.demo.jobs import EDUCATION, GURU, PUSKESMAS, RSUD, Job
from pamong.demo.orgtree import OPDS, allocate_staff, build_tree
from pamong.demo.people import NipAllocator, PersonFactory
from pamong.org.models import PNS_GOLONGAN, PPPK_GOLONGAN
from pamong.org.nip import nip_problems

TODAY = dt.date(2026, 11, 23)


def test_the_tree_of_a_city_has_every_kind_of_unit() -> None:
    nodes = build_tree(PRESETS["kupang"], 1200)
    names = {n.name for n in nodes}
    for opd in OPDS:
        assert opd.name in names
    kinds = Counter(n.kind for n in nodes)
    for kind in ("opd", "bidang", "seksi", "subbidang", "sekolah", "puskesmas", "upt"):
        assert kinds[kind] > 0, kind
    assert kinds["kecamatan"] == 6  # Kota Kupang has six kecamatan
    assert kinds["kelurahan"] >= 6
    assert "Kecamatan Oebobo" in names and "RSUD Kupang" in names
    assert any(n.startswith("SD Negeri") for n in names)
    assert any(n.startswith("SMP Negeri") for n in names)


def test_unit_codes_are_unique_and_follow_the_tree() -> None:
    nodes = build_tree(PRESETS["palu"], 900)
    codes = [n.code for n in nodes]
    assert len(set(codes)) == len(codes)
    for n in nodes:
        if n.parent is None:
            assert re.fullmatch(r"[12]\.\d\d", n.code)
        else:
            assert n.code.startswith(n.parent.code + ".")
    # Parents come before their children (the writer relies on it).
    seen: set[int] = set()
    for n in nodes:
        assert n.parent is None or id(n.parent) in seen
        seen.add(id(n))


def test_heads_have_the_kelas_of_their_level() -> None:
    nodes = build_tree(PRESETS["kupang"], 1200)
    for n in nodes:
        if n.head is None:
            continue
        if n.parent is None and n.kind == "opd":
            assert (n.head.kind, n.head.kelas) in {("jpt", 14), ("jpt", 15)}
        elif n.head.kind == "administrator":
            assert n.head.kelas in {11, 12}
        else:
            assert (n.head.kind, n.head.kelas) == ("pengawas", 9)
    kepala_dinas = next(n for n in nodes if n.name == "Dinas Pendidikan").head
    assert kepala_dinas is not None and kepala_dinas.name == "Kepala Dinas Pendidikan"


def test_a_small_tenant_gets_a_shallow_tree() -> None:
    small, big = build_tree(PRESETS["sawahlunto"], 350), build_tree(PRESETS["kupang"], 1200)
    heads = sum(1 for n in small if n.head)
    assert heads < 350 * 0.2
    assert len(small) < len(big)
    assert max(n.depth for n in small) <= max(n.depth for n in big)


def test_a_non_preset_tenant_scales_to_many_units() -> None:
    nodes = build_tree(preset_for("bench", None, None, 20000), 20000)
    kinds = Counter(n.kind for n in nodes)
    assert kinds["sekolah"] > 200 and kinds["puskesmas"] > 50
    assert len({n.code for n in nodes}) == len(nodes)


def test_staff_are_spread_over_units_with_fitting_jobs() -> None:
    nodes = build_tree(PRESETS["palu"], 900)
    staff = allocate_staff(nodes, 700, random.Random(1))
    assert len(staff) == 700
    for unit, job in staff:
        assert job in {j for j, _w in unit.staff}
        assert not job.is_head  # heads are placed separately, one per unit
    by_kind = Counter(unit.kind for unit, _job in staff)
    assert by_kind["sekolah"] > by_kind["kelurahan"] > 0


@pytest.mark.parametrize("job", [j for j, _w in (*GURU, *PUSKESMAS, *RSUD)])
def test_people_have_valid_nips_and_fitting_golongan(job: Job) -> None:
    factory = PersonFactory(
        random.Random(job.name), PRESETS["palu"].region, TODAY, NipAllocator(set()), "x.test"
    )
    for _ in range(150):
        p = factory.make(job)
        problems = nip_problems(
            p.nip, employee_type=p.employee_type, birth_date=p.birth_date, gender=p.gender
        )
        assert problems == [], (p, problems)
        age = (TODAY - p.birth_date).days / 365.25
        assert 19 <= age < job.retire_age
        if p.employee_type == "PPPK":
            assert p.golongan in PPPK_GOLONGAN
            assert p.nip[12:14] == "21"
        else:
            assert p.golongan in PNS_GOLONGAN
            assert p.tmt_unit >= dt.date(int(p.nip[8:12]), int(p.nip[12:14]), 1)
        if p.employee_type == "PNS":
            low, high = job.gol
            assert low <= PNS_GOLONGAN.index(p.golongan) <= high
        if EDUCATION[job.edu].front:
            assert p.name.startswith(EDUCATION[job.edu].front) or "Drs" in p.name


def test_nip_serials_skip_taken_numbers() -> None:
    nips = NipAllocator({"198001012005011001", "198001012005011002"})
    assert nips.allocate("198001012005011") == "198001012005011003"
    assert nips.allocate("198001012005011") == "198001012005011004"
    assert nips.allocate("198001012005012") == "198001012005012001"


def test_months_are_the_complete_months_before_today() -> None:
    assert last_months(dt.date(2026, 1, 15), 3) == ["2025-10", "2025-11", "2025-12"]
    assert last_months(TODAY, 1) == ["2026-10"]


def test_benchmark_size_tenants_get_one_month_unless_asked() -> None:
    from pamong.demo.management.commands.demo import BENCH_SCALE, default_months

    assert default_months(None, None) == 3
    assert default_months(None, BENCH_SCALE) == 3
    assert default_months(None, BENCH_SCALE + 1) == 0
    assert default_months(2, 100_000) == 2
