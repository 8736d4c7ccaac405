"""Pages: permissions (403/404/405), the full flow through HTTP, autosave and cascade queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pamong.appraisal import services as svc
from pamong.appraisal.models import Evaluation, Objection, Rhk, Skp
from pamong.performance.models import Rating
from tests.appraisal.conftest import YEAR, Chain, act, draft_skp, user_of
from tests.conftest import Clock, World
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _approved(world: World, chain: Chain) -> Skp:
    skp = chain.employee_skp
    svc.skp_submit(actor=act(world.employee_user), skp=skp)
    svc.skp_approve(actor=act(world.supervisor_user), skp=skp)
    return skp


def test_index_for_employee_and_supervisor(world: World, chain: Chain, clock: Clock) -> None:
    clock.set(YEAR, 6, 15)  # the page shows the SKP of the current year
    svc.skp_submit(actor=act(world.employee_user), skp=chain.employee_skp)
    page = world.client_for(world.employee_user).get(reverse("appraisal:index"))
    assert page.status_code == 200
    assert reverse("appraisal:skp-detail", args=[chain.employee_skp.pk]) in page.text
    page = world.client_for(world.supervisor_user).get(reverse("appraisal:index"))
    assert "Arnoldus Seran" in page.text
    assert reverse("appraisal:evaluate", args=[world.employee.pk]) in page.text


def test_index_query_count(
    world: World, chain: Chain, django_assert_max_num_queries: object
) -> None:
    for _ in range(5):
        EmployeeFactory(tenant=world.tenant, unit=world.bidang, supervisor=world.supervisor)
    client = world.client_for(world.supervisor_user)
    # Constant in the team size (the Plt. assignments add one query; so do the annual
    # ratings due, from December until after their deadline).
    with django_assert_max_num_queries(22):  # type: ignore[operator]
        assert client.get(reverse("appraisal:index")).status_code == 200


def test_create_skp_via_page(world: World) -> None:
    client = world.client_for(user_of(world.peer))
    response = client.post(reverse("appraisal:skp-create"), {"year": "2026"})
    skp = Skp.objects.get(employee=world.peer)
    assert response.status_code == 302
    assert response["Location"] == reverse("appraisal:skp-detail", args=[skp.pk])


def test_skp_detail_permissions(world: World, chain: Chain) -> None:
    url = reverse("appraisal:skp-detail", args=[chain.employee_skp.pk])
    assert world.client_for(world.employee_user).get(url).status_code == 200
    assert world.client_for(world.supervisor_user).get(url).status_code == 200
    assert world.client_for(user_of(world.peer)).get(url).status_code == 403
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    assert world.client_for(world.employee_user).post(url).status_code == 405
    leader = reverse("appraisal:skp-detail", args=[chain.supervisor_skp.pk])
    assert world.client_for(world.employee_user).get(leader).status_code == 200
    top = reverse("appraisal:skp-detail", args=[chain.head_skp.pk])
    assert world.client_for(world.employee_user).get(top).status_code == 403


def test_autosave_htmx_and_plain_post(world: World, chain: Chain) -> None:
    rhk = chain.employee_skp.rhks.get()
    url = reverse("appraisal:rhk-save", args=[rhk.pk])
    parent = rhk.parent_rhk_id
    data = {f"rhk{rhk.pk}-text": "Autosave", f"rhk{rhk.pk}-kind": "utama"}
    data[f"rhk{rhk.pk}-parent_rhk"] = str(parent)
    client = world.client_for(world.employee_user)
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Tersimpan" in response.text
    rhk.refresh_from_db()
    assert (rhk.text, rhk.parent_rhk_id) == ("Autosave", parent)
    data[f"rhk{rhk.pk}-text"] = "Tanpa JS"
    assert client.post(url, data).status_code == 302
    rhk.refresh_from_db()
    assert rhk.text == "Tanpa JS"
    assert client.get(url).status_code == 405
    assert world.client_for(world.supervisor_user).post(url, data).status_code == 403
    assert world.client_for(world.other_admin_user).post(url, data).status_code == 404


def test_autosave_reports_validation_error(world: World, chain: Chain) -> None:
    skp = chain.employee_skp
    svc.skp_submit(actor=act(world.employee_user), skp=skp)
    rhk = skp.rhks.get()
    data = {f"rhk{rhk.pk}-text": "Telat", f"rhk{rhk.pk}-kind": "utama"}
    response = world.client_for(world.employee_user).post(
        reverse("appraisal:rhk-save", args=[rhk.pk]), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "draf" in response.text


def test_page_flow_add_rhk_indicator_submit_approve(world: World, chain: Chain) -> None:
    skp = draft_skp(user_of(world.peer), parent=None)
    peer = world.client_for(world.peer.user)
    sup_rhk = chain.supervisor_skp.rhks.get()
    response = peer.post(
        reverse("appraisal:rhk-add", args=[skp.pk]),
        {"new-text": "Arsip digital", "new-kind": "utama", "new-parent_rhk": str(sup_rhk.pk)},
    )
    assert response.status_code == 302
    rhk = Rhk.objects.get(text="Arsip digital")
    assert rhk.parent_rhk == sup_rhk
    peer.post(
        reverse("appraisal:indicator-add", args=[rhk.pk]),
        {
            f"ind{rhk.pk}-aspect": "waktu",
            f"ind{rhk.pk}-text": "Selesai tepat waktu",
            f"ind{rhk.pk}-target": "12 bulan",
        },
    )
    assert rhk.indicators.count() == 1
    peer.post(reverse("appraisal:skp-submit", args=[skp.pk]))
    skp.refresh_from_db()
    assert skp.status == Skp.Status.SUBMITTED
    decide = reverse("appraisal:skp-decide", args=[skp.pk])
    assert peer.post(decide, {"action": "approve", "confirmed": "1"}).status_code == 403
    approve = {"action": "approve", "confirmed": "1"}
    assert world.client_for(world.head_user).post(decide, approve).status_code == 403
    sup = world.client_for(world.supervisor_user)
    sup.post(decide, {"action": "return", "comment": ""})
    skp.refresh_from_db()
    assert skp.status == Skp.Status.SUBMITTED  # comment missing: refused with a message
    assert sup.post(decide, {"action": "approve"}).status_code == 400
    skp.refresh_from_db()
    assert skp.status == Skp.Status.SUBMITTED  # unconfirmed: nothing approved
    sup.post(decide, approve)
    skp.refresh_from_db()
    assert skp.status == Skp.Status.APPROVED


def test_realisation_upload(world: World, chain: Chain, settings: object, tmp_path: object) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    skp = _approved(world, chain)
    indicator = skp.rhks.get().indicators.get()
    url = reverse("appraisal:realisation", args=[indicator.pk])
    p = f"real{indicator.pk}-"
    data = {
        p + "period": "2026-02",
        p + "value": "40 data",
        p + "evidence_file": SimpleUploadedFile("bukti.pdf", b"%PDF-1.4"),
    }
    assert world.client_for(world.employee_user).post(url, data).status_code == 302
    realisation = indicator.realisations.get()
    assert realisation.evidence_file.name.endswith(".pdf")  # stored under a random name
    assert (
        world.client_for(world.supervisor_user)
        .post(url, {p + "period": "2026-02", p + "value": "1"})
        .status_code
        == 403
    )


def test_cascade_shows_coverage_with_few_queries(
    world: World, chain: Chain, django_assert_max_num_queries: object
) -> None:
    sup = act(world.supervisor_user)
    svc.rhk_add(actor=sup, skp=chain.supervisor_skp, text="Uji kompetensi terlaksana")
    draft_skp(user_of(world.peer), parent=chain.supervisor_skp.rhks.order_by("id").first())
    client = world.client_for(world.supervisor_user)
    url = reverse("appraisal:cascade", args=[chain.supervisor_skp.pk])
    client.get(url)  # warm session/auth caches
    # session, user, actor facts (3), skp, supervisor rhk, supporting rhk, nav
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    text = response.text
    assert "Arnoldus Seran" in text and "Fransiska Lete" in text
    uncovered = text.split('id="uncovered"')[1]
    assert "Uji kompetensi terlaksana" in uncovered
    assert "Mutasi tepat waktu" not in uncovered
    assert 'id="unlinked"' not in text  # both direct reports intervene an RHK
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    assert world.client_for(user_of(world.outsider)).get(url).status_code == 403


def test_cascade_lists_direct_reports_not_linked(world: World, chain: Chain) -> None:
    page = world.client_for(world.supervisor_user).get(
        reverse("appraisal:cascade", args=[chain.supervisor_skp.pk])
    )
    unlinked = page.text.split('id="unlinked"')[1].split("</ul>")[0]
    assert "Fransiska Lete" in unlinked and "Arnoldus Seran" not in unlinked


def test_cascade_selector_uses_two_queries(
    world: World, chain: Chain, django_assert_num_queries: object
) -> None:
    from pamong.appraisal.selectors import cascade_for

    skp = Skp.objects.select_related("tenant").get(pk=chain.supervisor_skp.pk)
    with django_assert_num_queries(2):  # type: ignore[operator]
        nodes = cascade_for(skp)
        names = [c.skp.employee.name for n in nodes for c in n.supporting]
    assert names == ["Arnoldus Seran"]


def test_evaluate_page_permissions_and_rating(world: World) -> None:
    url = reverse("appraisal:evaluate", args=[world.employee.pk])
    data = {"period": "2026-03", "hasil_kerja": "di_atas", "perilaku_kerja": "di_atas"}
    sup = world.client_for(world.supervisor_user)
    assert sup.get(url).status_code == 200
    response = sup.post(url, data)
    assert response.status_code == 200  # reason missing
    assert "Alasan wajib" in response.text
    assert not Rating.objects.exists()
    response = sup.post(url, data | {"reason": "Melampaui target"})
    evaluation = Evaluation.objects.get()
    assert response["Location"] == reverse("appraisal:evaluation", args=[evaluation.pk])
    assert Rating.objects.get().predikat == "sangat_baik"
    assert world.client_for(user_of(world.peer)).post(url, data).status_code == 403
    assert world.client_for(world.head_user).post(url, data).status_code == 403
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    self_url = reverse("appraisal:evaluate", args=[world.supervisor.pk])
    assert sup.get(self_url).status_code == 403
    assert sup.put(url).status_code == 405


def test_employee_acknowledges_and_objects(world: World) -> None:
    evaluation = svc.evaluation_rate(
        actor=act(world.supervisor_user),
        employee=world.employee,
        period="2026-03",
        hasil_kerja="di_bawah",
        perilaku_kerja="sesuai",
        reason="Target tidak tercapai",
    )
    emp = world.client_for(world.employee_user)
    page = emp.get(reverse("appraisal:evaluation", args=[evaluation.pk]))
    assert "Butuh Perbaikan" in page.text
    assert reverse("appraisal:acknowledge", args=[evaluation.pk]) in page.text
    assert emp.get(reverse("appraisal:acknowledge", args=[evaluation.pk])).status_code == 405
    emp.post(reverse("appraisal:acknowledge", args=[evaluation.pk]))
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.ACKNOWLEDGED
    finalize = reverse("appraisal:finalize", args=[evaluation.pk])
    confirmed = {"confirmed": "1"}
    assert world.client_for(world.supervisor_user).post(finalize, confirmed).status_code == 403
    head = world.client_for(world.head_user)
    assert head.post(finalize).status_code == 400  # unconfirmed: nothing finalised
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.ACKNOWLEDGED
    head.post(finalize, confirmed)
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.FINALIZED
    emp.post(reverse("appraisal:objection-file", args=[evaluation.pk]), {"text": "Bukti ada"})
    objection = Objection.objects.get()
    url = reverse("appraisal:objection", args=[objection.pk])
    assert emp.get(url).status_code == 200
    assert emp.post(url, {"decision": "rejected", "reason": "x"}).status_code == 403
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    head = world.client_for(world.head_user)
    head.post(url, {"decision": "upheld", "hasil_kerja": "sesuai", "perilaku_kerja": "sesuai"})
    assert Rating.objects.get().predikat == "baik"
    assert world.client_for(user_of(world.peer)).get(url).status_code == 403


def test_feedback_form_posts_per_rhk(world: World, chain: Chain) -> None:
    rhk = chain.employee_skp.rhks.get()
    url = reverse("appraisal:feedback-add", args=[rhk.pk])
    data = {f"fb{rhk.pk}-text": "Percepat verifikasi berkas"}
    assert world.client_for(world.supervisor_user).post(url, data).status_code == 302
    assert rhk.feedback.get().author == world.supervisor
    assert world.client_for(user_of(world.peer)).post(url, data).status_code == 403
    assert world.client_for(world.other_admin_user).post(url, data).status_code == 404
    assert world.client_for(world.supervisor_user).get(url).status_code == 405
    page = world.client_for(world.employee_user).get(
        reverse("appraisal:skp-detail", args=[chain.employee_skp.pk])
    )
    assert "Percepat verifikasi berkas" in page.text
