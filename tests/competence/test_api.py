"""The competence API: the same rules as the pages, tenant isolation, role permissions."""

from __future__ import annotations

from rest_framework.test import APIClient

from pamong.api.services import api_token_create
from pamong.competence import learning
from pamong.competence.models import Enrolment
from pamong.competence.models_learning import Attempt, Question
from pamong.core.actor import system_actor
from pamong.core.models import User
from tests.conftest import World

from .helpers import add_jp, programme
from .test_learning import finish_modules, make_course, right_answers


def api(user: User) -> APIClient:
    _token, key = api_token_create(actor=system_actor(user.tenant), user=user, name="t")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_apply_consider_decide_through_the_api(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    prog = programme(world.tenant)
    foreign = programme(world.other_tenant, title="Kupang")
    me = api(world.employee_user)
    listed = me.get("/api/v1/competence/programmes/").json()["results"]
    assert [p["judul"] for p in listed] == [prog.title]
    assert me.post(f"/api/v1/competence/programmes/{foreign.pk}/apply/", {}).status_code == 404
    response = me.post(
        f"/api/v1/competence/programmes/{prog.pk}/apply/", {"alasan": "x"}, format="json"
    )
    assert response.status_code == 201, response.content
    enrolment_id = response.json()["id"]
    again = me.post(f"/api/v1/competence/programmes/{prog.pk}/apply/", {}, format="json")
    assert again.status_code == 400 and again.json()["errors"][0]["field"] == "program"
    decide = f"/api/v1/competence/enrolments/{enrolment_id}/decide/"
    assert (
        api(world.admin_user).post(decide, {"decision": "approve"}, format="json").status_code
        == 403
    )
    consider = f"/api/v1/competence/enrolments/{enrolment_id}/consider/"
    assert me.post(consider, {"decision": "approve"}, format="json").status_code == 403
    assert (
        api(world.supervisor_user)
        .post(consider, {"decision": "approve"}, format="json")
        .status_code
        == 200
    )
    ok = api(world.admin_user).post(decide, {"decision": "approve"}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    assert Enrolment.objects.get(pk=enrolment_id).status == "approved"
    assert api(world.other_admin_user).get(
        f"/api/v1/competence/enrolments/{enrolment_id}/consider/"
    ).status_code in {404, 405}
    other = api(world.other_admin_user).post(decide, {"decision": "approve"}, format="json")
    assert other.status_code == 404


def test_ledger_and_dashboard(world: World) -> None:
    add_jp(world.employee, 2026, 9, "import:z")
    me = api(world.employee_user)
    rows = me.get("/api/v1/competence/ledger/?year=2026").json()["results"]
    assert [(r["jp"], r["tahun"]) for r in rows] == [(9, 2026)]
    assert me.get(f"/api/v1/competence/ledger/?year=2026&nip={world.peer.nip}").status_code in {
        403,
        404,
    }
    admin = api(world.admin_user)
    assert (
        len(
            admin.get(f"/api/v1/competence/ledger/?year=2026&nip={world.employee.nip}").json()[
                "results"
            ]
        )
        == 1
    )
    assert admin.get(f"/api/v1/competence/ledger/?nip={world.foreigner.nip}").status_code == 404
    board = admin.get("/api/v1/competence/dashboard/?year=2026").json()
    row = next(r for r in board["opd"] if r["opd_id"] == world.opd.pk)
    assert row["pegawai"] == 4 and row["kurang_jp"] == 4
    assert me.get("/api/v1/competence/dashboard/").status_code == 403
    head = api(world.head_user).get("/api/v1/competence/dashboard/?year=2026").json()
    assert [r["opd_id"] for r in head["opd"]] == [world.opd.pk]


def test_quiz_submission_through_the_api_is_scored_once(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 9, 1, 9, 0)
    course = make_course(world)
    finish_modules(world, course)
    from .helpers import actor

    attempt = learning.attempt_start(actor=actor(world.employee_user), course=course)
    url = f"/api/v1/competence/attempts/{attempt.pk}/submit/"
    assert api(world.supervisor_user).post(url, {"answers": {}}, format="json").status_code == 403
    me = api(world.employee_user)
    result = me.post(url, {"answers": right_answers(attempt)}, format="json")
    assert result.status_code == 200 and result.json()["lulus"] is True
    replay = me.post(url, {"answers": right_answers(attempt)}, format="json")
    assert replay.status_code == 400
    assert Attempt.objects.get(pk=attempt.pk).score == 100
    assert Question.objects.filter(course=course).exists()
