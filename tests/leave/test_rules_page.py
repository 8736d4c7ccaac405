"""The leave rules page (BKPSDM admin) and the plain-language rules for employees: the same
service as `pamong leave rule`, audited, tenant-scoped, a fixed number of queries."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.core.models import AuditLog
from pamong.leave.config import rule_set
from pamong.leave.models import LeaveRule
from pamong.leave.rules import rule_for
from tests.factories import UnitFactory
from tests.leave.conftest import actor

pytestmark = pytest.mark.django_db
RULES = reverse("leave:rules")
NEW = reverse("leave:rule-new")
INFO = reverse("leave:rules-info")


def edit(pk: int) -> str:
    return reverse("leave:rule-edit", args=[pk])


def delete(pk: int) -> str:
    return reverse("leave:rule-delete", args=[pk])


def test_admin_sees_each_type_and_the_opd_overrides(cuti):
    rule_set(actor=actor(cuti.admin_user), kind="sakit", unit=cuti.opd, attachment_over_days=3)
    response = cuti.client_for(cuti.admin_user).get(RULES)
    assert response.status_code == 200
    html = response.content.decode()
    assert "cuti tahunan" in html and "cuti di luar tanggungan negara" in html
    assert "paling banyak 6 hari kerja" in html  # PPPK early leave, the default
    assert "Badan Kepegawaian" in html and "Lampiran wajib jika lebih dari (hari kerja): 3" in html


@pytest.mark.parametrize("persona", ["employee_user", "supervisor_user", "head_user"])
def test_employees_supervisors_and_heads_are_forbidden(cuti, persona):
    row = rule_set(actor=actor(cuti.admin_user), kind="sakit", attachment_over_days=3)
    client = cuti.client_for(getattr(cuti, persona))
    assert client.get(RULES).status_code == 403
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, {"kind": "sakit", "max_months": "2"}).status_code == 403
    assert client.post(edit(row.pk), {"max_months": "2"}).status_code == 403
    assert client.post(delete(row.pk)).status_code == 403
    row.refresh_from_db()
    assert (row.max_months, row.attachment_over_days) == (None, 3)
    assert cuti.client_for(cuti.auditor_user).get(RULES).status_code == 403


def test_another_tenants_rule_is_404(cuti):
    row = rule_set(actor=actor(cuti.other_admin_user), kind="sakit", attachment_over_days=5)
    client = cuti.client_for(cuti.admin_user)
    assert client.get(edit(row.pk)).status_code == 404
    assert client.post(edit(row.pk), {"max_months": "1"}).status_code == 404
    assert client.post(delete(row.pk)).status_code == 404
    assert LeaveRule.objects.filter(pk=row.pk, attachment_over_days=5, max_months=None).exists()
    assert "surat keterangan" not in client.get(RULES).content.decode().split("OPD")[-1]


def test_admin_creates_edits_and_deletes_an_opd_rule(cuti):
    client = cuti.client_for(cuti.admin_user)
    assert str(cuti.opd.pk) in client.get(NEW + "?kind=sakit").content.decode()
    response = client.post(
        NEW,
        {
            "kind": "sakit",
            "unit": str(cuti.opd.pk),
            "approver": "bkpsdm",
            "attachment_over_days": "3",
            "attachment_label": "surat dokter puskesmas",
        },
    )
    assert response.status_code == 302 and response["Location"] == RULES
    row = LeaveRule.objects.get(tenant=cuti.tenant)
    assert (row.unit, row.approver, row.attachment_over_days) == (cuti.opd, "bkpsdm", 3)
    assert rule_for(cuti.tenant, "sakit", cuti.opd.pk).attachment_label == "surat dokter puskesmas"
    # Edit: the type and scope stay; an emptied field goes back to the default.
    page = client.get(edit(row.pk)).content.decode()
    assert "surat dokter puskesmas" in page
    response = client.post(
        edit(row.pk), {"kind": "tahunan", "unit": "", "approver": "", "max_months": "6"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.kind, row.unit, row.approver, row.attachment_over_days) == (
        "sakit",
        cuti.opd,
        "",
        None,
    )
    assert row.max_months == 6
    response = client.post(delete(row.pk))
    assert response.status_code == 302 and not LeaveRule.objects.exists()
    actions = list(
        AuditLog.objects.filter(object_type="leave.leaverule")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["leave.rule.updated", "leave.rule.updated", "leave.rule.deleted"]
    deleted = AuditLog.objects.get(action="leave.rule.deleted")
    assert deleted.before["max_months"] == 6 and deleted.actor_user == cuti.admin_user


def test_pppk_settings_on_the_page(cuti):
    client = cuti.client_for(cuti.admin_user)
    response = client.post(
        NEW, {"kind": "tahunan", "early_days": "4", "early_reasons": ["pernikahan_pertama"]}
    )
    assert response.status_code == 302
    rule = rule_for(cuti.tenant, "tahunan", None)
    assert (rule.early_days, rule.early_reasons) == (4, ("pernikahan_pertama",))
    assert "paling banyak 4 hari kerja" in client.get(RULES).content.decode()


def test_validation_names_the_field(cuti):
    client = cuti.client_for(cuti.admin_user)
    response = client.post(NEW, {"kind": "tahunan", "early_days": "13"})
    assert response.status_code == 400
    assert 'id="id_early_days_error"' in response.content.decode()
    response = client.post(NEW, {"kind": "cuti_liburan"})
    assert response.status_code == 400 and 'id="id_kind_error"' in response.content.decode()
    bidang = str(cuti.bidang.pk)  # not an OPD: not even offered
    response = client.post(NEW, {"kind": "sakit", "unit": bidang})
    assert response.status_code == 400 and 'id="id_unit_error"' in response.content.decode()
    other = str(cuti.other_opd.pk)  # another tenant's OPD: not offered either
    assert client.post(NEW, {"kind": "sakit", "unit": other}).status_code == 400
    assert not LeaveRule.objects.exists()


def test_htmx_delete_empties_the_row(cuti):
    row = rule_set(actor=actor(cuti.admin_user), kind="sakit", unit=cuti.opd, max_months=6)
    response = cuti.client_for(cuti.admin_user).post(delete(row.pk), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""
    assert not LeaveRule.objects.exists()


def test_wrong_methods(cuti):
    row = rule_set(actor=actor(cuti.admin_user), kind="sakit", max_months=6)
    client = cuti.client_for(cuti.admin_user)
    assert client.get(delete(row.pk)).status_code == 405
    assert client.post(RULES).status_code == 405
    assert client.delete(edit(row.pk)).status_code == 405


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(RULES).status_code == 200
    return len(ctx.captured_queries)


def test_the_rules_page_costs_the_same_queries_however_many_rules(cuti):
    admin = actor(cuti.admin_user)
    rule_set(actor=admin, kind="sakit", unit=cuti.opd, max_months=6)
    client = cuti.client_for(cuti.admin_user)
    few = _queries(client)
    for i in range(6):
        opd = UnitFactory(tenant=cuti.tenant, code=f"2.0{i}", name=f"Dinas {i}")
        for kind in ("tahunan", "sakit", "besar"):
            rule_set(actor=admin, kind=kind, unit=opd, attachment_over_days=i)
        rule_set(actor=admin, kind=["tahunan", "sakit", "besar"][i % 3], approver="bkpsdm")
    many = _queries(client)
    assert many == few
    assert many <= 8


def test_employees_read_the_rules_of_their_opd(cuti):
    rule_set(actor=actor(cuti.admin_user), kind="sakit", unit=cuti.opd, attachment_over_days=3)
    html = cuti.client_for(cuti.employee_user).get(INFO).content.decode()
    assert "Lampiran wajib bila lebih dari 3 hari kerja: surat keterangan dokter." in html
    assert "Lebih dari 14 hari kalender: surat keterangan dokter pemerintah." in html
    assert "paling lama 12 hari kalender" in html
    assert "Kelola aturan cuti" not in html
    admin_html = cuti.client_for(cuti.admin_user).get(INFO).content.decode()
    assert "Kelola aturan cuti" in admin_html
    assert "Lampiran wajib bila lebih dari 1 hari kerja" in admin_html  # the Pemda-wide rule


def test_links_to_the_rules_page(cuti):
    client = cuti.client_for(cuti.admin_user)
    for page in ("leave:settings", "leave:balances", "leave:inbox"):
        assert RULES in client.get(reverse(page)).content.decode(), page
    assert (
        RULES
        not in cuti.client_for(cuti.employee_user).get(reverse("leave:index")).content.decode()
    )
    assert INFO in cuti.client_for(cuti.employee_user).get(reverse("leave:index")).content.decode()


def test_cli_sets_and_deletes_through_the_same_service(cuti):
    out = io.StringIO()
    call_command(
        "leave_rule",
        tenant="sofifi",
        kind="tahunan",
        early_days="4",
        early_reasons="darurat_keluarga",
        stdout=out,
    )
    rule = rule_for(cuti.tenant, "tahunan", None)
    assert (rule.early_days, rule.early_reasons) == (4, ("darurat_keluarga",))
    call_command("leave_rule", tenant="sofifi", kind="tahunan", delete=True, stdout=out)
    assert not LeaveRule.objects.exists()
    assert AuditLog.objects.filter(action="leave.rule.deleted").count() == 1
    err = io.StringIO()
    with pytest.raises(CommandError, match="tidak ada yang ditulis"):
        call_command(
            "leave_rule", tenant="sofifi", kind="tahunan", early_reasons="liburan", stderr=err
        )
    assert "kategori alasan harus salah satu dari: darurat_keluarga" in err.getvalue()
    assert not LeaveRule.objects.exists()
