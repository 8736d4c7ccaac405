"""Employee detail, "my profile" and the edit form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from pamong.core.models import AuditLog
from pamong.org.models import Employee, EmployeeHistory
from tests.ui.helpers import assert_login_redirect, get


def edit_data(employee: Employee, **changes) -> dict[str, str]:
    data = {
        "name": employee.name,
        "gender": employee.gender,
        "birth_date": employee.birth_date.isoformat(),
        "employee_type": employee.employee_type,
        "golongan": employee.golongan,
        "position": str(employee.position_id),
        "unit": str(employee.unit_id),
        "supervisor_nip": "",
        "status": employee.status,
        "tmt_unit": "",
        "end_date": "",
        "email": employee.email,
        "phone": employee.phone,
        "bank_name": employee.bank_name,
        "bank_account": employee.bank_account,
        "effective": "",
    }
    data.update(changes)
    return data


# --- detail ---------------------------------------------------------------------------


def test_employee_sees_own_profile_with_supervisor_chain(world) -> None:
    response = get(world.client_for(world.employee_user), "ui:employee-detail", world.employee.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert world.employee.nip in html
    assert [boss.pk for boss, _visible in response.context["chain"]] == [
        world.supervisor.pk,
        world.head.pk,
    ]
    # The chain is shown, but only people the employee may open are links.
    assert f'href="/pegawai/{world.supervisor.pk}/"' not in html
    assert "Maria Bria" in html and "Yohanis Lado" in html
    assert "Ubah data" not in html
    assert "Riwayat perubahan" not in html


@pytest.mark.parametrize("other", ["peer", "supervisor", "outsider"])
def test_employee_cannot_open_someone_else(world, other) -> None:
    pk = getattr(world, other).pk
    assert get(world.client_for(world.employee_user), "ui:employee-detail", pk).status_code == 403


def test_supervisor_sees_subordinates(world) -> None:
    client = world.client_for(world.supervisor_user)
    own = get(client, "ui:employee-detail", world.supervisor.pk)
    assert {s.pk for s in own.context["subordinates"]} == {world.employee.pk, world.peer.pk}
    assert get(client, "ui:employee-detail", world.employee.pk).status_code == 200
    assert get(client, "ui:employee-detail", world.outsider.pk).status_code == 403


def test_head_sees_their_opd_not_another(world) -> None:
    client = world.client_for(world.head_user)
    assert get(client, "ui:employee-detail", world.peer.pk).status_code == 200
    assert get(client, "ui:employee-detail", world.outsider.pk).status_code == 403


def test_auditor_sees_everyone_and_change_history_but_no_edit_link(world) -> None:
    response = get(world.client_for(world.auditor_user), "ui:employee-detail", world.outsider.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Riwayat perubahan" in html
    assert "Ubah data" not in html


def test_other_tenant_employee_is_404(world) -> None:
    for user in (world.admin_user, world.auditor_user, world.employee_user):
        response = get(world.client_for(user), "ui:employee-detail", world.foreigner.pk)
        assert response.status_code == 404
    response = get(world.client_for(world.other_admin_user), "ui:employee-detail", world.head.pk)
    assert response.status_code == 404


def test_detail_method_and_login(world) -> None:
    url = reverse("ui:employee-detail", args=[world.employee.pk])
    assert world.client_for(world.admin_user).post(url).status_code == 405
    assert_login_redirect(Client().get(url))


def test_me_redirects_to_own_profile(world) -> None:
    response = get(world.client_for(world.employee_user), "ui:me")
    assert response.status_code == 302
    assert response["Location"] == reverse("ui:employee-detail", args=[world.employee.pk])
    # A role account without an employee record has no profile.
    assert get(world.client_for(world.admin_user), "ui:me").status_code == 404
    assert world.client_for(world.employee_user).post(reverse("ui:me")).status_code == 405
    assert_login_redirect(get(Client(), "ui:me"))


# --- edit -----------------------------------------------------------------------------


def test_admin_edit_form_shows_current_values(world) -> None:
    response = get(world.client_for(world.admin_user), "ui:employee-edit", world.employee.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Arnoldus Seran"' in html
    assert '<label for="id_golongan">' in html
    assert 'type="date" name="birth_date" value="1988-04-17"' in html


def test_edit_saves_through_the_service_with_audit_and_history(world) -> None:
    client = world.client_for(world.admin_user)
    url = reverse("ui:employee-edit", args=[world.employee.pk])
    data = edit_data(world.employee, golongan="III/b", phone="08123", effective="2026-10-01")
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("ui:employee-detail", args=[world.employee.pk])
    world.employee.refresh_from_db()
    assert (world.employee.golongan, world.employee.phone) == ("III/b", "08123")
    entry = AuditLog.objects.get(action="org.employee.updated", object_id=str(world.employee.pk))
    assert entry.tenant == world.tenant
    assert entry.actor_user == world.admin_user
    assert entry.before == {"golongan": "III/a", "phone": ""}
    assert entry.after == {"golongan": "III/b", "phone": "08123"}
    history = EmployeeHistory.objects.get(employee=world.employee, kind="golongan")
    assert (history.value, history.valid_from) == ("III/b", dt.date(2026, 10, 1))
    detail = get(client, "ui:employee-detail", world.employee.pk).content.decode()
    assert "Data pegawai disimpan." in detail
    assert "<del>III/a</del> → <ins>III/b</ins>" in detail


def test_edit_explicit_supervisor_by_nip(world) -> None:
    client = world.client_for(world.admin_user)
    url = reverse("ui:employee-edit", args=[world.employee.pk])
    response = client.post(url, edit_data(world.employee, supervisor_nip=world.head.nip))
    assert response.status_code == 302
    world.employee.refresh_from_db()
    assert world.employee.supervisor_id == world.head.pk


def test_edit_shows_service_errors_next_to_fields(world) -> None:
    client = world.client_for(world.admin_user)
    url = reverse("ui:employee-edit", args=[world.employee.pk])
    # PPPK golongan for a PNS and a non-numeric account: rules of the service.
    response = client.post(url, edit_data(world.employee, golongan="IX", bank_account="12-AB"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "golongan" in form.errors and "bank_account" in form.errors
    html = response.content.decode()
    assert 'id="id_golongan_error"' in html
    assert 'aria-invalid="true" aria-describedby="id_golongan_error"' in html
    world.employee.refresh_from_db()
    assert world.employee.golongan == "III/a"
    assert not AuditLog.objects.filter(action="org.employee.updated").exists()


def test_edit_refuses_a_supervisor_cycle(world) -> None:
    client = world.client_for(world.admin_user)
    url = reverse("ui:employee-edit", args=[world.head.pk])
    response = client.post(url, edit_data(world.head, supervisor_nip=world.employee.nip))
    assert response.status_code == 200
    assert "supervisor_nip" in response.context["form"].errors
    world.head.refresh_from_db()
    assert world.head.supervisor_id is None


def test_edit_unknown_supervisor_nip_and_foreign_unit(world) -> None:
    client = world.client_for(world.admin_user)
    url = reverse("ui:employee-edit", args=[world.employee.pk])
    response = client.post(
        url,
        edit_data(world.employee, supervisor_nip=world.foreigner.nip, unit=world.other_opd.pk),
    )
    assert response.status_code == 200
    assert {"supervisor_nip", "unit"} <= set(response.context["form"].errors)


@pytest.mark.parametrize(
    "persona", ["auditor_user", "head_user", "supervisor_user", "employee_user", "finance_user"]
)
def test_edit_forbidden_without_org_change(world, persona) -> None:
    client = world.client_for(getattr(world, persona))
    url = reverse("ui:employee-edit", args=[world.employee.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(world.employee, name="X")).status_code == 403
    world.employee.refresh_from_db()
    assert world.employee.name == "Arnoldus Seran"


def test_edit_other_tenant_is_404_and_method_and_login(world) -> None:
    client = world.client_for(world.admin_user)
    assert get(client, "ui:employee-edit", world.foreigner.pk).status_code == 404
    url = reverse("ui:employee-edit", args=[world.employee.pk])
    assert client.put(url).status_code == 405
    assert_login_redirect(Client().get(url))
