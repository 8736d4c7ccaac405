"""Long main lists read as cards on a phone (390 px), like the employee list: their table
carries `stack`, which the stylesheet lays out as one card per row below 48rem (768 px)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.attendance.helpers import set_calendar
from tests.conftest import World
from tests.leave.conftest import submit
from tests.participation.test_complaints_staff import make_complaint

pytestmark = pytest.mark.django_db
STACK = re.compile(r'<div class="table-wrap"><table class="stack">')


def test_leave_requests_and_complaints_are_cards_on_a_phone(world: World) -> None:
    set_calendar(world.tenant)
    request = submit(world, start="2026-11-02", end="2026-11-03")
    own = world.client_for(world.employee_user).get(reverse("leave:index")).text
    assert STACK.search(own)
    assert reverse("leave:request-detail", args=[request.pk]) in own.split('class="stack"')[1]

    complaint = make_complaint(world)
    listing = world.client_for(world.admin_user).get(reverse("participation:complaints")).text
    assert STACK.search(listing)
    assert reverse("participation:complaint", args=[complaint.pk]) in listing


def test_the_stylesheet_stacks_those_tables_on_a_phone() -> None:
    from pathlib import Path

    import pamong

    css = "".join(
        p.read_text() for p in Path(pamong.__file__).parent.glob("ui/static/pamong/*.css")
    )
    assert "main table.stack" in css and ".stack tbody tr{display:flex" in css
