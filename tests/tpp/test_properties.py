"""Property tests of the pure engine (hypothesis): the amounts always hold together."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pamong.attendance.classify import DayFacts, EmployeeMonth
from pamong.tpp.engine import DAY_KINDS, EmployeeFacts, SanctionFacts, compute_slip
from pamong.tpp.policy import parse_policy
from tests.tpp.conftest import POLICY

POLICY_OBJ = parse_policy(POLICY, source="p.yaml")
PREDIKAT_ORDER = ["missing", "sangat_kurang", "kurang", "butuh_perbaikan", "baik", "sangat_baik"]
FIRST = dt.date(2026, 10, 1)


@st.composite
def day_facts(draw: st.DrawFn, day: dt.date) -> DayFacts:
    kind = draw(st.sampled_from(["leave", "duty", "absent", "present", "present", "present"]))
    if kind == "leave":
        leave_type = draw(st.sampled_from(["tahunan", "sakit", "sakit", "alasan_penting"]))
        return DayFacts(day, "leave", leave_type, None, None, 0, 0, False, False)
    if kind != "present":
        return DayFacts(day, kind, None, None, None, 0, 0, False, False)
    missing = draw(st.sampled_from([None, "in", "out"]))
    late = 0 if missing == "in" else draw(st.integers(0, 240))
    early = 0 if missing == "out" else draw(st.integers(0, 240))
    return DayFacts(
        day, "present", None, None, None, late, early, missing == "in", missing == "out"
    )


@st.composite
def months(draw: st.DrawFn) -> EmployeeMonth:
    count = draw(st.integers(0, 23))
    days = [draw(day_facts(FIRST + dt.timedelta(days=i))) for i in range(count)]
    unpaid = [
        (FIRST + dt.timedelta(days=count + i), "besar") for i in range(draw(st.integers(0, 3)))
    ]
    return EmployeeMonth(1, [d.day for d in days], unpaid, days)


employees = st.builds(
    EmployeeFacts,
    employee_id=st.just(1),
    nip=st.just("199001012019032004"),
    name=st.just("Contoh"),
    unit_code=st.just("1.01"),
    employee_type=st.sampled_from(["PNS", "CPNS", "PPPK"]),
    golongan=st.sampled_from(["I/a", "II/c", "III/b", "IV/e", "VII"]),
    kelas=st.sampled_from([5, 7, 9, 11, 14]),
    jabatan=st.just("Pelaksana"),
)
sanctions = st.lists(
    st.builds(
        SanctionFacts,
        jenis=st.just("hukdis"),
        percent=st.decimals(min_value=0, max_value=100, places=2),
    ),
    max_size=3,
)
predikats = st.sampled_from(PREDIKAT_ORDER)


def _slip(employee, month, predikat, active=()):  # type: ignore[no-untyped-def]
    return compute_slip(
        policy=POLICY_OBJ,
        employee=employee,
        hari_kerja=23,
        month=month,
        predikat=predikat,
        sanctions=active,
    )


@settings(max_examples=300, deadline=None)
@given(employees, months(), predikats, sanctions)
def test_amounts_add_up_and_lines_explain_them(employee, month, predikat, active) -> None:  # type: ignore[no-untyped-def]
    r = _slip(employee, month, predikat, active)
    assert r.netto == r.bruto - r.pph21 - r.iuran_bpjs
    assert r.bruto == r.kinerja + r.disiplin - r.potongan_hukdis
    assert Decimal(0) <= r.potongan_disiplin_persen <= POLICY_OBJ.cap
    assert 0 <= r.netto <= r.bruto <= r.tpp_dasar + 1
    day_sum = sum(line.percent or 0 for line in r.lines if line.kind in DAY_KINDS)
    assert day_sum == r.discipline_sum
    assert min(r.discipline_sum, POLICY_OBJ.cap) == r.potongan_disiplin_persen
    sanction_sum = sum(line.percent or 0 for line in r.lines if line.kind == "sanction")
    assert min(sanction_sum, 100) == r.sanction_percent
    assert sum(line.amount or 0 for line in r.component_lines()) == r.netto
    assert r.hari_dibayar == len(month.paid_days)


@settings(max_examples=300, deadline=None)
@given(employees, months(), predikats, st.data())
def test_more_lateness_never_pays_more(employee, month, predikat, data) -> None:  # type: ignore[no-untyped-def]
    present = [i for i, d in enumerate(month.days) if d.kind == "present" and not d.missing_in]
    if not present:
        return
    index = data.draw(st.sampled_from(present))
    extra = data.draw(st.integers(1, 120))
    later = list(month.days)
    later[index] = replace(later[index], minutes_late=later[index].minutes_late + extra)
    worse = EmployeeMonth(1, month.paid_days, month.unpaid_leave_days, later)
    before, after = _slip(employee, month, predikat), _slip(employee, worse, predikat)
    assert after.potongan_disiplin_persen >= before.potongan_disiplin_persen
    assert after.disiplin <= before.disiplin
    assert after.bruto <= before.bruto


@settings(max_examples=300, deadline=None)
@given(employees, months(), st.integers(0, 4), st.integers(1, 5), sanctions)
def test_a_better_predikat_never_pays_less(employee, month, low, step, active) -> None:  # type: ignore[no-untyped-def]
    high = min(low + step, len(PREDIKAT_ORDER) - 1)
    worse = _slip(employee, month, PREDIKAT_ORDER[low], active)
    better = _slip(employee, month, PREDIKAT_ORDER[high], active)
    assert better.kinerja >= worse.kinerja
    assert better.bruto >= worse.bruto


@settings(max_examples=100, deadline=None)
@given(employees, months(), predikats)
def test_a_not_paid_status_pays_nothing(employee, month, predikat) -> None:  # type: ignore[no-untyped-def]
    r = _slip(replace(employee, status="cltn"), month, predikat)
    assert r.hari_dibayar == 0 and r.netto == 0 and r.bruto == 0
    assert r.keterangan == "status cltn"
