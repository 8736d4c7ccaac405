"""The evaluation page tells the employee when a keberatan can be filed, and why not now
(issue 10 §5: the form simply was not there, with no word why)."""

from __future__ import annotations

from django.urls import reverse

from pamong.appraisal import services as svc
from tests.appraisal.conftest import act
from tests.appraisal.test_evaluation_services import rate
from tests.conftest import World


def test_the_page_says_when_a_keberatan_becomes_possible(world: World) -> None:
    evaluation = rate(world)
    url = reverse("appraisal:evaluation", args=[evaluation.pk])
    client = world.client_for(world.employee_user)
    page = client.get(url).text
    assert 'id="objection-note"' in page and "belum ditetapkan" in page
    assert 'action="' + reverse("appraisal:objection-file", args=[evaluation.pk]) not in page
    svc.evaluation_finalize(actor=act(world.head_user), evaluation=evaluation)
    evaluation.refresh_from_db()
    deadline = svc.objection_deadline(evaluation)
    assert deadline is not None
    page = client.get(url).text
    assert f"sampai {deadline.isoformat()}" in page
    assert reverse("appraisal:objection-file", args=[evaluation.pk]) in page
    # The supervisor sees no note meant for the employee.
    assert 'id="objection-note"' not in world.client_for(world.supervisor_user).get(url).text
