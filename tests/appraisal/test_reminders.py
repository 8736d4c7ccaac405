"""In-app deadlines and reminders on the SKP page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from pamong.appraisal import services as svc
from pamong.appraisal.reminders import rating_deadline, reminders_for, skp_deadline
from pamong.performance.models import CoachingPlan, Rating
from tests.appraisal.conftest import act, user_of
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _previous(today: dt.date) -> str:
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


def test_deadlines() -> None:
    assert skp_deadline(2026) == dt.date(2026, 1, 31)
    assert rating_deadline("2026-03") == dt.date(2026, 4, 5)
    assert rating_deadline("2026-12") == dt.date(2027, 1, 5)
    with override_settings(PAMONG_RATING_DEADLINE_DAY=10, PAMONG_SKP_DEADLINE=(2, 15)):
        assert rating_deadline("2026-03") == dt.date(2026, 4, 10)
        assert skp_deadline(2026) == dt.date(2026, 2, 15)


def test_employee_reminders(world: World) -> None:
    actor = act(world.employee_user)
    today = svc.tenant_today(actor)
    (skp,) = reminders_for(actor)
    assert f"SKP tahun {today.year}" in skp.text
    assert skp.due == dt.date(today.year, 1, 31)
    assert skp.overdue == (today > dt.date(today.year, 1, 31))
    period = _previous(today)
    evaluation = svc.evaluation_rate(
        actor=act(world.supervisor_user),
        employee=world.employee,
        period=period,
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
    )
    texts = [r.text for r in reminders_for(actor)]
    assert f"Terima penilaian kinerja {period}." in texts
    svc.evaluation_finalize(actor=act(world.head_user), evaluation=evaluation)
    objection = next(r for r in reminders_for(actor) if "keberatan" in r.text)
    assert objection.due == svc.objection_deadline(evaluation) and not objection.overdue
    assert not any("Terima penilaian" in r.text for r in reminders_for(actor))


def test_supervisor_and_coach_reminders(world: World) -> None:
    actor = act(world.supervisor_user)
    today = svc.tenant_today(actor)
    period = _previous(today)
    svc.peer_request(
        actor=act(world.supervisor_user), employee=world.employee, period=period, peers=[world.peer]
    )
    texts = [r.text for r in reminders_for(actor)]
    assert f"2 bawahan belum dinilai untuk {period}." in texts
    svc.evaluation_rate(
        actor=actor,
        employee=world.peer,
        period=period,
        hasil_kerja="di_bawah",
        perilaku_kerja="sesuai",
        reason="Laporan terlambat",
    )
    rating = next(r for r in reminders_for(actor) if "bawahan" in r.text)
    assert rating.text == f"1 bawahan belum dinilai untuk {period}."
    assert rating.due == rating_deadline(period)
    peer_texts = [r.text for r in reminders_for(act(user_of(world.peer)))]
    assert any("umpan balik rekan kerja untuk Arnoldus Seran" in t for t in peer_texts)
    head_texts = [r.text for r in reminders_for(act(world.head_user))]
    assert "1 penilaian menunggu penetapan Anda." in head_texts
    assert Rating.objects.filter(employee=world.peer, predikat="butuh_perbaikan").exists()
    CoachingPlan.objects.create(
        tenant=world.tenant,
        employee=world.peer,
        period=period,
        predikat="butuh_perbaikan",
        goals="g",
        actions="a",
        follow_up_date=today - dt.timedelta(days=1),
        coach=world.supervisor,
    )
    reminders = reminders_for(actor)
    coaching = next(r for r in reminders if r.text == "Tindak lanjut pembinaan Fransiska Lete.")
    assert coaching.overdue
    flags = [r.overdue for r in reminders]
    assert flags == sorted(flags, reverse=True)  # overdue ones first


def test_reminders_on_the_index_page(world: World) -> None:
    page = world.client_for(world.employee_user).get(reverse("appraisal:index"))
    assert 'id="reminder-list"' in page.text and "Susun dan ajukan SKP" in page.text
    admin = world.client_for(world.admin_user).get(reverse("appraisal:index"))
    assert 'id="reminder-list"' not in admin.text  # no employee record, no tasks
