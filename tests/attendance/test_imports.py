"""attendance/leave/duties imports: validation, all-or-nothing, idempotence, CLI, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from pamong.attendance.imports import import_attendance, import_duties, import_leave
from pamong.attendance.models import Duty, Leave, Punch
from pamong.core.actor import actor_for_user, system_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from tests.attendance.helpers import leave
from tests.examples import WORKED_EXAMPLE

D = dt.date.fromisoformat


def lines(exc: pytest.ExceptionInfo[InputErrors]) -> list[str]:
    return exc.value.lines()


def att(world, text: str, **kwargs):
    return import_attendance(
        actor=system_actor(world.tenant), table_or_file=text.encode(), source="a.csv", **kwargs
    )


def test_attendance_import_is_idempotent_and_audited(world):
    nip = world.employee.nip
    text = f"nip,waktu,perangkat\n{nip},2026-11-02 07:10:00,FP-1\n{nip},2026-11-02 16:05,FP-1\n"
    first = att(world, text)
    assert (first.created, first.unchanged) == (2, 0)
    again = att(world, text + f"{nip},2026-11-03 07:00:00,\n")
    assert (again.created, again.unchanged) == (1, 2)
    assert Punch.objects.filter(employee=world.employee).count() == 3
    stored = Punch.objects.filter(employee=world.employee).order_by("at").first()
    assert stored.at == dt.datetime(2026, 11, 1, 22, 10, tzinfo=dt.UTC)  # 07:10 WIT
    assert stored.device == "FP-1"
    entry = AuditLog.objects.filter(action="attendance.punches.imported").order_by("-id").first()
    assert entry.data["created"] == 1 and entry.data["unchanged"] == 2
    assert entry.data["file"] == "a.csv" and len(entry.data["sha256"]) == 64


def test_duplicate_rows_in_file_count_once(world):
    nip = world.employee.nip
    result = att(world, f"nip,waktu\n{nip},2026-11-02 07:10:00\n{nip},2026-11-02 07:10\n")
    assert (result.created, result.unchanged) == (1, 1)


def test_new_month_after_a_stored_one_and_a_punch_pushed_meanwhile(world, monkeypatch):
    # PostgreSQL takes a plain INSERT when nothing is stored in the file's span, and falls
    # back to the anti-join when a punch appears there anyway (a device push in between).
    from django.db import connection

    from pamong.attendance import imports

    nip = world.employee.nip
    att(world, f"nip,waktu\n{nip},2026-10-01 07:10:00\n")
    november = f"nip,waktu\n{nip},2026-11-02 07:10:00\n{nip},2026-11-02 16:00:00\n"
    assert att(world, november).created == 2
    assert Punch.objects.filter(employee=world.employee).count() == 3
    if connection.vendor == "postgresql":
        monkeypatch.setattr(imports, "_span_is_empty", lambda *args: True)
    result = att(world, november + f"{nip},2026-11-03 07:00:00\n")
    assert (result.created, result.unchanged) == (1, 2)
    assert Punch.objects.filter(employee=world.employee).count() == 4


def test_iso_offset_is_kept(world):
    att(world, f"nip,waktu\n{world.employee.nip},2026-11-02T07:10:00+07:00\n")
    assert Punch.objects.get().at == dt.datetime(2026, 11, 2, 0, 10, tzinfo=dt.UTC)


def test_plain_and_offset_times_mixed_in_one_file(world):
    nip = world.employee.nip
    text = f"nip,waktu\n{nip},2026-11-02 07:10:00\n{nip},2026-11-02T16:10:00+07:00\n"
    assert att(world, text).created == 2
    assert sorted(Punch.objects.values_list("at", flat=True)) == [
        dt.datetime(2026, 11, 1, 22, 10, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 2, 9, 10, tzinfo=dt.UTC),
    ]
    assert (att(world, text).created, att(world, text).unchanged) == (0, 2)


def test_long_device_name_is_refused(world):
    text = f"nip,waktu,perangkat\n{world.employee.nip},2026-11-02 07:10:00,{'x' * 61}\n"
    with pytest.raises(InputErrors) as exc:
        att(world, text)
    assert lines(exc) == ["a.csv:2:perangkat: terlalu panjang (maksimum 60 karakter)"]
    assert not Punch.objects.exists()


def test_unknown_nip_fails_everything(world):
    text = (
        f"nip,waktu\n{world.employee.nip},2026-11-02 07:10:00\n"
        f"{world.foreigner.nip},2026-11-02 07:11:00\n"
    )
    with pytest.raises(InputErrors) as exc:
        att(world, text)
    assert lines(exc) == [f"a.csv:3:nip: NIP {world.foreigner.nip} tidak dikenal"]
    assert not Punch.objects.exists()


def test_skip_unknown_lists_and_imports_rest(world):
    text = f"nip,waktu\n{world.employee.nip},2026-11-02 07:10:00\n999,2026-11-02 07:11:00\n"
    result = att(world, text, skip_unknown=True)
    assert result.created == 1 and result.skipped == [(3, "999")]


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-02",
        "02/11/2026 07:00",
        "2026-11-31 07:00:00",
        "2026-11-02 7:00",
        "",
        "2026-11-02T07:00:00+25:00",
        # Accepted by PostgreSQL's own timestamp input, refused by the format.
        "2026-11-02 24:00:00",
        "0000-11-02 07:00:00",
        "2026-02-29 07:00:00",
        "2026-11-02 07:60",
    ],
)
def test_malformed_timestamp_names_the_row(world, value):
    text = f"nip,waktu\n{world.employee.nip},2026-11-02 07:10:00\n{world.employee.nip},{value}\n"
    with pytest.raises(InputErrors) as exc:
        att(world, text)
    assert len(lines(exc)) == 1 and lines(exc)[0].startswith("a.csv:3:waktu: ")
    assert not Punch.objects.exists()


def test_attendance_needs_manage_right(world):
    with pytest.raises(PermissionDenied):
        import_attendance(
            actor=actor_for_user(world.supervisor_user), table_or_file=b"nip,waktu\n", source="x"
        )


def leave_csv(world, rows: str):
    return import_leave(
        actor=system_actor(world.tenant),
        table_or_file=("nip,jenis,mulai,selesai,nomor_surat\n" + rows).encode(),
        source="l.csv",
    )


def test_leave_import_creates_updates_and_is_idempotent(world):
    nip = world.employee.nip
    first = leave_csv(world, f"{nip},tahunan,2026-11-02,2026-11-04,800/1\n")
    assert first.as_dict() == {"created": 1, "updated": 0, "unchanged": 0}
    same = leave_csv(world, f"{nip},tahunan,2026-11-02,2026-11-04,800/1\n")
    assert same.as_dict() == {"created": 0, "updated": 0, "unchanged": 1}
    longer = leave_csv(world, f"{nip},tahunan,2026-11-02,2026-11-06,800/1\n")
    assert longer.updated == 1
    assert Leave.objects.get().end == D("2026-11-06")


def test_leave_overlap_within_file(world):
    nip = world.employee.nip
    with pytest.raises(InputErrors) as exc:
        leave_csv(
            world, f"{nip},tahunan,2026-11-02,2026-11-04,\n{nip},sakit,2026-11-04,2026-11-05,\n"
        )
    assert lines(exc)[0].startswith("l.csv:3:mulai: cuti tumpang tindih dengan baris 2")
    assert not Leave.objects.exists()


def test_leave_overlap_with_stored_leave(world):
    leave(world.employee, "sakit", "2026-11-10", "2026-11-12")
    with pytest.raises(InputErrors) as exc:
        leave_csv(world, f"{world.employee.nip},tahunan,2026-11-01,2026-11-10,\n")
    assert "cuti tersimpan" in lines(exc)[0]
    # Another employee's leave on the same days is fine.
    assert leave_csv(world, f"{world.peer.nip},tahunan,2026-11-01,2026-11-10,\n").created == 1


def test_leave_row_problems(world):
    nip = world.employee.nip
    with pytest.raises(InputErrors) as exc:
        leave_csv(
            world,
            f"{nip},liburan,2026-11-02,2026-11-04,\n"
            f"{nip},tahunan,2026-11-05,2026-11-04,\n"
            f"123,sakit,2026-11-10,2026-11-11,\n"
            f"{nip},sakit,2026-11-3,2026-11-11,\n",
        )
    found = lines(exc)
    assert found[0].startswith("l.csv:2:jenis: jenis cuti liburan tidak dikenal")
    assert found[1] == "l.csv:3:selesai: tanggal selesai sebelum tanggal mulai"
    assert found[2] == "l.csv:4:nip: NIP 123 tidak dikenal"
    assert found[3].startswith("l.csv:5:mulai: tanggal harus")


def test_duties_import(world):
    actor = system_actor(world.tenant)
    text = f"nip,mulai,selesai,keterangan\n{world.employee.nip},2026-11-02,2026-11-03,ST 1\n"
    assert import_duties(actor=actor, table_or_file=text.encode(), source="d").created == 1
    assert import_duties(actor=actor, table_or_file=text.encode(), source="d").unchanged == 1
    changed = text.replace("ST 1", "ST 2")
    assert import_duties(actor=actor, table_or_file=changed.encode(), source="d").updated == 1
    assert Duty.objects.get().note == "ST 2"
    bad = text + f"{world.employee.nip},2026-11-02,2026-11-05,\n"
    with pytest.raises(InputErrors) as exc:
        import_duties(actor=actor, table_or_file=bad.encode(), source="d")
    assert lines(exc) == ["d:3:mulai: ganda dengan baris 2"]


EXAMPLE = WORKED_EXAMPLE


def test_example_files_import_cleanly_via_cli(db, capsys):
    from pamong.core.models import Tenant

    Tenant.objects.create(slug="contoh", name="Kota Contoh", timezone="Asia/Makassar")
    call_command("import_units", str(EXAMPLE / "units.csv"), tenant="contoh")
    call_command("import_employees", str(EXAMPLE / "employees.csv"), tenant="contoh")
    call_command("calendar_load", str(EXAMPLE / "calendar.yaml"), tenant="contoh")
    with pytest.raises(CommandError) as exc:
        call_command("import_attendance", str(EXAMPLE / "attendance.csv"), tenant="contoh")
    assert exc.value.returncode == 2
    assert "attendance.csv:189:nip: NIP 000000000000000000 tidak dikenal" in capsys.readouterr().err
    call_command(
        "import_attendance", str(EXAMPLE / "attendance.csv"), tenant="contoh", skip_unknown=True
    )
    out, err = capsys.readouterr()
    assert "dibuat 187" in out and "189:nip" in err
    call_command("import_leave", str(EXAMPLE / "leave.csv"), tenant="contoh")
    call_command("import_duties", str(EXAMPLE / "duties.csv"), tenant="contoh")
    call_command("import_leave", str(EXAMPLE / "leave.csv"), tenant="contoh")
    assert "tidak berubah 2" in capsys.readouterr().out
    assert Punch.objects.count() == 187 and Leave.objects.count() == 2 and Duty.objects.count() == 1


def test_calendar_commands(world, tmp_path, capsys):
    path = tmp_path / "calendar.yaml"
    path.write_text("schedule: {mon: '07:30-16:00'}\nfoo: 1\n")
    with pytest.raises(CommandError):
        call_command("calendar_load", str(path), tenant="sofifi")
    assert "foo: kunci tidak dikenal" in capsys.readouterr().err
    call_command("calendar_load", str(EXAMPLE / "calendar.yaml"), tenant="sofifi")
    out = tmp_path / "out.yaml"
    call_command("calendar_export", tenant="sofifi", output=str(out))
    assert "Hari jadi kota" in out.read_text()


def test_blank_lines_bom_and_column_order(world):
    nip = world.employee.nip
    text = (
        f"\ufeffperangkat,WAKTU,nip\nFP-1,2026-11-02 07:10:00,{nip}\n\n"
        f"FP-1,2026-11-02 16:00,{nip}\n"
    )
    result = att(world, text)
    assert result.created == 2
    with pytest.raises(InputErrors) as exc:
        att(world, f"nip,waktu\n{nip},2026-11-02 07:10:00\n\n{nip},nanti\n")
    assert lines(exc) == [
        "a.csv:4:waktu: waktu harus berformat YYYY-MM-DD HH:MM[:SS] atau ISO 8601"
    ]


def test_unknown_column_needs_flag(world):
    text = f"nip,waktu,suhu\n{world.employee.nip},2026-11-02 07:10:00,36.5\n"
    with pytest.raises(InputErrors):
        att(world, text)
    assert att(world, text, ignore_unknown_columns=True).created == 1


def test_raw_punches_cannot_be_modified_or_deleted(world):
    from tests.attendance.helpers import punch

    stored = punch(world.employee, "2026-11-02 07:45:00")
    punch_at = stored.at
    stored.at = stored.at.replace(hour=1)
    with pytest.raises(PermissionError):
        stored.save()
    with pytest.raises(PermissionError):
        Punch.objects.filter(pk=stored.pk).update(device="x")
    with pytest.raises(PermissionError):
        stored.delete()
    from django_scopes import ScopeError, scope

    with pytest.raises(ScopeError), scope():  # the custom manager is still tenant-scoped
        list(Punch.objects.all())
    assert Punch.objects.get().at == punch_at


def test_a_bulk_import_vacuums_the_punch_table_after_its_commit(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import connection

    from pamong.attendance import imports

    calls = []
    monkeypatch.setattr(imports, "VACUUM_AFTER", 3)
    monkeypatch.setattr(imports, "_vacuum_punches", lambda: calls.append(1))
    nip = world.employee.nip
    with django_capture_on_commit_callbacks(execute=True):
        att(world, f"nip,waktu\n{nip},2026-11-02 07:10:00\n{nip},2026-11-02 16:00:00\n")
    assert calls == []  # 2 punches: left to autovacuum
    with django_capture_on_commit_callbacks(execute=True):
        att(world, "nip,waktu\n" + "".join(f"{nip},2026-11-0{d} 07:10:00\n" for d in (3, 4, 5)))
    assert calls == ([1] if connection.vendor == "postgresql" else [])


@pytest.mark.django_db(transaction=True)
def test_vacuum_after_commit_runs_outside_a_transaction(caplog):
    from django.db import connection

    from pamong.attendance.imports import _vacuum_punches

    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL imports vacuum")
    _vacuum_punches()  # PostgreSQL refuses VACUUM inside a transaction; this is after one
    assert "VACUUM" not in caplog.text
