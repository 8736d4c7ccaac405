"""/api/v1/units/: list, filters, create and update through the org services."""

from __future__ import annotations

from django.urls import reverse

from pamong.core.models import AuditLog
from pamong.org.models import Unit

LIST = "/api/v1/units/"


def codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


def test_it_lists_the_tenants_units_in_tree_order(world, api_for) -> None:
    response = api_for(world.auditor_user).get(LIST)
    assert response.status_code == 200
    assert codes(response) == ["1.01", "1.01.01", "1.02"]
    bidang = response.json()["results"][1]
    assert bidang["parent"] == "1.01"
    assert bidang["opd"] == "1.01"
    assert bidang["head"] == world.supervisor.nip


def test_other_tenants_units_are_invisible(world, api_for) -> None:
    client = api_for(world.other_admin_user)
    assert codes(client.get(LIST)) == ["1.01"]
    url = reverse("api:unit", args=[world.bidang.pk])
    assert client.get(url).status_code == 404
    assert client.patch(url, {"name": "X"}, format="json").status_code == 404


def test_an_opd_head_sees_their_opd_and_an_employee_sees_none(world, api_for) -> None:
    assert codes(api_for(world.head_user).get(LIST)) == ["1.01", "1.01.01"]
    client = api_for(world.employee_user)
    assert codes(client.get(LIST)) == []
    assert client.get(reverse("api:unit", args=[world.opd.pk])).status_code == 403


def test_filters(world, api_for) -> None:
    client = api_for(world.admin_user)
    assert codes(client.get(LIST, {"parent": "1.01"})) == ["1.01.01"]
    assert codes(client.get(LIST, {"kind": "bidang"})) == ["1.01.01"]
    assert codes(client.get(LIST, {"q": "kesehatan"})) == ["1.02"]
    assert client.get(LIST, {"kind": "kerajaan"}).status_code == 400


def test_the_admin_creates_a_unit_under_a_parent(world, api_for) -> None:
    response = api_for(world.admin_user).post(
        LIST,
        {"code": "1.01.02", "name": "Bidang Pengembangan", "kind": "bidang", "parent": "1.01"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["path"] == "1.01/1.01.02"
    assert response.json()["opd"] == "1.01"
    unit = Unit.objects.get(tenant=world.tenant, code="1.01.02")
    assert unit.depth == 1
    entry = AuditLog.objects.get(action="org.unit.created", object_id=str(unit.pk))
    assert entry.after["code"] == "1.01.02"


def test_unit_validation_errors_name_the_field(world, api_for) -> None:
    client = api_for(world.admin_user)
    response = client.post(LIST, {"code": "1.02", "name": "Dup", "kind": "opd"}, format="json")
    assert response.status_code == 400 and "code" in response.json()
    response = client.post(
        LIST, {"code": "2.01", "name": "X", "kind": "opd", "parent": "7.77"}, format="json"
    )
    assert response.status_code == 400 and "parent" in response.json()
    response = client.post(LIST, {"code": "2.01", "name": "X"}, format="json")
    assert response.status_code == 400 and "kind" in response.json()
    assert not Unit.objects.filter(tenant=world.tenant, code="2.01").exists()


def test_moving_a_unit_rebuilds_the_tree_and_supervisors(world, api_for) -> None:
    client = api_for(world.admin_user)
    url = reverse("api:unit", args=[world.bidang.pk])
    response = client.patch(url, {"parent": "1.02"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["path"] == "1.02/1.01.01"
    world.bidang.refresh_from_db()
    assert world.bidang.opd.code == "1.02"
    world.employee.refresh_from_db()
    assert world.employee.opd.code == "1.02"
    world.supervisor.refresh_from_db()
    assert world.supervisor.supervisor_id is None  # 1.02 has no head
    entry = AuditLog.objects.get(action="org.unit.updated", object_id=str(world.bidang.pk))
    assert entry.before["parent"] == world.opd.pk
    assert entry.after["parent"] != world.opd.pk


def test_a_cycle_is_refused(world, api_for) -> None:
    response = api_for(world.admin_user).patch(
        reverse("api:unit", args=[world.opd.pk]), {"parent": "1.01.01"}, format="json"
    )
    assert response.status_code == 400 and "parent" in response.json()
    world.opd.refresh_from_db()
    assert world.opd.parent_id is None


def test_readers_cannot_write_units(world, api_for) -> None:
    for user in (world.auditor_user, world.head_user, world.finance_user):
        client = api_for(user)
        response = client.post(LIST, {"code": "3.01", "name": "X", "kind": "opd"}, format="json")
        assert response.status_code == 403
        url = reverse("api:unit", args=[world.opd.pk])
        assert client.patch(url, {"name": "X"}, format="json").status_code == 403


def test_wrong_methods_are_405(world, api_for) -> None:
    client = api_for(world.admin_user)
    assert client.delete(reverse("api:unit", args=[world.opd.pk])).status_code == 405
    assert client.patch(LIST, {}, format="json").status_code == 405


def test_the_unit_list_uses_a_constant_number_of_queries(
    world, api_for, django_assert_max_num_queries
) -> None:
    from tests.factories import UnitFactory

    for n in range(30):
        UnitFactory(tenant=world.tenant, code=f"1.01.{n + 10}", kind="seksi", parent=world.bidang)
    client = api_for(world.admin_user)
    with django_assert_max_num_queries(6):
        response = client.get(LIST, {"page_size": 100})
    assert response.json()["count"] == 33
