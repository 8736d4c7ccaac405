"""The answers of the main actions read plainly in both languages (issue 12).

The crawl (test_plain_language_crawl) follows links only; these POST the main actions of
the demo tenant the way their forms do and check the message shown after each (success,
and the refusal of an unconfirmed irreversible step) with the crawl's own checker: no
codes, no raw choice values, no untranslated sentence in English. Each action runs in a
savepoint that is rolled back, so both languages act on the same record.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from pamong.attendance.corrections import pending_for, request_correction
from pamong.core.actor import actor_for_user
from pamong.core.models import User
from pamong.core.permissions import has_perm
from pamong.leave.selectors import inbox
from pamong.participation.complaints import complaint_units
from pamong.participation.models import Complaint
from tests.factories import login_fully
from tests.ui.crawl import Page, msgid_map, problems, visible_text
from tests.ui.test_plain_language_crawl import TODAY, _logins

pytestmark = pytest.mark.django_db
REGION = re.compile(r'<div id="messages"[^>]*>(.*?)</div>', re.S)
ALERT = re.compile(r'<p class="error" role="alert">(.*?)</p>', re.S)


@dataclass
class Action:
    name: str
    user: User
    url: str
    data: dict[str, Any]


def _message(response: Any) -> str:
    """The sentence the person reads after the action: the messages region or the alert."""
    html = response.content.decode()
    found = REGION.search(html) if response.status_code < 400 else ALERT.search(html)
    return visible_text(found.group(1)) if found else ""


def _first(users: dict[str, User], pick: Callable[[User], Any]) -> tuple[User, Any]:
    for user in users.values():
        found = pick(user)
        if found is not None:
            return user, found
    raise AssertionError("no user of the demo tenant can take this action")


def _actions(users: dict[str, User]) -> list[Action]:
    from pamong.appraisal.models import Skp
    from pamong.tpp.models import TppRun

    def leave(user: User) -> Any:
        return inbox(actor_for_user(user))[1].first()

    def correction(user: User) -> Any:
        return pending_for(actor_for_user(user)).first()

    def manager(perm: str) -> Callable[[User], Any]:
        return lambda user: user if has_perm(actor_for_user(user), perm) else None

    actions = []
    user, request = _first(users, leave)
    url = reverse("leave:request-decide", args=[request.pk])
    for decision in ("approve", "reject"):
        data = {"decision": decision, "note": "Kebutuhan dinas", "confirmed": "1"}
        actions.append(Action(f"leave {decision}", user, url, data))

    employee = users["employee"]
    request_correction(
        actor=actor_for_user(employee),
        day=TODAY - dt.timedelta(days=3),
        check_in=dt.time(7, 30),
        check_out=dt.time(16, 0),
        reason="Mesin presensi mati",
    )
    user, item = _first(users, correction)
    url = reverse("attendance:correction-decide", args=[item.pk])
    data = {"decision": "approve", "note": "", "confirmed": "1"}
    actions.append(Action("correction approve", user, url, data))

    user, _user = _first(users, manager("tpp.verify"))
    run = TppRun.objects.filter(status=TppRun.Status.DRAFT).first()
    assert run is not None
    url = reverse("tpp:run-step", args=[run.pk, "verify"])
    actions.append(Action("tpp verify", user, url, {"revision": run.revision}))

    user, _user = _first(users, manager("participation.manage"))
    verified = Complaint.objects.filter(
        state__in=(Complaint.State.VERIFIED, Complaint.State.DISPATCHED)
    ).first()
    assert verified is not None
    # Forwarded to another unit than the one handling it now (dispatch allows both).
    units = complaint_units(verified.tenant).exclude(pk=verified.handling_unit_id)
    unit = units.values_list("pk", flat=True).first()
    url = reverse("participation:complaint-dispatch", args=[verified.pk])
    actions.append(Action("complaint dispatch", user, url, {"unit": unit}))
    handled = Complaint.objects.filter(
        state__in=(Complaint.State.DISPATCHED, Complaint.State.IN_PROGRESS)
    ).first()
    assert handled is not None
    url = reverse("participation:complaint-close", args=[handled.pk])
    data = {"text": "Jalan sudah diperbaiki.", "confirmed": "1"}
    actions.append(Action("complaint close", user, url, data))

    # An SKP waiting for its supervisor (pejabat penilai) who has a login; the demo's own
    # SKPs may all be decided already, so one is put back to "submitted".
    with_login = set(User.objects.filter(employee__isnull=False).values_list("employee", flat=True))
    skp = next(
        s
        for s in Skp.objects.select_related("employee").order_by("pk")
        if s.employee.supervisor_id in with_login
    )
    Skp.objects.filter(pk=skp.pk).update(status=Skp.Status.SUBMITTED)
    approver = User.objects.get(employee_id=skp.employee.supervisor_id)
    url = reverse("appraisal:skp-decide", args=[skp.pk])
    actions.append(Action("skp approve", approver, url, {"action": "approve", "confirmed": "1"}))
    return actions


def _post(client: Client, action: Action, data: dict[str, Any]) -> tuple[int, str]:
    """POST as the form does, in a savepoint rolled back afterwards."""
    point = transaction.savepoint()
    try:
        response = client.post(action.url, data, follow=True)
        return response.status_code, _message(response)
    finally:
        transaction.savepoint_rollback(point)


def test_the_main_actions_answer_plainly_in_both_languages(clock: Any) -> None:
    users = _logins(clock)
    msgids = msgid_map()
    names = set(User.objects.values_list("username", flat=True))
    found: list[str] = []
    for action in _actions(users):
        client = login_fully(Client(raise_request_exception=False), action.user)
        for language in ("id", "en"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            answers = [_post(client, action, action.data)]
            assert answers[0][0] == 200, (action.name, language, answers[0])
            if "confirmed" in action.data:  # the refusal of an unconfirmed step, too
                unconfirmed = {k: v for k, v in action.data.items() if k != "confirmed"}
                answers.append(_post(client, action, unconfirmed))
                assert answers[1][0] == 400, (action.name, language, answers[1])
            for status, message in answers:
                where = f"[{action.name}/{language}] HTTP {status}"
                assert message, f"{where}: no message shown"
                page = Page(url=where, status=status, nodes=[message])
                found += [f"{p}: {message!r}" for p in problems([page], language, msgids, names)]
    if found:
        pytest.fail("\n".join(found), pytrace=False)
