"""penghasilan.csv (the payroll's fixed income) and the BPJS cap on salary + TPP together:
import, the run, its warning, the slip's explanation and the upload page (tpp.md §5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from pamong.core.actor import cli_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.tpp.income import penghasilan_import
from pamong.tpp.models import FixedIncome, TppSlip
from pamong.tpp.runs import tpp_run_compute
from pamong.tpp.slipdoc import build_breakdown
from tests.conftest import World
from tests.tpp.conftest import OCTOBER, TppWorld

HEADER = "nip,bulan,penghasilan_tetap\n"


def _import(world: World, body: str) -> dict[str, int]:
    return penghasilan_import(
        actor=cli_actor(world.tenant), data=(HEADER + body).encode(), source="p.csv"
    )


def test_import_is_idempotent_and_audited(world: World) -> None:
    row = f"{world.employee.nip},2026-10,4500000\n"
    assert _import(world, row) == {"created": 1, "updated": 0, "unchanged": 0}
    assert _import(world, row) == {"created": 0, "updated": 0, "unchanged": 1}
    assert _import(world, f"{world.employee.nip},2026-10,4600000\n")["updated"] == 1
    assert FixedIncome.objects.get().amount == 4600000
    assert AuditLog.objects.filter(action="tpp.penghasilan.imported").count() == 3


def test_a_bad_row_rejects_the_whole_file(world: World) -> None:
    body = (
        f"{world.employee.nip},2026-10,4500000\n"
        f"{world.foreigner.nip},2026-10,100\n"  # another tenant's employee
        f"{world.peer.nip},2026-13,-5\n"
        f"{world.head.nip},2026-10,5.000.000\n"
        f"{world.employee.nip},2026-10,1\n"  # the same key twice
    )
    with pytest.raises(InputErrors) as info:
        _import(world, body)
    columns = {(e.row, e.column) for e in info.value.errors}
    assert {(3, "nip"), (4, "bulan"), (4, "penghasilan_tetap"), (5, "penghasilan_tetap")} <= columns
    assert (6, "bulan") in columns
    assert not FixedIncome.objects.exists()


def test_the_cli_command_imports_and_reports_errors(world: World, tmp_path: Path) -> None:
    good = tmp_path / "penghasilan.csv"
    good.write_text(HEADER + f"{world.employee.nip},2026-10,4500000\n")
    call_command("import_penghasilan", "--tenant", world.tenant.slug, str(good))
    assert FixedIncome.objects.filter(tenant=world.tenant).count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + f"{world.employee.nip},2026-10,abc\n")
    with pytest.raises(CommandError) as info:
        call_command("import_penghasilan", "--tenant", world.tenant.slug, str(bad))
    assert info.value.returncode == 2


def test_the_salary_takes_its_share_of_the_cap_before_tpp(tpp: TppWorld) -> None:
    w = tpp.world
    before = tpp.slip_of(w.head.pk)
    assert before.iuran_bpjs == (before.bruto + 50) // 100  # TPP alone, under the cap
    _import(w, f"{w.head.nip},2026-10,{12_000_000 - 500_000}\n")
    run = tpp_run_compute(actor=cli_actor(w.tenant), period=OCTOBER)
    after = TppSlip.objects.get(run=run, employee=w.head)
    assert after.bruto == before.bruto > 500_000
    assert after.iuran_bpjs == 5_000  # 1% of the 500,000 the salary left of the cap
    assert after.netto == before.netto + before.iuran_bpjs - 5_000
    # The others have no figure for the month: the run warns about them.
    [warning] = [x for x in run.warnings if x["code"] == "no_income"]
    assert w.employee.nip in warning["nips"] and w.head.nip not in warning["nips"]
    # The slip explains the income used and what was left of the cap for TPP.
    components = {c.label: c.formula for c in build_breakdown(after).components}
    bpjs = components["Iuran BPJS Kesehatan"]
    assert "11.500.000" in bpjs and "500.000" in bpjs
    html = w.client_for(w.head_user).get(reverse("tpp:slip", args=[after.pk])).content.decode()
    assert "11.500.000" in html


def test_no_figure_at_all_gives_no_warning(tpp: TppWorld) -> None:
    assert not [x for x in tpp.run.warnings if x["code"] == "no_income"]
    formula = {
        c.label: c.formula for c in build_breakdown(tpp.slip_of(tpp.world.head.pk)).components
    }
    assert "tanpa data penghasilan tetap" in formula["Iuran BPJS Kesehatan"]


def test_upload_page(world: World, django_assert_max_num_queries: Any) -> None:
    url = reverse("tpp:income")
    for user in (world.employee_user, world.auditor_user, world.approver_user):
        assert world.client_for(user).get(url).status_code == 403
    client = world.client_for(world.finance_user)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    data = (HEADER + f"{world.employee.nip},2026-10,4500000\n").encode()
    response = client.post(url, {"file": SimpleUploadedFile("p.csv", data)})
    assert response.status_code == 302
    assert FixedIncome.objects.get().amount == 4500000
    bad = (HEADER + f"{world.foreigner.nip},2026-10,1\n").encode()
    response = client.post(url, {"file": SimpleUploadedFile("p.csv", bad)})
    assert response.status_code == 400
    assert "nip" in response.content.decode()
    assert FixedIncome.objects.count() == 1
    # The other tenant's finance staff see nothing of this tenant's months.
    assert "2026-10" in client.get(url).content.decode()
