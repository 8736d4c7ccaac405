"""The unit filter stays small in a Pemda with thousands of units, and still drills down."""

from __future__ import annotations

from pamong.ui.views import org
from pamong.ui.views.org import UnitRow, unit_choices


def _tree(opds: int, schools: int) -> list[UnitRow]:
    rows, pk = [], 0
    for o in range(opds):
        pk += 1
        opd = UnitRow(pk, f"Dinas {o}", f"{pk}", 0)
        rows.append(opd)
        for _ in range(schools):
            pk += 1
            rows.append(UnitRow(pk, f"Sekolah {pk}", f"{opd.path}/{pk}", 1))
    return rows


def test_small_trees_list_every_unit() -> None:
    units = _tree(3, 3)
    assert unit_choices(units, None) == units


def test_large_trees_list_opds_then_children_of_the_chosen_unit() -> None:
    units = _tree(10, org.MAX_UNIT_CHOICES)
    top = unit_choices(units, None)
    assert [u.depth for u in top] == [0] * 10
    chosen = top[3]
    drilled = unit_choices(units, str(chosen.pk))
    children = [u for u in drilled if u.depth == 1]
    assert len(children) == org.MAX_UNIT_CHOICES
    assert all(u.path.startswith(f"{chosen.path}/") for u in children)
    school = children[5]
    again = unit_choices(units, school.pk)
    assert school in again and chosen in again  # the path back up stays selectable
    assert len(again) == 11


def test_filter_units_reads_what_unit_choices_keeps(world, monkeypatch) -> None:
    """The big-tree path reads only the kept units, and keeps the same ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scope

    from pamong.core.actor import actor_for_user
    from pamong.org.models import Unit
    from tests.factories import UnitFactory

    sub = UnitFactory(tenant=world.tenant, code="1.01.01.01", parent=world.bidang)
    UnitFactory(tenant=world.tenant, code="1.01.01.01.01", parent=sub)
    UnitFactory(
        tenant=world.tenant,
        code="1.02.01",
        parent=Unit.objects.get(tenant=world.tenant, code="1.02"),
    )
    monkeypatch.setattr(org, "MAX_UNIT_CHOICES", 2)
    for user in (world.admin_user, world.head_user):
        actor = actor_for_user(user)
        with scope(tenant=actor.tenant):
            every = [
                UnitRow(*r)
                for r in Unit.objects.filter(tenant=world.tenant)
                .filter(pk__in=org.units_visible_to(actor).values("pk"))
                .order_by("path")
                .values_list(*org.UNIT_ROW_FIELDS)
            ]
            assert len(every) > 2
            for selected in [None, "", "abc", "0", "99999", f"0{sub.pk}"] + [
                str(u.pk) for u in every
            ]:
                with CaptureQueriesContext(connection) as ctx:
                    assert org.filter_units(actor, selected) == unit_choices(every, selected)
                assert len(ctx) == (2 if selected and selected.isdigit() else 1)
