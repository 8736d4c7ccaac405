"""Onboarding: a passing candidate becomes a CPNS/PPPK employee through the org services,
the checklist, and the reminder before the CPNS → PNS decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pamong.core.actor import actor_for_user
from pamong.core.models import AuditLog
from pamong.recruitment.models import Candidate
from pamong.recruitment.onboarding import candidate_onboard, decisions_due, onboarding_check
from pamong.recruitment.services import selection_load
from tests.conftest import World
from tests.recruitment.worked import FORMASI, PESERTA, SKB


def test_passing_candidate_becomes_a_cpns_with_checklist_and_reminder(world: World) -> None:
    actor = actor_for_user(world.admin_user)
    selection = selection_load(
        actor=actor, code="W", formasi=FORMASI.encode(), peserta=PESERTA.encode(), skb=SKB.encode()
    ).selection
    passed = Candidate.objects.get(selection=selection, no_peserta="W001")
    kwargs = dict(
        employee_type="CPNS",
        nip="199501012026011001",
        gender="L",
        golongan="III/a",
        position=world.employee.position,
        unit=world.bidang,
        tmt=dt.date(2026, 1, 1),
    )
    with pytest.raises(PermissionDenied):
        candidate_onboard(actor=actor_for_user(world.auditor_user), candidate=passed, **kwargs)  # type: ignore[arg-type]
    outside = Candidate.objects.get(selection=selection, no_peserta="W006")  # TL
    with pytest.raises(ValidationError):
        candidate_onboard(actor=actor, candidate=outside, **kwargs)  # type: ignore[arg-type]
    row = candidate_onboard(actor=actor, candidate=passed, **kwargs)  # type: ignore[arg-type]
    assert row.employee.employee_type == "CPNS" and row.employee.name == "Peserta W001"
    assert row.employee.birth_date == dt.date(1995, 1, 1)
    assert row.due_date == dt.date(2027, 1, 1)
    assert AuditLog.objects.filter(action="org.employee.created").exists()
    assert AuditLog.objects.filter(action="recruitment.candidate.onboarded").exists()
    with pytest.raises(ValidationError):
        candidate_onboard(actor=actor, candidate=passed, **kwargs)  # type: ignore[arg-type]
    assert list(decisions_due(world.tenant.pk, dt.date(2026, 10, 1))) == []
    assert list(decisions_due(world.tenant.pk, dt.date(2026, 11, 2))) == [row]
    with pytest.raises(ValidationError):
        onboarding_check(actor=actor, onboarding=row, item="contract", day=dt.date(2026, 12, 1))
    onboarding_check(actor=actor, onboarding=row, item="decision", day=dt.date(2026, 12, 1))
    assert list(decisions_due(world.tenant.pk, dt.date(2027, 2, 1))) == []
