"""Forum warga: scheduling, minutes, action items followed up, public announcement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pamong.core.models import AuditLog, Role, User
from pamong.participation.models import Forum, ForumActionItem
from tests.conftest import World
from tests.factories import UserFactory, grant

WIT = dt.timezone(dt.timedelta(hours=9))


def make_forum(world: World, **extra: object) -> Forum:
    values: dict[str, object] = {
        "tenant": world.tenant,
        "unit": world.opd,
        "topic": "Layanan kenaikan pangkat",
        "starts_at": timezone.now() + dt.timedelta(days=7),
        "place": "Aula BKPSDM",
    }
    values.update(extra)
    return Forum.objects.create(**values)


@pytest.fixture
def dinkes_head(world: World) -> User:
    user = UserFactory(username="kadis.kesehatan", tenant=world.tenant)
    grant(user, Role.OPD_HEAD, unit=world.outsider.opd)
    return user


def test_opd_head_schedules_a_forum_announced_to_the_public(world: World) -> None:
    head = world.client_for(world.head_user)
    new = reverse("participation:forum-new")
    assert head.get(new).status_code == 200
    starts = (timezone.now() + dt.timedelta(days=3)).astimezone(WIT)
    data = {
        "unit": world.opd.pk,
        "topic": "Dialog <pelayanan> mutasi",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "place": "Aula Kantor Wali Kota",
        "description": "Terbuka untuk umum.",
    }
    assert head.post(new, {**data, "unit": world.outsider.opd.pk}).status_code == 200  # not theirs
    response = head.post(new, data)
    assert response.status_code == 302
    forum = Forum.objects.get()
    assert forum.starts_at.astimezone(WIT).strftime("%H:%M") == starts.strftime("%H:%M")
    assert AuditLog.objects.filter(action="participation.forum.schedule").count() == 1
    past = {**data, "starts_at": "2020-01-01T09:00"}
    assert "masa depan" in head.post(new, past).text
    public = Client().get(reverse("participation:public-forums", args=["sofifi"]))
    assert (
        "Dialog &lt;pelayanan&gt; mutasi" in public.text and "Aula Kantor Wali Kota" in public.text
    )
    transparency = Client().get(reverse("participation:transparency", args=["sofifi"]))
    assert "Dialog &lt;pelayanan&gt; mutasi" in transparency.text
    assert (
        "Dialog" not in Client().get(reverse("participation:public-forums", args=["kupang"])).text
    )


def test_minutes_action_items_and_follow_up(world: World, dinkes_head: User) -> None:
    forum = make_forum(world)
    head = world.client_for(world.head_user)
    item_url = reverse("participation:forum-item-add", args=[forum.pk])
    item = {"description": "Buka loket Sabtu", "responsible_unit": world.outsider.opd.pk}
    item["due_date"] = "2026-12-01"
    head.post(item_url, item)  # refused before the minutes
    assert not ForumActionItem.objects.exists()
    minutes = reverse("participation:forum-minutes", args=[forum.pk])
    assert head.post(minutes, {"minutes": "Warga meminta loket Sabtu."}).status_code == 302
    forum.refresh_from_db()
    assert forum.state == "held"
    assert head.post(item_url, item).status_code == 302
    action = ForumActionItem.objects.get()
    follow = reverse("participation:forum-item-follow-up", args=[action.pk])
    # The responsible OPD's head follows up; the organising OPD's head may too (runs it).
    assert world.client_for(world.employee_user).post(follow, {"text": "x"}).status_code == 403
    dinkes = world.client_for(dinkes_head)
    assert dinkes.get(reverse("participation:forum", args=[forum.pk])).status_code == 200
    assert dinkes.post(follow, {"text": "Jadwal disusun."}).status_code == 302
    action.refresh_from_db()
    assert action.state == "in_progress"
    assert dinkes.post(follow, {"text": "Loket Sabtu dibuka.", "done": "on"}).status_code == 302
    action.refresh_from_db()
    assert (action.state, action.follow_up) == ("done", "Loket Sabtu dibuka.")
    assert action.closed_at is not None
    dinkes.post(follow, {"text": "lagi"})
    action.refresh_from_db()
    assert action.follow_up == "Loket Sabtu dibuka."
    verbs = list(
        AuditLog.objects.filter(action__startswith="participation.forum.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert verbs == [
        "participation.forum.minutes",
        "participation.forum.item_add",
        "participation.forum.item_follow_up",
        "participation.forum.item_follow_up",
    ]
    # The Dinkes head may not write the minutes of a BKPSDM forum.
    assert dinkes.post(minutes, {"minutes": "ubah"}).status_code == 403


def test_overdue_items_are_marked(world: World) -> None:
    forum = make_forum(world, state="held", starts_at=timezone.now() - dt.timedelta(days=30))
    ForumActionItem.objects.create(
        tenant=world.tenant,
        forum=forum,
        description="Perbaiki papan informasi",
        responsible_unit=world.opd,
        due_date=dt.date(2020, 1, 1),
    )
    page = world.client_for(world.admin_user).get(reverse("participation:forum", args=[forum.pk]))
    assert "terlambat" in page.text


def test_cancel_and_visibility(world: World, dinkes_head: User) -> None:
    forum = make_forum(world)
    detail = reverse("participation:forum", args=[forum.pk])
    assert world.client_for(dinkes_head).get(detail).status_code == 403
    assert world.client_for(world.employee_user).get(detail).status_code == 403
    assert world.client_for(world.other_admin_user).get(detail).status_code == 404
    assert world.client_for(world.auditor_user).get(detail).status_code == 200
    cancel = reverse("participation:forum-cancel", args=[forum.pk])
    assert world.client_for(world.auditor_user).post(cancel, {"reason": "x"}).status_code == 403
    assert world.client_for(world.admin_user).get(cancel).status_code == 405
    admin = world.client_for(world.admin_user)
    assert admin.post(cancel, {"reason": "Bentrok jadwal"}).status_code == 302
    forum.refresh_from_db()
    assert forum.state == "cancelled" and "Bentrok jadwal" in forum.description
    assert (
        "Layanan kenaikan"
        not in Client().get(reverse("participation:public-forums", args=["sofifi"])).text
    )


def test_list_scope_and_query_count(world: World, django_assert_max_num_queries) -> None:
    for n in range(5):
        make_forum(world, topic=f"Forum {n}")
    make_forum(world, unit=world.outsider.opd, topic="Forum Dinkes")
    head = world.client_for(world.head_user)
    head.get(reverse("participation:forums"))
    with django_assert_max_num_queries(14):
        page = head.get(reverse("participation:forums"))
    topics = [f.topic for f in page.context["forums"]]
    assert len(topics) == 5 and "Forum Dinkes" not in topics
    assert (
        world.client_for(world.employee_user).get(reverse("participation:forums")).status_code
        == 403
    )
    with django_assert_max_num_queries(6):
        Client().get(reverse("participation:public-forums", args=["sofifi"]))


def test_overdue_action_items_escalate_once_to_the_responsible_opd(
    world: World, dinkes_head: User
) -> None:
    from io import StringIO

    from django.core.management import call_command

    forum = make_forum(world, state="held", starts_at=timezone.now() - dt.timedelta(days=30))
    late = ForumActionItem.objects.create(
        tenant=world.tenant,
        forum=forum,
        description="Sediakan ruang tunggu",
        responsible_unit=world.outsider.opd,
        due_date=dt.date(2026, 11, 1),
    )
    ForumActionItem.objects.create(
        tenant=world.tenant,
        forum=forum,
        description="Sudah beres",
        responsible_unit=world.outsider.opd,
        due_date=dt.date(2026, 11, 1),
        state="done",
    )
    out = StringIO()
    args = ("complaints_escalate", "--tenant", "sofifi", "--date", "2026-11-10")
    call_command(*args, stdout=out)
    assert "tindak lanjut forum dieskalasi: 1" in out.getvalue()
    call_command(*args, stdout=out)
    assert out.getvalue().count("tindak lanjut forum dieskalasi: 1") == 1
    late.refresh_from_db()
    assert late.escalated_at is not None
    log = AuditLog.objects.get(action="participation.forum.item_escalate")
    assert log.data["opd"] == world.outsider.opd_id
    page = world.client_for(dinkes_head).get(reverse("participation:forums"))
    assert [i.pk for i in page.context["escalated"]] == [late.pk]
    own = world.client_for(world.head_user).get(reverse("participation:forums"))
    assert own.context["escalated"] == []
