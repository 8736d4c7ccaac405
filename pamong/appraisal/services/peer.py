"""Anonymous peer feedback on behaviour (perilaku kerja), per BerAKHLAK value.

The supervisor picks the peers; each peer answers once; the answers are shown only in
aggregate and only once at least MIN_PEER_ANSWERS peers answered, so no single answer
can be traced back to a colleague.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.appraisal.berakhlak import CoreValue
from pamong.appraisal.models import PeerAssignment, PeerResponse
from pamong.appraisal.services.common import check_period, is_owner, is_supervisor_of, same_tenant
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.org.models import Employee, EmployeeStatus
from pamong.performance.predikat import Expectation

MIN_PEER_ANSWERS = 3
MAX_PEERS = 10


@transaction.atomic
def peer_request(
    *, actor: Actor, employee: Employee, period: str, peers: Sequence[Employee]
) -> list[PeerAssignment]:
    same_tenant(actor, employee)
    if is_owner(actor, employee.pk) or not is_supervisor_of(actor, employee):
        raise PermissionDenied(_("Hanya atasan langsung yang dapat memilih rekan penilai."))
    check_period(period)
    if not peers:
        raise ValidationError(_("Pilih minimal satu rekan kerja."))
    errors = []
    for peer in peers:
        if peer.tenant_id != employee.tenant_id:
            errors.append(_("Pegawai %(name)s tidak ditemukan.") % {"name": peer.name})
        elif peer.pk == employee.pk:
            errors.append(_("Pegawai tidak dapat menjadi rekan penilai dirinya sendiri."))
        elif peer.pk == actor.employee_id:
            errors.append(_("Atasan tidak dapat menjadi rekan penilai."))
        elif peer.status != EmployeeStatus.AKTIF:
            errors.append(_("%(name)s tidak berstatus aktif.") % {"name": peer.name})
    if errors:
        raise ValidationError(errors)
    existing = set(
        PeerAssignment.objects.filter(
            tenant=employee.tenant, employee=employee, period=period
        ).values_list("peer_id", flat=True)
    )
    new = [p for p in {p.pk: p for p in peers}.values() if p.pk not in existing]
    if len(existing) + len(new) > MAX_PEERS:
        raise ValidationError(
            _("Paling banyak %(n)d rekan penilai per periode.") % {"n": MAX_PEERS}
        )
    assert actor.employee_id is not None
    created = PeerAssignment.objects.bulk_create(
        PeerAssignment(
            tenant=employee.tenant,
            employee=employee,
            period=period,
            peer=peer,
            requested_by_id=actor.employee_id,
        )
        for peer in new
    )
    audit(
        actor=actor,
        action="appraisal.peer.requested",
        obj=employee,
        data={"period": period, "peers": [p.pk for p in new]},
    )
    return created


def check_peer_ratings(ratings: Mapping[str, str]) -> dict[str, str]:
    missing = [str(CoreValue(v).label) for v in CoreValue.values if v not in ratings]
    if missing:
        raise ValidationError(
            _("Nilai berikut belum diisi: %(values)s.") % {"values": ", ".join(missing)}
        )
    if any(ratings[v] not in Expectation.values for v in CoreValue.values):
        raise ValidationError(_("Pilihan penilaian perilaku tidak dikenal."))
    return {v: ratings[v] for v in CoreValue.values}


@transaction.atomic
def peer_answer(
    *, actor: Actor, assignment: PeerAssignment, ratings: Mapping[str, str], comment: str = ""
) -> None:
    same_tenant(actor, assignment)
    if not is_owner(actor, assignment.peer_id):
        raise PermissionDenied(_("Hanya rekan yang diminta yang dapat mengisi umpan balik ini."))
    assignment = PeerAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.answered:
        raise ValidationError(_("Anda sudah mengisi umpan balik ini."))
    clean = check_peer_ratings(ratings)
    PeerResponse.objects.create(
        tenant=assignment.tenant,
        employee_id=assignment.employee_id,
        period=assignment.period,
        ratings=clean,
        comment=comment.strip(),
    )
    assignment.answered = True
    assignment.save(update_fields=["answered"])
    # The audit row records that the peer answered, never what they answered.
    audit(actor=actor, action="appraisal.peer.answered", obj=assignment)


@dataclass
class PeerSummary:
    asked: int
    answered: int
    # (value label, {expectation: count}) per BerAKHLAK value; empty below the threshold.
    rows: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def visible(self) -> bool:
        return self.answered >= MIN_PEER_ANSWERS

    @property
    def missing(self) -> int:
        return max(0, MIN_PEER_ANSWERS - self.answered)


def peer_summary(employee: Employee, period: str) -> PeerSummary:
    """Aggregated answers (2 queries); nothing at all below the anonymity threshold."""
    asked = PeerAssignment.objects.filter(
        tenant=employee.tenant, employee=employee, period=period
    ).count()
    responses = list(
        PeerResponse.objects.filter(
            tenant=employee.tenant, employee=employee, period=period
        ).values_list("ratings", "comment")
    )
    summary = PeerSummary(asked=asked, answered=len(responses))
    if not summary.visible:
        return summary
    for value, label in CoreValue.choices:
        counts = {e: 0 for e in Expectation.values}
        for ratings, _comment in responses:
            counts[ratings[value]] += 1
        summary.rows.append((str(label), counts))
    # Sorted, not in answer order, so a comment cannot be matched to when it was written.
    summary.comments = sorted(c for _r, c in responses if c)
    return summary
