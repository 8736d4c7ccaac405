"""/api/v1/employees/: visibility, isolation, writes through the services, filters."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.core.models import AuditLog
from pamong.org.models import Employee, EmployeeHistory
from tests.factories import EmployeeFactory, PositionFactory, make_nip

LIST = "/api/v1/employees/"


def detail(employee: Employee) -> str:
    return reverse("api:employee", args=[employee.pk])


def nips(response) -> set[str]:
    return {row["nip"] for row in response.json()["results"]}


def new_employee_payload(world, **overrides) -> dict:
    birth = dt.date(1995, 2, 3)
    payload = {
        "nip": make_nip(birth, "P", tmt="202003"),
        "name": "Agustina Bere, S.Kom.",
        "gender": "P",
        "birth_date": "1995-02-03",
        "employee_type": "PNS",
        "golongan": "III/a",
        "position": "Pranata Komputer Ahli Pertama",
        "position_kind": "fungsional",
        "kelas": 8,
        "unit": world.bidang.code,
        "email": "agustina@example.org",
    }
    payload.update(overrides)
    return payload


# --- reading ---------------------------------------------------------------------------


def test_it_lists_every_employee_of_the_tenant_for_the_admin(world, api_for) -> None:
    response = api_for(world.admin_user).get(LIST)
    assert response.status_code == 200
    assert nips(response) == {
        e.nip for e in (world.head, world.supervisor, world.employee, world.peer, world.outsider)
    }


def test_it_never_lists_other_tenant_rows(world, api_for) -> None:
    response = api_for(world.other_admin_user).get(LIST)
    assert nips(response) == {world.foreigner.nip}


def test_an_employee_sees_only_themselves(world, api_for) -> None:
    client = api_for(world.employee_user)
    assert nips(client.get(LIST)) == {world.employee.nip}
    assert client.get(detail(world.employee)).status_code == 200
    assert client.get(detail(world.peer)).status_code == 403


def test_a_supervisor_sees_their_subordinates(world, api_for) -> None:
    client = api_for(world.supervisor_user)
    assert nips(client.get(LIST)) == {world.supervisor.nip, world.employee.nip, world.peer.nip}
    assert client.get(detail(world.peer)).status_code == 200
    assert client.get(detail(world.outsider)).status_code == 403


def test_it_shows_the_output_fields_and_no_secrets(world, api_for) -> None:
    data = api_for(world.admin_user).get(detail(world.employee)).json()
    assert data["nip"] == world.employee.nip
    assert data["unit"] == world.bidang.code
    assert data["opd"] == world.opd.code
    assert data["position"] == "Pengelola Data"
    assert data["kelas"] == 5
    assert data["golongan"] == "III/a"
    assert data["employee_type"] == "PNS"
    assert data["status"] == "aktif"
    assert data["supervisor"] == world.supervisor.nip
    assert not {"password", "bank_account", "user"} & set(data)
    head = api_for(world.admin_user).get(detail(world.head)).json()
    assert head["supervisor"] is None


def test_another_tenants_record_is_not_found(world, api_for) -> None:
    client = api_for(world.other_admin_user)
    assert client.get(detail(world.employee)).status_code == 404
    response = client.patch(detail(world.employee), {"name": "Diretas"}, format="json")
    assert response.status_code == 404
    world.employee.refresh_from_db()
    assert world.employee.name == "Arnoldus Seran"


# --- writing ---------------------------------------------------------------------------


def test_the_auditor_is_read_only(world, api_for) -> None:
    client = api_for(world.auditor_user)
    assert client.get(detail(world.employee)).status_code == 200
    assert client.post(LIST, new_employee_payload(world), format="json").status_code == 403
    response = client.patch(detail(world.employee), {"name": "X"}, format="json")
    assert response.status_code == 403
    assert client.put(detail(world.employee), {}, format="json").status_code == 403


def test_an_employee_cannot_edit_their_own_record(world, api_for) -> None:
    response = api_for(world.employee_user).patch(
        detail(world.employee), {"phone": "0812"}, format="json"
    )
    assert response.status_code == 403


def test_the_admin_creates_an_employee_with_an_audit_entry(world, api_for) -> None:
    payload = new_employee_payload(world)
    response = api_for(world.admin_user).post(LIST, payload, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["nip"] == payload["nip"]
    assert data["supervisor"] == world.supervisor.nip  # head of the bidang
    employee = Employee.objects.get(tenant=world.tenant, nip=payload["nip"])
    assert employee.opd_id == world.opd.pk
    assert employee.position.kelas == 8
    entry = AuditLog.objects.get(action="org.employee.created", object_id=str(employee.pk))
    assert entry.tenant == world.tenant
    assert entry.actor_label == f"token:test {world.admin_user.username}"
    assert entry.after["nip"] == payload["nip"]
    assert EmployeeHistory.objects.filter(employee=employee).count() == 4


def test_the_admin_updates_an_employee_with_before_and_after(world, api_for) -> None:
    client = api_for(world.admin_user)
    response = client.patch(
        detail(world.employee),
        {"golongan": "III/b", "supervisor": world.head.nip},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["golongan"] == "III/b"
    assert response.json()["supervisor"] == world.head.nip
    entry = AuditLog.objects.get(action="org.employee.updated", object_id=str(world.employee.pk))
    assert entry.before["golongan"] == "III/a"
    assert entry.after["golongan"] == "III/b"
    assert entry.after["supervisor"] == world.head.pk


def test_put_replaces_the_record_and_needs_every_required_field(world, api_for) -> None:
    client = api_for(world.admin_user)
    response = client.put(detail(world.employee), {"name": "Nama Baru"}, format="json")
    assert response.status_code == 400
    assert "golongan" in response.json()
    full = new_employee_payload(world, name="Arnoldus Seran, S.E.", position="Analis")
    del full["nip"]
    full.update(gender="L", birth_date="1988-04-17")
    response = client.put(detail(world.employee), full, format="json")
    assert response.status_code == 200, response.json()
    world.employee.refresh_from_db()
    assert world.employee.name == "Arnoldus Seran, S.E."
    assert world.employee.position.name == "Analis"


def test_a_bad_nip_is_a_400_naming_the_field(world, api_for) -> None:
    payload = new_employee_payload(world, nip="199502031234")
    response = api_for(world.admin_user).post(LIST, payload, format="json")
    assert response.status_code == 400
    assert "nip" in response.json()
    payload = new_employee_payload(world, nip=world.peer.nip)
    response = api_for(world.admin_user).post(LIST, payload, format="json")
    assert response.status_code == 400
    assert "nip" in response.json()
    assert not Employee.objects.filter(name="Agustina Bere, S.Kom.").exists()


def test_an_unknown_unit_code_is_a_400_naming_the_field(world, api_for) -> None:
    client = api_for(world.admin_user)
    response = client.post(LIST, new_employee_payload(world, unit="9.99"), format="json")
    assert response.status_code == 400
    assert "unit" in response.json()
    # A unit of the other tenant is as unknown as a missing one.
    other = api_for(world.other_admin_user)
    response = other.patch(
        reverse("api:employee", args=[world.foreigner.pk]), {"unit": "1.01.01"}, format="json"
    )
    assert response.status_code == 400
    assert "unit" in response.json()


def test_a_wrong_golongan_and_a_second_head_are_400(world, api_for) -> None:
    client = api_for(world.admin_user)
    response = client.post(
        LIST, new_employee_payload(world, employee_type="PPPK", golongan="III/a"), format="json"
    )
    assert response.status_code == 400
    assert "golongan" in response.json() or "nip" in response.json()
    response = client.post(
        LIST,
        new_employee_payload(world, position="Kepala Bidang Lain", position_kind="administrator"),
        format="json",
    )
    assert response.status_code == 400
    assert "position" in response.json()


def test_a_supervisor_cycle_is_a_400_on_supervisor(world, api_for) -> None:
    response = api_for(world.admin_user).patch(
        detail(world.supervisor), {"supervisor": world.employee.nip}, format="json"
    )
    assert response.status_code == 400
    assert "supervisor" in response.json()


def test_wrong_methods_are_405(world, api_for) -> None:
    client = api_for(world.admin_user)
    assert client.delete(detail(world.employee)).status_code == 405
    assert client.delete(LIST).status_code == 405
    assert client.put(LIST, {}, format="json").status_code == 405
    assert client.post(detail(world.employee), {}, format="json").status_code == 405
    # Also for a read-only actor: the method is wrong before it is forbidden.
    assert api_for(world.auditor_user).delete(detail(world.employee)).status_code == 405


# --- filters, ordering, pagination, query count ---------------------------------------------


def test_filters(world, api_for) -> None:
    client = api_for(world.admin_user)
    assert nips(client.get(LIST, {"q": "fransiska"})) == {world.peer.nip}
    assert nips(client.get(LIST, {"q": world.outsider.nip[:14]})) >= {world.outsider.nip}
    under_opd = nips(client.get(LIST, {"unit": world.opd.code}))
    assert under_opd == {e.nip for e in (world.head, world.supervisor, world.employee, world.peer)}
    assert nips(client.get(LIST, {"unit": world.bidang.code})) == {
        world.supervisor.nip,
        world.employee.nip,
        world.peer.nip,
    }
    assert nips(client.get(LIST, {"golongan": "IV/b"})) == {world.head.nip}
    world.peer.status = "cltn"
    world.peer.save()
    assert nips(client.get(LIST, {"status": "cltn"})) == {world.peer.nip}
    assert nips(client.get(LIST, {"employee_type": "PPPK"})) == set()
    response = client.get(LIST, {"unit": "9.99"})
    assert response.status_code == 400 and "unit" in response.json()
    response = client.get(LIST, {"status": "pensiun-dini"})
    assert response.status_code == 400 and "status" in response.json()


def test_ordering_and_pagination(world, api_for) -> None:
    client = api_for(world.admin_user)
    rows = client.get(LIST, {"ordering": "-name", "page_size": 2}).json()
    assert rows["count"] == 5
    assert [r["name"] for r in rows["results"]] == ["Yohanis Lado", world.outsider.name]
    assert rows["next"] is not None
    page3 = client.get(LIST, {"ordering": "-name", "page_size": 2, "page": 3}).json()
    assert [r["name"] for r in page3["results"]] == ["Arnoldus Seran"]
    assert page3["next"] is None
    assert client.get(LIST, {"page": 9}).status_code == 404
    assert client.get(LIST, {"ordering": "password"}).status_code == 400


def test_the_list_uses_a_constant_number_of_queries(
    world, api_for, django_assert_max_num_queries
) -> None:
    client = api_for(world.admin_user)

    def queries_for_list(expected_count: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(LIST, {"page_size": 100})
        assert response.json()["count"] == expected_count
        return len(ctx.captured_queries)

    with_5 = queries_for_list(5)
    position = PositionFactory(tenant=world.tenant, name="Staf", kind="pelaksana", kelas=5)
    for _ in range(45):
        EmployeeFactory(
            tenant=world.tenant, unit=world.bidang, position=position, supervisor=world.supervisor
        )
    with django_assert_max_num_queries(6):
        assert queries_for_list(50) == with_5


def test_an_opd_head_sees_their_opd_only_and_cannot_write(world, api_for) -> None:
    client = api_for(world.head_user)
    assert nips(client.get(LIST)) == {
        e.nip for e in (world.head, world.supervisor, world.employee, world.peer)
    }
    assert client.get(detail(world.outsider)).status_code == 403
    assert client.patch(detail(world.employee), {"phone": "1"}, format="json").status_code == 403
