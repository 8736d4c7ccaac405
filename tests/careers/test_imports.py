"""KP and KGB history imports (all-or-nothing, idempotent) and the `pamong careers` commands."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pamong.careers.imports import kgb_history_import, kp_history_import
from pamong.careers.models import KgbRecord, KpProposal
from pamong.core.errors import InputErrors
from pamong.org.models import Employee
from tests.careers.conftest import act, set_facts
from tests.conftest import World


def test_kp_history_import_fills_tmt_and_is_idempotent(careers: World) -> None:
    set_facts(careers.employee, tmt_pangkat=None)
    data = (
        "nip,golongan,tmt,sk_nomor,sk_tanggal,golongan_lama\n"
        f"{careers.employee.nip},II/c,2018-04-01,823/1,2018-03-01,II/b\n"
        f"{careers.employee.nip},II/d,2022-04-01,823/2,2022-03-01,II/c\n"
    ).encode()
    admin = act(careers.admin_user)
    assert kp_history_import(actor=admin, data=data) == {"created": 2, "updated": 0, "unchanged": 0}
    assert Employee.objects.get(pk=careers.employee.pk).tmt_pangkat == dt.date(2022, 4, 1)
    assert kp_history_import(actor=admin, data=data) == {"created": 0, "updated": 0, "unchanged": 2}
    assert KpProposal.objects.filter(source="import", applied=True).count() == 2


def test_kp_history_import_is_all_or_nothing(careers: World) -> None:
    data = (
        "nip,golongan,tmt\n"
        f"{careers.employee.nip},II/d,2022-04-01\n"
        f"{careers.foreigner.nip},II/d,2022-04-01\n"
        f"{careers.employee.nip},V/a,2022-13-01\n"
    ).encode()
    with pytest.raises(InputErrors) as exc:
        kp_history_import(actor=act(careers.admin_user), data=data, source="kp.csv")
    lines = exc.value.lines()
    assert any(line.startswith("kp.csv:3:nip:") for line in lines)
    assert any(line.startswith("kp.csv:4:golongan:") for line in lines)
    assert any(line.startswith("kp.csv:4:tmt:") for line in lines)
    assert KpProposal.objects.count() == 0


def test_kgb_history_import(careers: World) -> None:
    data = (
        "nip,golongan,tmt,mkg_tahun,gaji_pokok\n"
        f"{careers.employee.nip},II/d,2024-03-01,8,2756800\n"
        f"{careers.employee.nip},II/d,2026-03-01,10,\n"
    ).encode()
    set_facts(careers.employee, tmt_kgb=None, mkg_years=None)
    admin = act(careers.admin_user)
    assert kgb_history_import(actor=admin, data=data)["created"] == 2
    employee = Employee.objects.get(pk=careers.employee.pk)
    assert (employee.tmt_kgb, employee.mkg_years) == (dt.date(2026, 3, 1), 10)
    assert kgb_history_import(actor=admin, data=data)["unchanged"] == 2
    bad = f"nip,golongan,tmt,mkg_tahun\n{careers.employee.nip},II/d,2020-01-01,x\n".encode()
    with pytest.raises(InputErrors):
        kgb_history_import(actor=admin, data=bad)
    assert KgbRecord.objects.count() == 2


def test_commands(careers: World, tmp_path: object) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "careers_kp_due", "--tenant", "sofifi", "--period", "2026-04", stdout=out, stderr=err
    )
    assert careers.employee.nip in out.getvalue() and "1 jatuh tempo" in err.getvalue()
    out = io.StringIO()
    call_command("careers_kp_due", "--tenant", "sofifi", "--period", "2026-04", "--csv", stdout=out)
    assert out.getvalue().startswith("periode,nip,nama")
    with pytest.raises(CommandError):
        call_command("careers_kp_due", "--tenant", "sofifi", "--period", "2026-13")
    out = io.StringIO()
    call_command(
        "careers_kgb_due",
        "--tenant",
        "sofifi",
        "--month",
        "2026-03",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert careers.employee.nip in out.getvalue() and "2843700" in out.getvalue()
    out = io.StringIO()
    call_command("careers_apply_tmt", "--tenant", "sofifi", stdout=out)
    assert "diterapkan: 0" in out.getvalue()


def test_cli_mapping() -> None:
    from pamong.cli import resolve_command

    known = {"careers_kp_due", "careers_import_kp"}
    assert resolve_command(["careers", "kp", "due", "--tenant", "x"], known)[0] == "careers_kp_due"
    assert resolve_command(["careers", "import", "kp", "f.csv"], known)[0] == "careers_import_kp"


def test_assessment_import_feeds_the_nine_box_and_is_idempotent(careers: World) -> None:
    from pamong.careers.imports import assessment_import
    from pamong.careers.models import AssessmentResult
    from pamong.careers.talent_selectors import latest_scores

    nip = careers.employee.nip
    data = (
        "nip,jenis,nilai,tanggal,sumber\n"
        f'{nip},assessment_centre,"71,5",2025-05-02,UPT Penilaian Kompetensi\n'
        f"{nip},UJI_KOMPETENSI,84.25,2026-02-10,BKN Kanreg\n"
    ).encode()
    admin = act(careers.admin_user)
    assert assessment_import(actor=admin, data=data) == {"created": 2, "updated": 0, "unchanged": 0}
    # The newest score is the one the 9-box places the employee with.
    assert latest_scores(careers.tenant)[careers.employee.pk] == Decimal("84.25")
    assert assessment_import(actor=admin, data=data)["unchanged"] == 2
    changed = data.replace(b"84.25", b"90")
    assert assessment_import(actor=admin, data=changed) == {
        "created": 0,
        "updated": 1,
        "unchanged": 1,
    }
    assert latest_scores(careers.tenant)[careers.employee.pk] == Decimal("90")
    assert AssessmentResult.objects.filter(employee=careers.employee).count() == 2


def test_assessment_import_names_row_and_column_and_writes_nothing(careers: World) -> None:
    from pamong.careers.imports import assessment_import
    from pamong.careers.models import AssessmentResult

    data = (
        "nip,jenis,nilai,tanggal,sumber\n"
        f"{careers.employee.nip},assessment_centre,70,2026-01-05,UPT\n"
        f"{careers.foreigner.nip},assessment_centre,70,2026-01-05,UPT\n"
        f"{careers.employee.nip},psikotes,101,2026-02-30,\n"
        f"{careers.employee.nip},assessment_centre,70.123,2026-01-06,UPT\n"
    ).encode()
    with pytest.raises(InputErrors) as exc:
        assessment_import(actor=act(careers.admin_user), data=data, source="asesmen.csv")
    lines = exc.value.lines()
    for prefix in (
        "asesmen.csv:3:nip:",
        "asesmen.csv:4:jenis:",
        "asesmen.csv:4:nilai:",
        "asesmen.csv:4:tanggal:",
        "asesmen.csv:4:sumber:",
        "asesmen.csv:5:nilai:",
    ):
        assert any(line.startswith(prefix) for line in lines), (prefix, lines)
    assert AssessmentResult.objects.count() == 0


def test_assessment_import_is_for_bkpsdm_only(careers: World, tmp_path: Path) -> None:
    from django.core.exceptions import PermissionDenied

    from pamong.careers.imports import assessment_import

    data = f"nip,jenis,nilai,tanggal,sumber\n{careers.employee.nip},lainnya,60,2026-01-05,x\n"
    with pytest.raises(PermissionDenied):
        assessment_import(actor=act(careers.employee_user), data=data.encode())
    path = tmp_path / "asesmen.csv"
    path.write_text(data)
    out = io.StringIO()
    call_command("careers_import_assessment", str(path), "--tenant", "sofifi", stdout=out)
    assert "asesmen: dibuat 1" in out.getvalue()
