"""Open JPT selection (PermenPANRB 15/2019): ranking by weighted stage scores with the
selection's tie-break order, the frozen result, the public page, roles and tenants."""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from pamong.careers import jpt
from pamong.careers import services_jpt as svc
from pamong.careers.models import JptCandidate, JptSelection, JptStatus
from pamong.core.models import AuditLog
from tests.careers.conftest import act
from tests.conftest import World
from tests.factories import PositionFactory

D = Decimal


def _independent(scores: dict[int, dict[str, list[D]]], weights: dict[str, int], order: list[str]):
    def r2(x: D) -> D:
        return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)

    table = []
    for key, by_stage in scores.items():
        means = {s: r2(sum(v) / len(v)) for s, v in by_stage.items()}
        w = sum(x for x in weights.values() if x)
        tot = r2(sum(D(weights[s]) * means[s] for s in weights if weights[s]) / w)
        table.append((key, tot, tuple(means[s] for s in order)))
    ranks = {}
    for key, tot, ties in table:
        better = sum(1 for _k, t, x in table if (t, x) > (tot, ties))
        ranks[key] = (better + 1, tot)
    return ranks


def test_ranking_matches_an_independent_calculation_on_random_selections() -> None:
    rnd = random.Random(15_2019)
    for _ in range(300):
        cut = sorted(rnd.sample(range(1, 100), 3))
        weights = dict(
            zip(jpt.STAGES, [cut[0], cut[1] - cut[0], cut[2] - cut[1], 100 - cut[2]], strict=True)
        )
        order = rnd.sample(jpt.STAGES, 4)
        members = rnd.randint(1, 4)
        scores = {
            k: {
                s: [D(rnd.choice([70, 75, 80, 85])) + D(rnd.choice([0, 50])) / 100
                    for _m in range(members)]
                for s in jpt.STAGES
            }
            for k in range(rnd.randint(1, 7))
        }  # fmt: skip
        result = jpt.rank_post(scores, weights, order)
        expected = _independent(scores, weights, order)
        got = {r.key: (r.rank, r.total) for r in result.ranked}
        assert got == expected
        for r in result.ranked:
            assert r.proposed == (r.rank <= 3)
        over = len([r for r in result.ranked if r.proposed]) > 3
        assert bool(result.unresolved) == over


def test_equal_totals_are_split_by_the_written_order() -> None:
    a = {"asesmen": [D(80)], "makalah": [D(70)], "wawancara": [D(90)], "rekam_jejak": [D(60)]}
    b = {"asesmen": [D(90)], "makalah": [D(70)], "wawancara": [D(80)], "rekam_jejak": [D(60)]}
    weights = {"asesmen": 25, "makalah": 25, "wawancara": 25, "rekam_jejak": 25}
    first = jpt.rank_post({1: a, 2: b}, weights, ["asesmen", "wawancara", "makalah", "rekam_jejak"])
    assert [(r.key, r.rank) for r in first.ranked] == [(2, 1), (1, 2)]
    assert "uji kompetensi" in first.ranked[1].reason
    second = jpt.rank_post(
        {1: a, 2: b}, weights, ["wawancara", "asesmen", "makalah", "rekam_jejak"]
    )
    assert [r.key for r in second.ranked] == [1, 2]


def _setup(world: World) -> tuple[JptSelection, Any, list[Any], list[JptCandidate]]:
    admin = act(world.admin_user)
    selection = svc.selection_create(
        actor=admin, title="Seleksi Terbuka Kepala Badan 2026", number="800/01/PANSEL/2026",
        announced_on=dt.date(2026, 2, 1),
    )  # fmt: skip
    post = svc.post_add(actor=admin, selection=selection, position=world.head.position)
    members = [svc.member_add(actor=admin, selection=selection, name=n) for n in ("Ketua", "Ahli")]
    names = ["Andi", "Budi", "Citra", "Dewi", "Eka"]
    candidates = [
        svc.candidate_add(actor=admin, selection=selection, post=post, name=n, origin="Pemprov")
        for n in names
    ]
    return selection, post, members, candidates


def _score_all(
    world: World, selection: JptSelection, members: list[Any], c: Any, base: int
) -> None:
    scores = {(m.pk, s): str(base + i) for i, m in enumerate(members) for s in jpt.STAGES}
    svc.scores_record(actor=act(world.admin_user), candidate=c, scores=scores)


def test_selection_from_set_up_to_published_result(careers: World) -> None:
    admin = act(careers.admin_user)
    selection, post, members, cands = _setup(careers)
    with pytest.raises(ValidationError):
        svc.admin_decide(actor=admin, candidate=cands[4], passed=False)  # reason required
    svc.admin_decide(actor=admin, candidate=cands[4], passed=False, note="ijazah belum S2")
    for c in cands[:4]:
        svc.admin_decide(actor=admin, candidate=c, passed=True)
    with pytest.raises(ValidationError):
        svc.scores_record(actor=admin, candidate=cands[4], scores={})
    with pytest.raises(ValidationError) as bad:
        svc.scores_record(
            actor=admin, candidate=cands[0], scores={(members[0].pk, "asesmen"): "101"}
        )
    assert "0-100" in str(bad.value)
    for c, base in zip(cands[:3], (80, 70, 90), strict=True):
        _score_all(careers, selection, members, c, base)
    with pytest.raises(ValidationError) as missing:
        svc.finalise(actor=admin, selection=selection)
    assert "Dewi" in str(missing.value)
    _score_all(careers, selection, members, cands[3], 60)
    svc.finalise(actor=admin, selection=selection)
    rows = {c.name: c for c in JptCandidate.objects.filter(selection=selection)}
    assert [(rows[n].rank, rows[n].proposed) for n in ("Citra", "Andi", "Budi", "Dewi")] == [
        (1, True), (2, True), (3, True), (4, False),
    ]  # fmt: skip
    assert rows["Citra"].total == D("90.50") and rows["Eka"].rank is None
    # The result is frozen: no more scores, and the public page shows it only once published.
    with pytest.raises(ValidationError):
        _score_all(careers, selection, members, cands[3], 99)
    public = reverse("careers:jpt-public", args=["sofifi", selection.pk])
    assert careers.client_for(careers.employee_user).get(public).status_code == 404
    svc.publish(actor=admin, selection=selection)
    html = Client().get(public).content.decode()
    assert "Citra" in html and "90,50" in html and "Eka" not in html
    assert "Pemprov" not in html and "ijazah" not in html  # names and totals only
    assert (
        Client().get(reverse("careers:jpt-public", args=["kupang", selection.pk])).status_code
        == 404
    )
    actions = set(
        AuditLog.objects.filter(action__startswith="careers.jpt.").values_list("action", flat=True)
    )
    assert {
        "careers.jpt.created",
        "careers.jpt.scored",
        "careers.jpt.finalised",
        "careers.jpt.published",
    } <= actions


def test_tie_across_third_place_is_left_to_the_committee(careers: World) -> None:
    admin = act(careers.admin_user)
    selection, _post, members, cands = _setup(careers)
    for c in cands:
        svc.admin_decide(actor=admin, candidate=c, passed=True)
    for c, base in zip(cands, (90, 85, 70, 70, 60), strict=True):
        _score_all(careers, selection, members, c, base)
    with pytest.raises(ValidationError) as tie:
        svc.finalise(actor=admin, selection=selection)
    assert "Citra" in str(tie.value) and "Dewi" in str(tie.value)
    assert JptSelection.objects.get(pk=selection.pk).status == JptStatus.DRAFT


def test_rules_of_a_selection_are_checked(careers: World) -> None:
    admin = act(careers.admin_user)
    with pytest.raises(ValidationError):
        svc.selection_create(
            actor=admin, title="x", number="1", announced_on=dt.date(2026, 1, 1),
            weights={"asesmen": 50, "makalah": 20, "wawancara": 20, "rekam_jejak": 20},
        )  # fmt: skip
    selection = svc.selection_create(
        actor=admin, title="x", number="1", announced_on=dt.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError):  # only JPT posts are open-selected
        svc.post_add(actor=admin, selection=selection, position=careers.employee.position)
    foreign = PositionFactory(tenant=careers.other_tenant, kind="jpt")
    with pytest.raises(ValidationError):
        svc.post_add(actor=admin, selection=selection, position=foreign)
    with pytest.raises(PermissionDenied):
        svc.selection_create(
            actor=act(careers.head_user), title="y", number="2", announced_on=dt.date(2026, 1, 1)
        )


def test_pages_roles_and_tenants(careers: World) -> None:
    selection, post, members, cands = _setup(careers)
    admin = careers.client_for(careers.admin_user)
    listing = reverse("careers:jpt-list")
    assert "Seleksi Terbuka Kepala Badan" in admin.get(listing).content.decode()
    detail = reverse("careers:jpt", args=[selection.pk])
    resp = admin.post(detail, {"action": "candidate", "post": post.pk, "nip": careers.peer.nip})
    assert resp.status_code == 302
    assert JptCandidate.objects.filter(selection=selection, employee=careers.peer).exists()
    cand = reverse("careers:jpt-candidate", args=[cands[0].pk])
    assert admin.post(cand, {"action": "admin", "passed": "1"}).status_code == 302
    form = {"action": "scores", f"s_{members[0].pk}_asesmen": "77,5"}
    assert admin.post(cand, form).status_code == 302
    assert cands[0].scores.get().score == D("77.50")
    auditor = careers.client_for(careers.auditor_user)
    assert auditor.get(detail).status_code == 200
    assert auditor.post(detail, {"action": "member", "name": "x"}).status_code == 403
    for user in (careers.employee_user, careers.head_user, careers.finance_user):
        assert careers.client_for(user).get(listing).status_code == 403
        assert careers.client_for(user).get(detail).status_code == 403
    other = careers.client_for(careers.other_admin_user)
    assert other.get(detail).status_code == 404
    assert other.get(cand).status_code == 404
    assert "Seleksi Terbuka Kepala Badan" not in other.get(listing).content.decode()


def test_opd_limited_careers_readers_see_no_tenant_wide_careers_pages(careers: World) -> None:
    from tests.factories import UserFactory, grant

    selection, _post, _members, _cands = _setup(careers)
    limited = UserFactory(username="auditor.opd", tenant=careers.tenant)
    grant(limited, "auditor", unit=careers.opd)
    client = careers.client_for(limited)
    for url in (
        reverse("careers:jpt-list"),
        reverse("careers:jpt", args=[selection.pk]),
        reverse("careers:succession"),
        reverse("api:careers:succession"),
    ):
        assert client.get(url).status_code == 403, url
    assert (
        careers.client_for(careers.auditor_user).get(reverse("careers:succession")).status_code
        == 200
    )


def test_bad_ids_in_forms_are_not_found_not_errors(careers: World) -> None:
    selection, _post, _members, _cands = _setup(careers)
    admin = careers.client_for(careers.admin_user)
    detail = reverse("careers:jpt", args=[selection.pk])
    assert admin.post(detail, {"action": "post", "position": "abc"}).status_code == 404
    assert admin.post(detail, {"action": "candidate", "post": "1 OR 1=1"}).status_code == 404
    listing = reverse("recruitment:onboarding")
    assert admin.post(listing, {"pk": "x", "item": "sk"}).status_code == 404


def test_finalise_and_publish_need_the_confirmation_on_the_server(careers: World) -> None:
    selection, *_rest = _setup(careers)
    admin = careers.client_for(careers.admin_user)
    detail = reverse("careers:jpt", args=[selection.pk])
    status = selection.status
    for action in ("finalise", "publish"):
        response = admin.post(detail, {"action": action})
        assert response.status_code == 400, action
        assert "Tidak ada yang diubah" in response.content.decode()
        selection.refresh_from_db()
        assert selection.status == status
    # the other actions of the page ask nothing
    assert admin.post(detail, {"action": "member", "name": "Dr. Rina"}).status_code == 302
