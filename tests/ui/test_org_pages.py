"""Org tree, unit detail and the employee list."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import EmployeeFactory, PositionFactory, UnitFactory
from tests.ui.helpers import assert_login_redirect, get


def rows(response) -> list[str]:
    """Employee names in the list table, in order."""
    return [e.name for e in response.context["page_obj"].object_list]


# --- org tree -------------------------------------------------------------------------


def test_unit_tree_shows_counts_per_unit_and_subtree(world) -> None:
    response = get(world.client_for(world.admin_user), "ui:units")
    assert response.status_code == 200
    by_code = {r["unit"].code: r for r in response.context["rows"]}
    assert set(by_code) == {"1.01", "1.01.01", "1.02"}  # not the other tenant's unit
    assert (by_code["1.01"]["direct"], by_code["1.01"]["total"]) == (1, 4)
    assert (by_code["1.01.01"]["direct"], by_code["1.01.01"]["total"]) == (3, 3)
    html = response.content.decode()
    assert 'class="depth-1"' in html


def test_unit_tree_runs_a_constant_number_of_queries(world) -> None:
    client = world.client_for(world.admin_user)
    get(client, "ui:units")
    with CaptureQueriesContext(connection) as few:
        get(client, "ui:units")
    for i in range(10):
        unit = UnitFactory(tenant=world.tenant, code=f"1.01.0{i + 2}", parent=world.opd)
        EmployeeFactory(tenant=world.tenant, unit=unit)
    with CaptureQueriesContext(connection) as many:
        get(client, "ui:units")
    assert len(many) == len(few)


def test_head_sees_only_their_opd_in_the_tree(world) -> None:
    response = get(world.client_for(world.head_user), "ui:units")
    assert {r["unit"].code for r in response.context["rows"]} == {"1.01", "1.01.01"}


def test_unit_tree_forbidden_without_org_view(world) -> None:
    assert get(world.client_for(world.employee_user), "ui:units").status_code == 403
    assert get(world.client_for(world.supervisor_user), "ui:units").status_code == 403


def test_unit_tree_method_and_login(world) -> None:
    assert world.client_for(world.admin_user).post(reverse("ui:units")).status_code == 405
    assert_login_redirect(get(Client(), "ui:units"))


# --- unit detail ----------------------------------------------------------------------


def test_unit_detail_for_admin_and_head(world) -> None:
    for user in (world.admin_user, world.auditor_user, world.head_user):
        response = get(world.client_for(user), "ui:unit-detail", world.bidang.pk)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Bidang Mutasi" in html and "Arnoldus Seran" in html
        assert response.context["subtree_employees"] == 3
    response = get(world.client_for(world.admin_user), "ui:unit-detail", world.opd.pk)
    assert [c.code for c in response.context["children"]] == ["1.01.01"]
    assert response.context["subtree_employees"] == 4


def test_unit_detail_other_opd_is_forbidden_for_head(world) -> None:
    other_opd = world.outsider.unit
    response = get(world.client_for(world.head_user), "ui:unit-detail", other_opd.pk)
    assert response.status_code == 403


def test_unit_detail_other_tenant_is_404(world) -> None:
    response = get(world.client_for(world.admin_user), "ui:unit-detail", world.other_opd.pk)
    assert response.status_code == 404


def test_unit_detail_method_and_login(world) -> None:
    url = reverse("ui:unit-detail", args=[world.opd.pk])
    assert world.client_for(world.admin_user).post(url).status_code == 405
    assert_login_redirect(Client().get(url))
    assert world.client_for(world.employee_user).get(url).status_code == 403


# --- employee list --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("employee_user", {"Arnoldus Seran"}),
        ("supervisor_user", {"Maria Bria", "Arnoldus Seran", "Fransiska Lete"}),
        ("head_user", {"Yohanis Lado", "Maria Bria", "Arnoldus Seran", "Fransiska Lete"}),
    ],
)
def test_employee_list_is_scoped_per_persona(world, persona, expected) -> None:
    response = get(world.client_for(getattr(world, persona)), "ui:employees")
    assert response.status_code == 200
    assert set(rows(response)) == expected


def test_admin_and_auditor_see_the_whole_tenant_only(world) -> None:
    for user in (world.admin_user, world.auditor_user):
        names = set(rows(get(world.client_for(user), "ui:employees")))
        assert world.outsider.name in names
        assert world.foreigner.name not in names
        assert len(names) == 5
    names = set(rows(get(world.client_for(world.other_admin_user), "ui:employees")))
    assert names == {world.foreigner.name}


def test_employee_list_search_by_name_and_nip(world) -> None:
    client = world.client_for(world.admin_user)
    assert rows(get(client, "ui:employees", q="bria")) == ["Maria Bria"]
    assert rows(get(client, "ui:employees", q=world.peer.nip)) == ["Fransiska Lete"]
    response = get(client, "ui:employees", q="tidak-ada-orang")
    assert rows(response) == []
    assert "Tidak ada pegawai yang cocok." in response.content.decode()


def test_employee_list_filters(world) -> None:
    client = world.client_for(world.admin_user)
    opd = set(rows(get(client, "ui:employees", unit=world.opd.pk)))
    assert opd == {"Yohanis Lado", "Maria Bria", "Arnoldus Seran", "Fransiska Lete"}
    assert len(rows(get(client, "ui:employees", unit=world.bidang.pk))) == 3
    response = get(client, "ui:employees", golongan="IV/b")
    assert rows(response) == ["Yohanis Lado"]
    assert '<optgroup label="PPPK">' in response.content.decode()
    EmployeeFactory(
        tenant=world.tenant, unit=world.bidang, name="Pegawai PPPK", employee_type="PPPK",
        golongan="IX", status="cltn",
    )  # fmt: skip
    assert rows(get(client, "ui:employees", employee_type="PPPK")) == ["Pegawai PPPK"]
    assert rows(get(client, "ui:employees", status="cltn")) == ["Pegawai PPPK"]
    # Unknown values are ignored rather than failing or leaking.
    assert len(rows(get(client, "ui:employees", status="nope", unit="abc"))) == 6


def test_head_cannot_filter_into_another_opd(world) -> None:
    client = world.client_for(world.head_user)
    response = get(client, "ui:employees", unit=world.outsider.unit.pk)
    assert world.outsider.name not in rows(response)


def test_employee_list_sorting_is_whitelisted(world) -> None:
    client = world.client_for(world.admin_user)
    names = rows(get(client, "ui:employees", sort="name"))
    assert names == sorted(names)
    assert rows(get(client, "ui:employees", sort="-name")) == sorted(names, reverse=True)
    golongan = [
        e.golongan for e in get(client, "ui:employees", sort="-golongan").context["page_obj"]
    ]
    assert golongan[0] == "IV/b"
    response = get(client, "ui:employees", sort="password")
    assert response.status_code == 200
    assert rows(response) == names
    html = get(client, "ui:employees", sort="nip").content.decode()
    assert 'aria-sort="ascending"' in html


def test_employee_list_orders_the_same_whether_it_sorts_matches_or_walks_an_index(
    world, monkeypatch
) -> None:
    from pamong.ui.views import org

    client = world.client_for(world.admin_user)
    for key in org.SORTS:
        for sort in (key, f"-{key}"):
            sorted_matches = rows(get(client, "ui:employees", sort=sort))
            monkeypatch.setattr(org, "SORT_MATCHES_BELOW", 0)
            walked = rows(get(client, "ui:employees", sort=sort))
            monkeypatch.undo()
            assert sorted_matches == walked, sort


def test_employee_list_paginates_by_50(world) -> None:
    for i in range(55):
        EmployeeFactory(tenant=world.tenant, unit=world.bidang, name=f"Zaenal {i:02d}")
    client = world.client_for(world.admin_user)
    first = get(client, "ui:employees", q="Zaenal")
    assert len(rows(first)) == 50
    assert 'rel="next"' in first.content.decode()
    assert "page=2" in first.content.decode()
    second = get(client, "ui:employees", q="Zaenal", page=2)
    assert len(rows(second)) == 5
    assert get(client, "ui:employees", page=999).status_code == 200


def test_employee_list_htmx_renders_only_the_table(world) -> None:
    client = world.client_for(world.admin_user)
    response = client.get(reverse("ui:employees"), {"q": "Seran"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "<nav" not in html.split("pagination")[0]
    assert "Arnoldus Seran" in html and '<table class="stack">' in html
    assert "HX-Request" in response["Vary"]
    # The current sort travels with the filter form, from inside the swapped fragment.
    sorted_fragment = client.get(
        reverse("ui:employees"), {"sort": "-nip"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert (
        '<input type="hidden" name="sort" value="-nip" form="employee-filter">' in sorted_fragment
    )
    full = get(client, "ui:employees", q="Seran").content.decode()
    assert "<html" in full and 'hx-get="/pegawai/"' in full and 'method="get"' in full
    restore = client.get(
        reverse("ui:employees"),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.content.decode()


def _count_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = get(client, "ui:employees")
    assert response.status_code == 200
    return len(ctx)


def test_employee_list_query_count_is_constant(world, django_assert_max_num_queries) -> None:
    client = world.client_for(world.admin_user)
    get(client, "ui:employees")  # warm caches (content types, session)
    staff = PositionFactory(tenant=world.tenant, name="Analis", kind="fungsional", kelas=8)
    units = [
        UnitFactory(tenant=world.tenant, code=f"1.01.1{i}", parent=world.opd) for i in range(5)
    ]
    for i in range(5):
        EmployeeFactory(tenant=world.tenant, unit=units[i], position=staff)
    few = _count_list_queries(client)
    for i in range(55):
        EmployeeFactory(tenant=world.tenant, unit=units[i % 5], position=staff)
    many = _count_list_queries(client)
    assert few == many
    # session, user, tenant, roles, units, count, page
    with django_assert_max_num_queries(7):
        get(client, "ui:employees")


def test_employee_list_counts_without_joins(world) -> None:
    """The total is counted from the employee table alone (an index-only scan on PG)."""
    client = world.client_for(world.admin_user)
    with CaptureQueriesContext(connection) as ctx:
        get(client, "ui:employees")
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(*)" in q["sql"]]
    assert counts and all("JOIN" not in sql for sql in counts)


def test_employee_list_method_and_login(world) -> None:
    assert world.client_for(world.admin_user).post(reverse("ui:employees")).status_code == 405
    assert_login_redirect(get(Client(), "ui:employees"))
    # A platform superadmin has no tenant: tenant pages are forbidden.
    assert get(world.client_for(world.superadmin_user), "ui:employees").status_code == 403


def test_export_link_only_when_the_export_exists(world) -> None:
    response = get(world.client_for(world.admin_user), "ui:employees", q="a")
    try:
        url = reverse("imports:export-employees")
    except Exception:  # noqa: BLE001 - the import app may not provide it yet
        assert response.context["export_url"] == ""
    else:
        assert response.context["export_url"] == f"{url}?q=a"
