"""The SKP page shows the IDP of its year against the JP ledger (issue 13: feedback into
performance), to the employee, their supervisor and BKPSDM; read through the reader that
competence registers, so appraisal never imports competence."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.competence.models import DevelopmentPlan, DevelopmentPlanItem
from tests.appraisal.conftest import YEAR, Chain
from tests.competence.helpers import add_jp
from tests.conftest import World


def _plan(world: World, jps: tuple[int, ...] = (16, 8)) -> DevelopmentPlan:
    plan = DevelopmentPlan.objects.create(
        tenant=world.tenant, employee=world.employee, year=YEAR,
        goals="Menguasai analisis data", status=DevelopmentPlan.Status.AGREED,
    )  # fmt: skip
    for n, jp in enumerate(jps):
        DevelopmentPlanItem.objects.create(
            tenant=world.tenant, plan=plan, kind="pelatihan", competency_kind="teknis",
            activity=f"Pelatihan analisis data {n}", jp=jp,
        )  # fmt: skip
    return plan


def _url(chain: Chain) -> str:
    return reverse("appraisal:skp-detail", args=[chain.employee_skp.pk])


def test_employee_sees_planned_against_achieved_jp(world: World, chain: Chain) -> None:
    _plan(world)
    add_jp(world.employee, YEAR, 10, "import:a", kind="seminar")
    add_jp(world.employee, YEAR, 6, "import:b", kind="e_learning")
    add_jp(world.employee, YEAR - 1, 40, "import:old")  # another year: not counted
    add_jp(world.peer, YEAR, 30, "import:peer")  # another employee: not counted
    page = world.client_for(world.employee_user).get(_url(chain)).text
    assert 'id="development-panel"' in page
    assert "16 / 24 JP" in page and "belum mencapai rencana" in page
    assert "Menguasai analisis data" in page and "Pelatihan analisis data 1" in page
    assert "seminar/konferensi" in page and "e-learning" in page  # labels, not codes
    assert "disetujui atasan" in page
    assert reverse("competence:plan") + f"?tahun={YEAR}" in page


def test_plan_met_and_more_activities_counted(world: World, chain: Chain) -> None:
    _plan(world, (4,))
    for n in range(7):
        add_jp(world.employee, YEAR, 1, f"import:{n}")
    page = world.client_for(world.employee_user).get(_url(chain)).text
    assert "7 / 4 JP" in page and "(tercapai)" in page
    assert "dan 2 kegiatan lain." in page  # five listed, the rest counted


def test_no_plan_says_so_and_still_shows_the_ledger(world: World, chain: Chain) -> None:
    add_jp(world.employee, YEAR, 3, "import:x")
    page = world.client_for(world.employee_user).get(_url(chain)).text
    assert "Belum ada rencana pengembangan individu (IDP) untuk tahun ini." in page
    assert "JP tercapai: 3 JP" in page


def test_who_sees_the_panel(world: World, chain: Chain) -> None:
    _plan(world)
    url = _url(chain)
    supervisor = world.client_for(world.supervisor_user).get(url).text
    assert "0 / 24 JP" in supervisor
    assert reverse("competence:team-plan", args=[world.employee.pk]) in supervisor
    admin = world.client_for(world.admin_user).get(url)
    assert admin.status_code == 200 and "0 / 24 JP" in admin.text
    assert reverse("competence:team-plan", args=[world.employee.pk]) not in admin.text
    # A subordinate reads the leader's SKP (their RHK intervene it), not the leader's IDP.
    DevelopmentPlan.objects.create(tenant=world.tenant, employee=world.supervisor, year=YEAR)
    leader = reverse("appraisal:skp-detail", args=[chain.supervisor_skp.pk])
    response = world.client_for(world.employee_user).get(leader)
    assert response.status_code == 200 and 'id="development-panel"' not in response.text


def test_wrong_person_403_other_tenant_404(world: World, chain: Chain) -> None:
    from tests.appraisal.conftest import user_of

    _plan(world)
    assert world.client_for(user_of(world.peer)).get(_url(chain)).status_code == 403
    assert world.client_for(world.other_admin_user).get(_url(chain)).status_code == 404


def test_queries_do_not_grow_with_the_ledger(world: World, chain: Chain) -> None:
    _plan(world)
    client = world.client_for(world.employee_user)
    client.get(_url(chain))  # warm the session and caches
    add_jp(world.employee, YEAR, 2, "import:first")
    with CaptureQueriesContext(connection) as few:
        client.get(_url(chain))
    for n in range(15):
        add_jp(world.employee, YEAR, 2, f"import:more{n}")
    with CaptureQueriesContext(connection) as many:
        assert "32 / 24 JP" in client.get(_url(chain)).text
    assert len(many) == len(few)
