"""Leave configuration: per-type and per-OPD rules, the first tracked year; CLI and page."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from pamong.core.actor import cli_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.leave.config import rule_set, settings_update
from pamong.leave.models import LeaveRule, LeaveSettings, OpeningBalance
from pamong.leave.rules import rule_for
from tests.leave.conftest import actor, submit

pytestmark = pytest.mark.django_db
SETTINGS = reverse("leave:settings")


def test_rule_set_per_tenant_and_per_opd(cuti):
    rule_set(actor=actor(cuti.admin_user), kind="sakit", attachment_over_days=3)
    rule_set(actor=actor(cuti.admin_user), kind="sakit", unit=cuti.opd, approver="bkpsdm")
    rule = rule_for(cuti.tenant, "sakit", cuti.opd.pk)
    assert (rule.attachment_over_days, rule.approver) == (3, "bkpsdm")
    assert rule_for(cuti.tenant, "sakit", None).approver == "opd_head"
    assert submit(cuti, kind="sakit", start="2026-11-02", end="2026-11-04").approver == "bkpsdm"
    assert AuditLog.objects.filter(action="leave.rule.updated").count() == 2
    rule_set(actor=actor(cuti.admin_user), kind="sakit", attachment_over_days=None)
    assert rule_for(cuti.tenant, "sakit", None).attachment_over_days == 1  # back to default


def test_rule_set_refuses_bad_values_and_other_people(cuti):
    with pytest.raises(InputErrors) as exc:
        rule_set(actor=actor(cuti.admin_user), kind="liburan", unit=cuti.bidang, approver="camat")
    columns = {e.column for e in exc.value.errors}
    assert columns == {"kind", "unit", "approver"}
    with pytest.raises(PermissionDenied):
        rule_set(actor=actor(cuti.head_user), kind="sakit", max_months=2)
    with pytest.raises(PermissionDenied):
        settings_update(actor=actor(cuti.employee_user), first_year=2025)
    assert not LeaveRule.objects.exists()


def test_cli_rule_and_settings(cuti):
    call_command(
        "leave_rule",
        tenant="sofifi",
        kind="tahunan",
        unit="1.01",
        approver="bkpsdm",
        stdout=io.StringIO(),
    )
    assert rule_for(cuti.tenant, "tahunan", cuti.opd.pk).approver == "bkpsdm"
    call_command("leave_settings", tenant="sofifi", first_year=2025, stdout=io.StringIO())
    assert LeaveSettings.objects.get(tenant=cuti.tenant).first_year == 2025
    settings_update(actor=cli_actor(cuti.tenant), first_year=None)
    assert LeaveSettings.objects.get(tenant=cuti.tenant).first_year is None


def test_settings_page(cuti):
    client = cuti.client_for(cuti.admin_user)
    html = client.get(SETTINGS).content.decode()
    assert "surat keterangan dokter" in html and "Impor saldo awal" in html
    response = client.post(SETTINGS, {"action": "year", "y-first_year": "2025"})
    assert response.status_code == 302
    assert LeaveSettings.objects.get(tenant=cuti.tenant).first_year == 2025
    response = client.post(
        SETTINGS, {"action": "rule", "r-kind": "sakit", "r-attachment_over_days": "2"}
    )
    assert (
        response.status_code == 302
        and rule_for(cuti.tenant, "sakit", None).attachment_over_days == 2
    )
    upload = SimpleUploadedFile(
        "saldo.csv", f"nip,tahun,sisa_tahun_lalu\n{cuti.employee.nip},2025,6\n".encode()
    )
    response = client.post(SETTINGS, {"action": "opening", "o-file": upload})
    assert response.status_code == 302 and OpeningBalance.objects.get().carried_days == 6
    bad = SimpleUploadedFile("saldo.csv", b"nip,tahun,sisa_tahun_lalu\n999,2025,6\n")
    response = client.post(SETTINGS, {"action": "opening", "o-file": bad}, follow=True)
    assert "saldo.csv:2:nip: NIP 999 tidak dikenal" in response.content.decode()
    response = client.post(SETTINGS, {"action": "year", "y-first_year": "1800"})
    assert response.status_code == 400


def test_settings_page_permissions(cuti):
    assert cuti.client_for(cuti.head_user).get(SETTINGS).status_code == 403
    assert cuti.client_for(cuti.auditor_user).post(SETTINGS, {"action": "year"}).status_code == 403
    assert cuti.client_for(cuti.admin_user).delete(SETTINGS).status_code == 405
