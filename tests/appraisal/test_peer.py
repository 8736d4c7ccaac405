"""Peer feedback: who picks and answers, the 3-answer anonymity threshold, pages and audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pamong.appraisal import services as svc
from pamong.appraisal.berakhlak import CoreValue
from pamong.appraisal.models import PeerAssignment, PeerResponse
from pamong.core.models import AuditLog, User
from pamong.org.models import Employee
from tests.appraisal.conftest import act, user_of
from tests.conftest import World
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
PERIOD = "2026-03"
ALL_SESUAI = dict.fromkeys(CoreValue.values, "sesuai")


def _colleagues(world: World, n: int) -> list[Employee]:
    return [
        EmployeeFactory(
            tenant=world.tenant, unit=world.bidang, position=world.peer.position, name=f"Rekan {i}"
        )
        for i in range(n)
    ]


def _ask(world: World, peers: list[Employee]) -> list[PeerAssignment]:
    return svc.peer_request(
        actor=act(world.supervisor_user), employee=world.employee, period=PERIOD, peers=peers
    )


def _answer(user: User, assignment: PeerAssignment, **ratings: str) -> None:
    svc.peer_answer(
        actor=act(user), assignment=assignment, ratings=ALL_SESUAI | ratings, comment=""
    )


def test_only_the_supervisor_picks_peers_and_not_self_or_supervisor(world: World) -> None:
    peers = [world.peer]
    with pytest.raises(PermissionDenied):
        svc.peer_request(
            actor=act(world.employee_user), employee=world.employee, period=PERIOD, peers=peers
        )
    with pytest.raises(PermissionDenied):
        svc.peer_request(
            actor=act(world.head_user), employee=world.employee, period=PERIOD, peers=peers
        )
    with pytest.raises(ValidationError, match="dirinya sendiri"):
        _ask(world, [world.employee])
    with pytest.raises(ValidationError, match="Atasan"):
        _ask(world, [world.supervisor])
    with pytest.raises(ValidationError, match="Periode"):
        svc.peer_request(
            actor=act(world.supervisor_user), employee=world.employee, period="2026-13", peers=peers
        )
    with pytest.raises(ValidationError, match="minimal satu"):
        _ask(world, [])
    assert not PeerAssignment.objects.exists()
    created = _ask(world, [world.peer, world.peer])
    assert len(created) == 1
    assert _ask(world, [world.peer]) == []  # asking again is idempotent
    assert AuditLog.objects.filter(action="appraisal.peer.requested").count() == 2


def test_other_tenant_peer_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        _ask(world, [world.foreigner])


def test_at_most_ten_peers(world: World) -> None:
    _ask(world, _colleagues(world, 10))
    with pytest.raises(ValidationError, match="Paling banyak"):
        _ask(world, [world.peer])


def test_only_the_asked_peer_answers_once_and_every_value_is_required(world: World) -> None:
    (assignment,) = _ask(world, [world.peer])
    peer_user = user_of(world.peer)
    with pytest.raises(PermissionDenied):
        _answer(world.supervisor_user, assignment)
    with pytest.raises(PermissionDenied):
        _answer(world.employee_user, assignment)
    with pytest.raises(ValidationError, match="Harmonis"):
        svc.peer_answer(
            actor=act(peer_user),
            assignment=assignment,
            ratings={k: v for k, v in ALL_SESUAI.items() if k != "harmonis"},
        )
    with pytest.raises(ValidationError, match="tidak dikenal"):
        _answer(peer_user, assignment, loyal="luar_biasa")
    assert not PeerResponse.objects.exists()
    _answer(peer_user, assignment)
    with pytest.raises(ValidationError, match="sudah mengisi"):
        _answer(peer_user, assignment)
    assert PeerResponse.objects.count() == 1
    log = AuditLog.objects.get(action="appraisal.peer.answered")
    assert log.data == {} and log.after is None  # the content is never audited


def test_summary_hidden_below_three_answers_and_aggregated_from_three(world: World) -> None:
    colleagues = _colleagues(world, 4)
    assignments = _ask(world, colleagues)
    for i, assignment in enumerate(assignments[:2]):
        _answer(user_of(colleagues[i]), assignment, adaptif="di_atas")
    summary = svc.peer_summary(world.employee, PERIOD)
    assert (summary.asked, summary.answered, summary.visible) == (4, 2, False)
    assert summary.rows == [] and summary.comments == [] and summary.missing == 1
    svc.peer_answer(
        actor=act(user_of(colleagues[2])),
        assignment=assignments[2],
        ratings=ALL_SESUAI | {"adaptif": "di_bawah"},
        comment="Perlu lebih terbuka pada cara kerja baru",
    )
    summary = svc.peer_summary(world.employee, PERIOD)
    assert summary.visible and summary.answered == 3
    rows = dict(summary.rows)
    assert rows["Adaptif"] == {"di_atas": 2, "sesuai": 0, "di_bawah": 1}
    assert rows["Loyal"] == {"di_atas": 0, "sesuai": 3, "di_bawah": 0}
    assert summary.comments == ["Perlu lebih terbuka pada cara kerja baru"]
    # Other periods are separate.
    assert svc.peer_summary(world.employee, "2026-04").answered == 0


def test_responses_carry_no_link_to_the_peer(world: World) -> None:
    fields = {f.name for f in PeerResponse._meta.get_fields()}
    assert fields == {"id", "tenant", "employee", "period", "ratings", "comment"}


def test_peer_page_hides_answers_below_threshold_and_names_from_the_employee(
    world: World,
) -> None:
    colleagues = _colleagues(world, 3)
    assignments = _ask(world, colleagues)
    for colleague, assignment in zip(colleagues[:2], assignments[:2], strict=True):
        _answer(user_of(colleague), assignment, kompeten="di_atas")
    url = reverse("appraisal:peer", args=[world.employee.pk]) + f"?period={PERIOD}"
    page = world.client_for(world.employee_user).get(url)
    assert page.status_code == 200
    assert 'id="peer-hidden"' in page.text and 'id="peer-summary"' not in page.text
    assert "Rekan 0" not in page.text  # the employee never sees who was asked
    _answer(user_of(colleagues[2]), assignments[2])
    page = world.client_for(world.employee_user).get(url)
    assert 'id="peer-summary"' in page.text
    assert "Rekan 0" not in page.text
    boss_page = world.client_for(world.supervisor_user).get(url)
    assert "Rekan 0" in boss_page.text and 'id="peer-summary"' in boss_page.text


def test_peer_page_permissions(world: World) -> None:
    url = reverse("appraisal:peer", args=[world.employee.pk])
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    assert world.client_for(user_of(world.peer)).get(url).status_code == 403
    assert world.client_for(world.employee_user).post(url, {"period": PERIOD}).status_code == 403
    assert world.client_for(world.employee_user).put(url).status_code == 405


def test_supervisor_picks_peers_through_the_page(world: World) -> None:
    url = reverse("appraisal:peer", args=[world.employee.pk])
    client = world.client_for(world.supervisor_user)
    page = client.get(url)
    assert world.peer.name in page.text and world.outsider.name not in page.text
    response = client.post(url, {"period": PERIOD, "peers": [world.peer.pk]})
    assert response.status_code == 302
    assert PeerAssignment.objects.get().peer == world.peer
    response = client.post(url, {"period": PERIOD, "peers": [world.outsider.pk]})
    assert response.status_code == 200 and PeerAssignment.objects.count() == 1


def test_peer_answers_through_the_page(world: World) -> None:
    (assignment,) = _ask(world, [world.peer])
    peer_client = world.client_for(user_of(world.peer))
    index = peer_client.get(reverse("appraisal:index"))
    url = reverse("appraisal:peer-answer", args=[assignment.pk])
    assert url in index.text
    assert world.client_for(world.employee_user).get(url).status_code == 403
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    assert peer_client.delete(url).status_code == 405
    incomplete = peer_client.post(url, {"loyal": "sesuai"})
    assert incomplete.status_code == 200 and not PeerResponse.objects.exists()
    response = peer_client.post(url, ALL_SESUAI | {"comment": "Sangat membantu"})
    assert response.status_code == 302
    assert PeerResponse.objects.get().comment == "Sangat membantu"
    assert url not in peer_client.get(reverse("appraisal:index")).text


def test_peer_page_query_count(world: World, django_assert_max_num_queries: object) -> None:
    colleagues = _colleagues(world, 6)
    for colleague, assignment in zip(colleagues, _ask(world, colleagues), strict=True):
        _answer(user_of(colleague), assignment)
    client = world.client_for(world.supervisor_user)
    url = reverse("appraisal:peer", args=[world.employee.pk]) + f"?period={PERIOD}"
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        assert client.get(url).status_code == 200
