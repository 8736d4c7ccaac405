"""TPP pages: permissions per role, tenant isolation, methods, lifecycle, query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pamong.core.models import AuditLog, BackgroundJob
from pamong.tpp.models import TppRun
from tests.tpp.conftest import TppWorld


def test_index_requires_login(client: Any, tpp: TppWorld) -> None:
    response = client.get(reverse("tpp:index"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


@pytest.mark.parametrize("persona", ["finance_user", "auditor_user", "admin_user", "approver_user"])
def test_index_lists_runs_for_tpp_roles(
    tpp: TppWorld, persona: str, django_assert_max_num_queries: Any
) -> None:
    client = tpp.world.client_for(getattr(tpp.world, persona))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("tpp:index"))
    assert response.status_code == 200
    assert reverse("tpp:run-detail", args=[tpp.run.pk]) in response.content.decode()
    # The other tenant's run is never listed.
    assert reverse("tpp:run-detail", args=[tpp.other_run.pk]) not in response.content.decode()


def test_index_shows_an_employee_only_their_own_slips(tpp: TppWorld) -> None:
    w = tpp.world
    response = w.client_for(w.employee_user).get(reverse("tpp:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("tpp:run-slip", args=[tpp.run.pk, w.employee.pk]) in html
    assert reverse("tpp:run-slip", args=[tpp.run.pk, w.peer.pk]) not in html
    assert reverse("tpp:run-detail", args=[tpp.run.pk]) not in html
    assert 'name="period"' not in html  # no start-run form


def test_only_finance_can_start_a_run(
    tpp: TppWorld, django_capture_on_commit_callbacks: Any
) -> None:
    w = tpp.world
    url = reverse("tpp:run-start")
    assert w.client_for(w.finance_user).get(url).status_code == 405
    for user in (w.admin_user, w.employee_user, w.auditor_user, w.approver_user):
        assert w.client_for(user).post(url, {"period": "2026-10"}).status_code == 403
    client = w.client_for(w.finance_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"period": "2026-10"})
    job_url = response["Location"]
    job = BackgroundJob.objects.get(tenant=w.tenant, kind="tpp.run")
    assert job_url == reverse("tpp:job", args=[job.pk]) and job.state == "done"
    # The finished job sends the page on to its run.
    done = client.get(job_url)
    assert done["Location"] == reverse("tpp:run-detail", args=[tpp.run.pk])
    # Someone else's job: not for an employee; another tenant never sees it.
    assert w.client_for(w.employee_user).get(job_url).status_code == 403
    assert w.client_for(w.other_admin_user).get(job_url).status_code == 404


def test_starting_a_run_without_a_policy_shows_the_problem(
    tpp: TppWorld, django_capture_on_commit_callbacks: Any
) -> None:
    w = tpp.world
    client = w.client_for(w.finance_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("tpp:run-start"), {"period": "2025-10"})
    assert "tidak ada kebijakan TPP" in client.get(response["Location"]).content.decode()
    assert BackgroundJob.objects.get(tenant=w.tenant).state == "failed"
    assert not TppRun.objects.filter(tenant=w.tenant, period__year=2025).exists()


def test_a_running_job_page_refreshes(tpp: TppWorld) -> None:
    w = tpp.world
    job = BackgroundJob.objects.create(
        tenant=w.tenant, kind="tpp.run", created_by=w.finance_user, state="running",
        progress=10, total=40, result={"period": "2026-10-01"},
    )  # fmt: skip
    html = w.client_for(w.finance_user).get(reverse("tpp:job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in html and "10 / 40" in html


def test_run_detail_permissions_and_isolation(
    tpp: TppWorld, django_assert_max_num_queries: Any
) -> None:
    w = tpp.world
    url = reverse("tpp:run-detail", args=[tpp.run.pk])
    client = w.client_for(w.auditor_user)
    # 10 + 9 constant: the input-change check (a query per input source) and the slip count.
    with django_assert_max_num_queries(19):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1.01 Badan Kepegawaian" in html and "1.02 Dinas Kesehatan" in html
    assert "tanpa penilaian kinerja" in html  # the stored warning
    for user in (w.employee_user, w.supervisor_user, w.head_user):
        assert w.client_for(user).get(url).status_code == 403
    assert w.client_for(w.other_admin_user).get(url).status_code == 404
    assert w.client_for(w.finance_user).post(url).status_code == 405


def test_run_detail_shows_lifecycle_buttons_per_role(tpp: TppWorld) -> None:
    w = tpp.world
    url = reverse("tpp:run-detail", args=[tpp.run.pk])
    verify = reverse("tpp:run-step", args=[tpp.run.pk, "verify"])
    assert verify in w.client_for(w.finance_user).get(url).content.decode()
    assert verify not in w.client_for(w.auditor_user).get(url).content.decode()
    assert verify not in w.client_for(w.approver_user).get(url).content.decode()


def test_lifecycle_steps_need_their_role_in_order(tpp: TppWorld) -> None:
    w = tpp.world

    def step(user: Any, name: str) -> int:
        url = reverse("tpp:run-step", args=[tpp.run.pk, name])
        return (
            w.client_for(user)
            .post(url, {"revision": tpp.run.revision, "confirmed": "1"})
            .status_code
        )

    assert step(w.approver_user, "verify") == 403
    assert step(w.auditor_user, "verify") == 403
    assert step(w.finance_user, "approve") == 403
    assert step(w.approver_user, "approve") == 302  # wrong state: message, no change
    assert TppRun.objects.get(pk=tpp.run.pk).status == "draft"
    assert step(w.finance_user, "verify") == 302
    assert TppRun.objects.get(pk=tpp.run.pk).status == "verified"
    assert step(w.approver_user, "approve") == 302
    assert TppRun.objects.get(pk=tpp.run.pk).status == "approved"
    assert step(w.approver_user, "pay") == 403
    assert step(w.finance_user, "pay") == 302
    assert TppRun.objects.get(pk=tpp.run.pk).status == "paid"
    actions = set(
        AuditLog.objects.filter(tenant=w.tenant, object_id=str(tpp.run.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"tpp.run.computed", "tpp.run.verified", "tpp.run.approved", "tpp.run.paid"} <= actions


def test_lifecycle_step_isolation_and_method(tpp: TppWorld) -> None:
    w = tpp.world
    url = reverse("tpp:run-step", args=[tpp.other_run.pk, "verify"])
    assert w.client_for(w.finance_user).post(url).status_code == 404
    own = reverse("tpp:run-step", args=[tpp.run.pk, "verify"])
    assert w.client_for(w.finance_user).get(own).status_code == 405
    bogus = reverse("tpp:run-step", args=[tpp.run.pk, "delete"])
    assert w.client_for(w.finance_user).post(bogus).status_code == 404


def test_export_csv_and_xlsx(tpp: TppWorld) -> None:
    w = tpp.world
    client = w.client_for(w.auditor_user)
    csv_response = client.get(reverse("tpp:run-export", args=[tpp.run.pk, "csv"]))
    assert csv_response.status_code == 200
    lines = csv_response.content.decode().splitlines()
    assert lines[0].startswith("nip,nama,kode_unit,")
    assert lines[-1].startswith("TOTAL,")
    assert len(lines) == 2 + 5  # header, five employees of the tenant, TOTAL
    xlsx = client.get(reverse("tpp:run-export", args=[tpp.run.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert client.get(reverse("tpp:run-export", args=[tpp.run.pk, "pdf"])).status_code == 404
    assert (
        w.client_for(w.employee_user)
        .get(reverse("tpp:run-export", args=[tpp.run.pk, "csv"]))
        .status_code
        == 403
    )
    other = reverse("tpp:run-export", args=[tpp.other_run.pk, "csv"])
    assert client.get(other).status_code == 404


def test_slip_visibility(tpp: TppWorld, django_assert_max_num_queries: Any) -> None:
    w = tpp.world
    own = reverse("tpp:slip", args=[tpp.slip_of(w.employee.pk).pk])
    client = w.client_for(w.employee_user)
    with django_assert_max_num_queries(10):
        response = client.get(own)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tanpa keterangan" in html and "2026-10-01" in html
    # A supervisor does not see a subordinate's slip; a peer does not either.
    assert w.client_for(w.supervisor_user).get(own).status_code == 403
    peer = reverse("tpp:slip", args=[tpp.slip_of(w.peer.pk).pk])
    assert w.client_for(w.employee_user).get(peer).status_code == 403
    for user in (w.auditor_user, w.admin_user, w.finance_user, w.approver_user):
        assert w.client_for(user).get(own).status_code == 200
    assert w.client_for(w.other_admin_user).get(own).status_code == 404
    assert w.client_for(w.employee_user).post(own).status_code == 405


def test_policy_page_in_plain_indonesian(tpp: TppWorld) -> None:
    w = tpp.world
    response = w.client_for(w.employee_user).get(reverse("tpp:policy"), {"tanggal": "2026-10-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Terlambat 1–30 menit: potongan 0,5% per hari" in html
    assert "Terlambat 61–90 menit: potongan 1,25% per hari" in html
    assert "Kelas 14: Rp13.000.000 per bulan" in html
    before = w.client_for(w.employee_user).get(reverse("tpp:policy"), {"tanggal": "2025-12-31"})
    assert "Belum ada kebijakan TPP" in before.content.decode()
    assert w.client_for(w.employee_user).post(reverse("tpp:policy")).status_code == 405


def test_bank_transfer_file_only_for_finance_on_approved_runs(tpp: TppWorld) -> None:
    from pamong.core.actor import cli_actor
    from pamong.org.models import Employee
    from pamong.tpp.models import TppSlip
    from pamong.tpp.runs import tpp_run_approve, tpp_run_verify

    w = tpp.world
    url = reverse("tpp:run-bank", args=[tpp.run.pk])
    finance = w.client_for(w.finance_user)
    draft = finance.get(url)
    assert draft.status_code == 302  # not approved yet: back to the run with a message
    actor = cli_actor(w.tenant)
    tpp_run_approve(actor=actor, run=tpp_run_verify(actor=actor, run=tpp.run))
    Employee.objects.filter(pk=w.head.pk).update(bank_account="0012345678")
    TppSlip.objects.filter(run=tpp.run, employee=w.head).update(bank_account="0012345678")
    response = finance.get(url)
    assert response.status_code == 200
    rows = response.content.decode().splitlines()
    assert rows[0] == "nip,nama,bank,nomor_rekening,jumlah,keterangan"
    assert len(rows) == 2 and rows[1].startswith(f"{w.head.nip},") and "TPP 2026-10" in rows[1]
    assert w.client_for(w.auditor_user).get(url).status_code == 403
    assert w.client_for(w.other_admin_user).get(url).status_code == 404
    assert finance.post(url).status_code == 405


def test_slip_explains_every_working_day(world: Any) -> None:
    import datetime as dt

    from pamong.attendance.models import Punch
    from pamong.core.actor import cli_actor
    from pamong.tpp.runs import tpp_run_compute
    from tests.tpp.conftest import OCTOBER, setup_tenant

    setup_tenant(world.tenant)
    world.employee.tmt_unit = dt.date(2026, 10, 12)
    world.employee.save()
    tz = dt.timezone(dt.timedelta(hours=9))  # the world tenant is in Asia/Jayapura
    for hour, minute in ((7, 20), (16, 5)):
        Punch.objects.create(
            tenant=world.tenant,
            employee=world.employee,
            at=dt.datetime(2026, 10, 13, hour, minute, tzinfo=tz),
        )
    run = tpp_run_compute(actor=cli_actor(world.tenant), period=OCTOBER)
    slip = run.slips.get(employee=world.employee)
    html = world.client_for(world.employee_user).get(reverse("tpp:slip", args=[slip.pk]))
    text = html.content.decode()
    assert text.count("2026-10-") >= 21  # one row per working day at least
    assert "Di luar masa kerja" in text  # 1-9 October, before tmt_unit
    assert "tepat waktu, tanpa potongan" in text  # 13 October
    assert "Tanpa keterangan" in text  # the other days: no punch
