"""Slip PDF and the OPD payroll list PDF: content that adds up, visibility per role."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from pamong.attendance.models import Leave, Punch
from pamong.core.actor import cli_actor
from pamong.performance.models import Rating
from pamong.tpp.models import Sanction, TppRun, TppSlip
from pamong.tpp.runs import tpp_run_approve, tpp_run_compute, tpp_run_verify
from pamong.tpp.slipdoc import build_breakdown, signed
from tests.conftest import World
from tests.tpp.conftest import OCTOBER, TppWorld, setup_tenant

WIT = dt.timezone(dt.timedelta(hours=9))  # the world tenant is in Asia/Jayapura


def _text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    pages = PdfReader(BytesIO(content)).pages
    return "\n".join(page.extract_text() for page in pages)


def _punch(world: World, day: int, hour: int, minute: int) -> None:
    at = dt.datetime(2026, 10, day, hour, minute, tzinfo=WIT)
    Punch.objects.create(tenant=world.tenant, employee=world.employee, at=at)


@pytest.fixture
def busy_month(world: World) -> TppRun:
    """The employee: on time most days, late once, early once, sick leave, a sanction."""
    setup_tenant(world.tenant)
    working = [d for d in range(1, 31) if dt.date(2026, 10, d).weekday() < 5 and d != 5]
    for day in working:
        if day in (20, 21):
            continue  # sick leave
        start = (7, 45) if day == 13 else (7, 25)  # 15 minutes late on the 13th
        end = (15, 20) if day == 14 else (16, 40)  # 40 minutes early on Wed 14th
        _punch(world, day, *start)
        _punch(world, day, *end)
    Leave.objects.create(
        tenant=world.tenant,
        employee=world.employee,
        kind="sakit",
        start=dt.date(2026, 10, 20),
        end=dt.date(2026, 10, 21),
    )
    Rating.objects.create(
        tenant=world.tenant,
        employee=world.employee,
        period="2026-10",
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
        predikat="baik",
    )
    Sanction.objects.create(
        tenant=world.tenant,
        employee=world.employee,
        jenis="Teguran tertulis",
        percent=10,
        start=dt.date(2026, 9, 1),
        months=3,
    )
    return tpp_run_compute(actor=cli_actor(world.tenant), period=OCTOBER)


def test_slip_breakdown_adds_up_and_explains_every_line(busy_month: TppRun, world: World) -> None:
    slip = TppSlip.objects.get(run=busy_month, employee=world.employee)
    b = build_breakdown(slip)
    assert b.adds_up
    assert b.discipline_sum == slip.potongan_disiplin_persen == Decimal("1.5")  # 0.5 + 1
    assert b.leave_days == 2 and b.sanction_percent == 10
    labels = [c.label for c in b.components]
    assert labels[0] == "TPP dasar" and labels[-1] == "Netto (diterima)"
    assert sum(c.amount for c in b.components if not c.total and c.label != "TPP dasar") == (
        slip.netto
    )
    assert "Rp2.800.000 (kelas 5)" in b.components[0].formula
    assert "predikat Baik" in b.components[1].formula
    assert len(b.days) == 21  # every working day, with or without a line


def test_slip_pdf_shows_every_line(busy_month: TppRun, world: World) -> None:
    slip = TppSlip.objects.get(run=busy_month, employee=world.employee)
    client = world.client_for(world.employee_user)
    response = client.get(reverse("tpp:slip-pdf", args=[slip.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert slip.nip in text and "Slip TPP Oktober 2026" in text
    assert "Rp2.800.000" in text and "kelas 5" in text  # base and its source
    assert "predikat Baik" in text
    assert "07:45:00" in text and "terlambat 15 menit" in text  # punch times of a deduction
    assert "15:20:00" in text and "pulang cepat 40 menit" in text
    assert "cuti sakit" in text
    assert "Teguran tertulis" in text
    assert "tepat waktu, tanpa potongan" in text
    for amount in (slip.tpp_dasar, slip.kinerja, slip.disiplin, slip.bruto, slip.netto):
        assert signed(amount) in text
    for deduction in (slip.potongan_hukdis, slip.pph21, slip.iuran_bpjs):
        assert signed(-deduction) in text
    index = client.get(reverse("tpp:index")).content.decode()
    stable = reverse("tpp:run-slip-pdf", args=[busy_month.pk, world.employee.pk])
    assert stable in index  # from "my slips", by run and employee
    # The slip page links to it and shows the same formulas.
    html = client.get(reverse("tpp:slip", args=[slip.pk])).content.decode()
    assert stable in html and "Rp2.800.000" in html


def test_slip_pdf_visibility(tpp: TppWorld, django_assert_max_num_queries: Any) -> None:
    w = tpp.world
    url = reverse("tpp:slip-pdf", args=[tpp.slip_of(w.employee.pk).pk])
    client = w.client_for(w.employee_user)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    for user in (w.auditor_user, w.finance_user, w.admin_user):
        assert w.client_for(user).get(url).status_code == 200
    for user in (w.supervisor_user, w.head_user):
        assert w.client_for(user).get(url).status_code == 403
    assert w.client_for(w.other_admin_user).get(url).status_code == 404
    assert client.post(url).status_code == 405


def test_status_only_slip_pdf(world: World) -> None:
    setup_tenant(world.tenant)
    world.peer.status = "cltn"
    world.peer.save()
    run = tpp_run_compute(actor=cli_actor(world.tenant), period=OCTOBER)
    slip = TppSlip.objects.get(run=run, employee=world.peer)
    b = build_breakdown(slip)
    assert b.adds_up and b.days == [] and slip.netto == 0
    admin = world.client_for(world.admin_user)
    text = _text(admin.get(reverse("tpp:slip-pdf", args=[slip.pk])).content)
    assert "status cltn" in text


def test_adjustment_slip_shows_differences(tpp: TppWorld) -> None:
    w = tpp.world
    actor = cli_actor(w.tenant)
    tpp_run_approve(actor=actor, run=tpp_run_verify(actor=actor, run=tpp.run))
    Rating.objects.create(
        tenant=w.tenant, employee=w.employee, period="2026-10", hasil_kerja="sesuai",
        perilaku_kerja="sesuai", predikat="baik",
    )  # fmt: skip
    adjustment = tpp_run_compute(actor=actor, period=OCTOBER, adjustment=True)
    slip = TppSlip.objects.get(run=adjustment)
    b = build_breakdown(slip)
    assert b.is_adjustment and b.adds_up
    text = _text(w.client_for(w.employee_user).get(reverse("tpp:slip-pdf", args=[slip.pk])).content)
    assert "selisih" in text and signed(slip.kinerja) in text


def test_payroll_list_per_opd(tpp: TppWorld, django_assert_max_num_queries: Any) -> None:
    w = tpp.world
    from pamong.org.models import Unit

    Unit.objects.filter(pk=w.opd.pk).update(head=w.head)
    url = reverse("tpp:run-payroll-pdf", args=[tpp.run.pk, w.opd.pk])
    client = w.client_for(w.finance_user)
    with django_assert_max_num_queries(10):
        response = client.get(url, {"bendahara": "Siti Bendahara", "nip_bendahara": "1985"})
    assert response.status_code == 200
    text = _text(response.content)
    slips = TppSlip.objects.filter(run=tpp.run, opd=w.opd)
    assert slips.count() == 4  # head, supervisor, employee, peer; not the other OPD's nurse
    for s in slips:
        assert s.nip in text
    assert w.outsider.nip not in text
    netto = sum(s.netto for s in slips)
    assert "Jumlah (4 pegawai)" in text and signed(netto) in text
    assert "Bendahara Pengeluaran" in text and "Siti Bendahara" in text and "NIP 1985" in text
    assert "Kepala Badan Kepegawaian" in text and "Sofifi, " in text and w.head.name in text
    assert "Daftar Pembayaran TPP Oktober 2026" in text


def test_payroll_list_permissions(tpp: TppWorld) -> None:
    w = tpp.world
    url = reverse("tpp:run-payroll-pdf", args=[tpp.run.pk, w.opd.pk])
    for user in (w.auditor_user, w.admin_user, w.approver_user):
        assert w.client_for(user).get(url).status_code == 200
    for user in (w.employee_user, w.head_user):
        assert w.client_for(user).get(url).status_code == 403
    assert w.client_for(w.other_admin_user).get(url).status_code == 404
    finance = w.client_for(w.finance_user)
    assert finance.post(url).status_code == 405
    # A bidang is not an OPD; another tenant's OPD or run is not found.
    bidang = reverse("tpp:run-payroll-pdf", args=[tpp.run.pk, w.bidang.pk])
    assert finance.get(bidang).status_code == 404
    foreign = reverse("tpp:run-payroll-pdf", args=[tpp.run.pk, w.other_opd.pk])
    assert finance.get(foreign).status_code == 404
    other_run = reverse("tpp:run-payroll-pdf", args=[tpp.other_run.pk, w.opd.pk])
    assert finance.get(other_run).status_code == 404
    # The run page links to each OPD's list.
    html = finance.get(reverse("tpp:run-detail", args=[tpp.run.pk])).content.decode()
    assert url in html
