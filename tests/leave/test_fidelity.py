"""Annual leave fidelity (domain.md §4.2, issue 10 §3): no right before one year of
service, years without a right are not unused years, cuti besar and annual leave in one
year, the first-hajj exception, PPPK contracts and travel days. Balances are also held
against an independent calculation on random cases, through `pamong leave balances`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

import pytest
from django.core.management import call_command

from pamong.attendance.models import Leave
from pamong.core.errors import InputErrors
from pamong.leave.models import LeaveSettings
from tests.factories import EmployeeFactory, make_nip
from tests.leave.conftest import approve_fully, d, submit
from tests.leave.test_balances import balance, numbers, used

pytestmark = pytest.mark.django_db


def person(cuti, tmt: str, employee_type: str = "PNS", **kw):
    return EmployeeFactory(
        tenant=cuti.tenant,
        unit=cuti.bidang,
        position=cuti.employee.position,
        employee_type=employee_type,
        golongan="IX" if employee_type == "PPPK" else "III/a",
        nip=make_nip(dt.date(1995, 5, 5), "L", tmt=tmt, employee_type=employee_type),
        birth_date=dt.date(1995, 5, 5),
        supervisor=cuti.supervisor,
        **kw,
    )


def messages(exc: pytest.ExceptionInfo[InputErrors]) -> str:
    return " | ".join(f"{e.column}: {e.message}" for e in exc.value.errors)


# --- One year of continuous service -------------------------------------------------


def test_no_annual_right_before_the_first_anniversary(cuti):
    LeaveSettings.objects.create(tenant=cuti.tenant, first_year=2024)
    cpns = person(cuti, "202503", "CPNS")
    assert numbers(balance(cuti, 2024, cpns)) == (0, 0, 0, 0, 0)
    assert numbers(balance(cuti, 2025, cpns)) == (0, 0, 0, 0, 0)
    assert numbers(balance(cuti, 2026, cpns)) == (12, 0, 12, 0, 12)


def test_a_year_without_a_right_is_not_an_unused_year(cuti):
    LeaveSettings.objects.create(tenant=cuti.tenant, first_year=2024)
    pns = person(cuti, "202403")  # first anniversary March 2025
    assert balance(cuti, 2024, pns).hak_tahun_ini == 0
    assert numbers(balance(cuti, 2025, pns)) == (12, 0, 12, 0, 12)
    # 2025 unused, but 2024 had no right: the remnant carries (6), not the 24-day rule.
    assert numbers(balance(cuti, 2026, pns)) == (12, 6, 18, 0, 18)


def test_the_year_a_cuti_besar_starts_is_not_an_unused_year(cuti):
    LeaveSettings.objects.create(tenant=cuti.tenant, first_year=2024)
    used(cuti, "2024-06-03", "2024-08-30", kind="besar")
    assert balance(cuti, 2024).hak_tahun_ini == 0
    # 2025 unused, 2024 a cuti besar year: at most 18 in 2026.
    assert numbers(balance(cuti, 2026)) == (12, 6, 18, 0, 18)


# --- Cuti besar and annual leave in the same year ------------------------------------


def test_annual_leave_taken_shortens_the_cuti_besar(cuti):
    senior = cuti.supervisor  # more than five years of service
    used(cuti, "2026-02-02", "2026-02-06", employee=senior)  # 5 working days of cuti tahunan
    with pytest.raises(InputErrors) as exc:
        submit(cuti, kind="besar", start="2026-03-02", end="2026-06-01", employee=senior,
               user=cuti.admin_user)  # fmt: skip
    text = messages(exc)
    assert "cuti tahunan 2026 yang sudah diambil (5 hari kerja) mengurangi cuti besar" in text
    # 3 months from 2 March end on Monday 1 June; five working days less (1 June and
    # 26–29 May): up to Monday 25 May.
    assert "2026-05-25" in text
    request = submit(cuti, kind="besar", start="2026-03-02", end="2026-05-25", employee=senior,
                     user=cuti.admin_user)  # fmt: skip
    assert request.pk


def test_no_annual_leave_after_a_cuti_besar_in_the_same_year(cuti):
    used(cuti, "2026-02-02", "2026-04-30", kind="besar")
    with pytest.raises(InputErrors) as exc:
        submit(cuti, start="2026-11-02", end="2026-11-02")
    assert "sisa cuti tahunan 2026 tidak cukup" in messages(exc)


# --- First hajj -----------------------------------------------------------------------


def test_first_hajj_needs_no_five_years(cuti):
    young = person(cuti, "202301")
    with pytest.raises(InputErrors) as exc:
        submit(cuti, kind="besar", start="2026-05-04", end="2026-06-30", employee=young,
               user=cuti.admin_user)  # fmt: skip
    assert "belum berhak" in messages(exc)
    from pamong.leave.services import RequestDetails

    hajj = RequestDetails(reason_category="haji_pertama")
    request = submit(cuti, kind="besar", start="2026-05-04", end="2026-06-30", employee=young,
                     user=cuti.admin_user, details=hajj)  # fmt: skip
    approve_fully(cuti, request)
    # Only the first: a second pilgrimage needs the five years.
    with pytest.raises(InputErrors) as exc:
        submit(cuti, kind="besar", start="2027-05-03", end="2027-06-30", employee=young,
               user=cuti.admin_user, details=hajj)  # fmt: skip
    assert "haji pertama sudah pernah diajukan" in messages(exc)
    with pytest.raises(InputErrors) as exc:
        submit(cuti, start="2026-11-02", end="2026-11-02", details=hajj)
    assert "reason_category: ibadah haji pertama adalah alasan untuk cuti besar" in messages(exc)


# --- PPPK contracts and travel days ----------------------------------------------------


@pytest.mark.parametrize(
    ("contract_end", "carried"),
    [
        ("2025-12-31", 0),  # exactly two years: not longer than two
        ("2026-01-31", 6),  # longer than two years: the remnant, up to 18
        ("2026-12-31", 6),  # exactly three years: still not the 24-day rule
        ("2027-01-31", 12),  # longer than three years: up to 24
        (None, 0),  # no contract known: no carry-over
    ],
)
def test_pppk_carry_over_depends_on_the_contract(cuti, contract_end, carried):
    LeaveSettings.objects.create(tenant=cuti.tenant, first_year=2023)
    pppk = person(
        cuti,
        "202301",
        "PPPK",
        contract_start=d("2024-01-01") if contract_end else None,
        contract_end=d(contract_end) if contract_end else None,
    )
    assert numbers(balance(cuti, 2026, pppk))[:2] == (12, carried)


def test_pppk_travel_days_at_most_six(cuti):
    from pamong.leave.services import RequestDetails

    pppk = person(cuti, "202201", "PPPK")
    far = RequestDetails(hard_to_reach=True, destination="Pulau Gebe", travel_days=7)
    with pytest.raises(InputErrors) as exc:
        submit(cuti, employee=pppk, user=cuti.admin_user, details=far)
    assert "1 sampai 6 hari kalender (diisi 7)" in messages(exc)
    ok = RequestDetails(hard_to_reach=True, destination="Pulau Gebe", travel_days=6)
    assert submit(cuti, employee=pppk, user=cuti.admin_user, details=ok).travel_days == 6


# --- Independent calculation on random cases ------------------------------------------

FIRST, LAST = 2022, 2026


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, min(day.day, 28))


def expected(case: dict, year: int) -> list[int]:
    """The rules of domain.md §4.2 as this test reads them, from scratch."""
    start = case["start"]
    rights = {}
    for y in range(FIRST, year + 1):
        anniversary = dt.date(start.year + 1, start.month, start.day)
        ok = anniversary <= dt.date(y, 12, 31) and y not in case["besar"]
        rights[y] = 12 if ok else 0
    limit = 12
    if case["type"] == "PPPK":
        c0, c1 = case["contract"]
        length_days = (c1 - c0).days + 1
        after = c1 + dt.timedelta(days=1)
        limit = 12 if after > _add_months(c0, 36) else 6 if after > _add_months(c0, 24) else 0
        assert length_days > 0
    used = case["used"]
    carry = 0
    for y in range(FIRST + 1, year + 1):
        remnant = max(0, rights[y - 1] + carry - used.get(y - 1, 0))
        two = (y - 2 >= FIRST and rights[y - 1] == 12 and rights[y - 2] == 12
               and not used.get(y - 1) and not used.get(y - 2))  # fmt: skip
        carry = min(remnant, 12 if two else 6, limit)
    hak = rights[year]
    if case["type"] == "PPPK" and not hak:
        hak = 6  # the early days for a family emergency or a first marriage
    return [hak, carry, hak + carry, used.get(year, 0), hak + carry - used.get(year, 0)]


def _first_monday_of_march(year: int) -> dt.date:
    day = dt.date(year, 3, 1)
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def test_balances_command_agrees_with_an_independent_calculation(cuti, tmp_path):
    LeaveSettings.objects.create(tenant=cuti.tenant, first_year=FIRST)
    rng = random.Random(202612)
    cases = {}
    for _ in range(40):
        kind = rng.choice(["PNS", "PNS", "CPNS", "PPPK"])
        tmt_year, tmt_month = rng.randint(2015, 2026), rng.randint(1, 12)
        extra = {}
        if kind == "PPPK":
            start = dt.date(tmt_year, rng.randint(1, 12), 1)
            renewal = rng.random() < 0.3  # a later contract: the NIP year counts
            c0 = dt.date(tmt_year + rng.randint(1, 3), 1, 1) if renewal else start
            c1 = _add_months(c0, rng.choice([12, 24, 25, 36, 37, 60])) - dt.timedelta(days=1)
            extra = {"contract_start": c0, "contract_end": c1}
            service = c0 if c0.year == tmt_year else dt.date(tmt_year, 1, 1)
        else:
            service = dt.date(tmt_year, tmt_month, 1)
        employee = person(cuti, f"{tmt_year}{tmt_month:02d}", kind, **extra)
        used_days: dict[int, int] = {}
        besar: set[int] = set()
        for y in range(FIRST, LAST + 1):
            roll = rng.random()
            if roll < 0.45:
                n = rng.randint(1, 5)
                monday = _first_monday_of_march(y)
                used(cuti, monday.isoformat(), (monday + dt.timedelta(days=n - 1)).isoformat(),
                     employee=employee)  # fmt: skip
                used_days[y] = n
            elif roll < 0.55 and kind != "PPPK":
                Leave.objects.create(tenant=cuti.tenant, employee=employee, kind="besar",
                                     start=dt.date(y, 6, 1), end=dt.date(y, 8, 31))  # fmt: skip
                besar.add(y)
        cases[employee.nip] = {"type": kind, "start": service, "used": used_days,
                               "besar": besar, "contract": (extra.get("contract_start"),
                                                            extra.get("contract_end"))}  # fmt: skip
    for year in (2025, 2026):
        target = tmp_path / f"saldo-{year}.csv"
        call_command("leave_balances", tenant=cuti.tenant.slug, year=year, output=str(target),
                     stdout=io.StringIO())  # fmt: skip
        rows = list(csv.reader(io.StringIO(target.read_text())))
        assert rows[0] == ["nip", "nama", "hak_tahun_ini", "sisa_tahun_lalu", "hak_total",
                           "terpakai", "sisa"]  # fmt: skip
        got = {r[0]: [int(x) for x in r[2:]] for r in rows[1:] if r[0] in cases}
        assert len(got) == len(cases)
        for nip, case in cases.items():
            assert got[nip] == expected(case, year), f"{nip} {year} {case}"


def test_rules_page_explains_carried_days_in_a_cuti_besar_year(cuti):
    from django.urls import reverse

    html = cuti.client_for(cuti.employee_user).get(reverse("leave:rules-info")).content.decode()
    assert "Sisa yang dibawa dari tahun sebelumnya tetap dapat dipakai pada tahun itu" in html
    assert "ibadah haji pertama tidak memerlukan masa kerja 5 tahun" in html
    assert "perjanjian kerja lebih dari 2 tahun" in html
