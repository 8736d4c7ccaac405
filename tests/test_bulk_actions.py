"""Bulk actions with a result per item (issue 10 §5): finalise ratings, decide leave,
approve attendance corrections. Each item goes through its own service; a refusal or an
id outside the actor's list is reported and leaves the others done."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from pamong.appraisal import services as appraisal
from pamong.appraisal.models import Evaluation
from pamong.attendance.corrections import request_correction
from pamong.attendance.models import Correction, CorrectionStatus
from pamong.core.actor import actor_for_user
from pamong.leave.models import LeaveRequest
from tests.appraisal.conftest import user_of
from tests.attendance.helpers import set_calendar
from tests.conftest import World
from tests.leave.conftest import submit

pytestmark = pytest.mark.django_db


def _table(html: str) -> str:
    return html.split('id="bulk-results"')[1].split("</table>")[0]


def test_finalise_ratings_in_bulk(world: World) -> None:
    supervisor = actor_for_user(world.supervisor_user)
    rated = [
        appraisal.evaluation_rate(
            actor=supervisor, employee=e, period="2026-03", hasil_kerja="sesuai",
            perilaku_kerja="sesuai",
        )
        for e in (world.employee, world.peer)
    ]  # fmt: skip
    client = world.client_for(world.head_user)
    index = client.get(reverse("appraisal:index")).text
    assert 'id="bulk-finalize"' in index
    ids = [str(e.pk) for e in rated] + ["999999"]
    unconfirmed = client.post(reverse("appraisal:finalize-bulk"), {"ids": ids})
    assert unconfirmed.status_code == 400 and "Saya yakin" in unconfirmed.text
    assert "finalized" not in set(Evaluation.objects.values_list("status", flat=True))
    page = client.post(reverse("appraisal:finalize-bulk"), {"ids": ids, "confirmed": "1"}).text
    assert "2 dari 3 berhasil" in page
    assert _table(page).count("ditetapkan") == 2
    assert "tidak ditemukan" in _table(page)
    assert set(Evaluation.objects.values_list("status", flat=True)) == {"finalized"}
    # Somebody else's list: nothing of it is theirs.
    page = world.client_for(world.employee_user).post(
        reverse("appraisal:finalize-bulk"), {"ids": ids, "confirmed": "1"}
    )
    assert "0 dari 3 berhasil" in page.text


def test_decide_leave_in_bulk_with_a_result_per_request(world: World) -> None:
    set_calendar(world.tenant)
    mine = submit(world, start="2026-11-02", end="2026-11-03")
    peers = submit(world, start="2026-11-09", end="2026-11-09", employee=world.peer,
                   user=user_of(world.peer))  # fmt: skip
    client = world.client_for(world.supervisor_user)
    assert 'id="bulk-decide"' in client.get(reverse("leave:inbox")).text
    url = reverse("leave:decide-bulk")
    # Rejecting needs a note: both fail, each says why, nothing changes.
    both = {"ids": [mine.pk, peers.pk], "confirmed": "1"}
    unconfirmed = client.post(url, {"ids": [mine.pk, peers.pk], "decision": "approve"})
    assert unconfirmed.status_code == 400
    assert set(LeaveRequest.objects.values_list("status", flat=True)) == {"submitted"}
    page = client.post(url, both | {"decision": "reject"}).text
    assert "0 dari 2 berhasil" in page and _table(page).count("wajib") == 2
    page = client.post(url, both | {"decision": "approve"}).text
    assert "2 dari 2 berhasil" in page
    assert set(LeaveRequest.objects.values_list("status", flat=True)) == {"considered"}
    assert world.client_for(world.employee_user).post(url, {"ids": [mine.pk]}).status_code == 403


def test_approve_corrections_in_bulk(world: World, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    set_calendar(world.tenant)
    made = [
        request_correction(
            actor=actor_for_user(user), day=dt.date(2026, 11, 3), check_in=None,
            check_out=dt.time(16, 5), reason="lupa absen",
        )
        for user in (world.employee_user, user_of(world.peer))
    ]  # fmt: skip
    other = Correction.objects.create(
        tenant=world.other_tenant, employee=world.foreigner, day=dt.date(2026, 11, 3),
        check_out=dt.time(16), reason="x",
    )  # fmt: skip
    client = world.client_for(world.supervisor_user)
    assert 'id="bulk-approve"' in client.get(reverse("attendance:corrections")).text
    ids = {"ids": [made[0].pk, made[1].pk, other.pk]}
    url = reverse("attendance:correction-approve-bulk")
    assert client.post(url, ids, HTTP_HX_REQUEST="true").status_code == 400
    assert set(Correction.objects.values_list("status", flat=True)) == {CorrectionStatus.PENDING}
    page = client.post(url, ids | {"confirmed": "1"}).text
    assert "2 dari 3 berhasil" in page
    statuses = dict(Correction.objects.values_list("pk", "status"))
    assert statuses[made[0].pk] == statuses[made[1].pk] == CorrectionStatus.APPROVED
    assert statuses[other.pk] == CorrectionStatus.PENDING
