"""Onboarding a passing candidate: the employee record (CPNS or PPPK) through the org
services, the checklist, and the reminders before the CPNS → PNS decision is due.

The probation year of a CPNS is one year from TMT (UU 20/2023); a PPPK contract runs for
the years the Pemda sets (default 5). Reminders start `REMIND_DAYS` before the due date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.models import Role, User
from pamong.core.permissions import require
from pamong.org.models import Position, Unit
from pamong.org.services import employee_create
from pamong.recruitment.models import Candidate, Onboarding, OnboardingItem, ResultStatus

MANAGE = "recruitment.manage"
REMIND_DAYS = 60
CPNS_ITEMS = [
    OnboardingItem.DOCUMENTS,
    OnboardingItem.SK,
    OnboardingItem.LATSAR,
    OnboardingItem.DECISION,
]
PPPK_ITEMS = [
    OnboardingItem.DOCUMENTS,
    OnboardingItem.SK,
    OnboardingItem.CONTRACT,
    OnboardingItem.ORIENTATION,
]


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def items_for(employee_type: str) -> list[str]:
    return [str(i) for i in (CPNS_ITEMS if employee_type == "CPNS" else PPPK_ITEMS)]


@transaction.atomic
def candidate_onboard(
    *,
    actor: Actor,
    candidate: Candidate,
    employee_type: str,
    nip: str,
    gender: str,
    golongan: str,
    position: Position,
    unit: Unit,
    tmt: dt.date,
    contract_years: int = 5,
) -> Onboarding:
    """Make a passing candidate (L, or filling another line) an employee. Audited."""
    require(actor, MANAGE)
    if employee_type not in ("CPNS", "PPPK"):
        raise ValidationError({"employee_type": _("Pilih CPNS atau PPPK.")})
    if candidate.status != ResultStatus.PASSED and candidate.filled_line_id is None:
        raise ValidationError(_("Hanya peserta yang lulus yang dapat diangkat."))
    if Onboarding.objects.filter(candidate=candidate).exists():
        raise ValidationError(_("Peserta ini sudah diangkat."))
    employee = employee_create(
        actor=actor,
        nip=nip,
        name=candidate.name,
        gender=gender,
        birth_date=candidate.birth_date,
        employee_type=employee_type,
        golongan=golongan,
        position=position,
        unit=unit,
        effective=tmt,
        tmt_unit=tmt,
    )
    years = 1 if employee_type == "CPNS" else contract_years
    row = Onboarding.objects.create(
        tenant=employee.tenant,
        candidate=candidate,
        employee=employee,
        tmt=tmt,
        due_date=_add_years(tmt, years),
    )
    audit(
        actor=actor,
        action="recruitment.candidate.onboarded",
        obj=row,
        data={"no_peserta": candidate.no_peserta, "employee": employee.pk, "type": employee_type},
    )
    return row


@transaction.atomic
def onboarding_check(*, actor: Actor, onboarding: Onboarding, item: str, day: dt.date) -> None:
    require(actor, MANAGE)
    if item not in items_for(onboarding.employee.employee_type):
        raise ValidationError({"item": _("Butir tidak ada pada daftar ini.")})
    before = dict(onboarding.done)
    onboarding.done = {**before, item: day.isoformat()}
    onboarding.save(update_fields=["done"])
    audit(
        actor=actor,
        action="recruitment.onboarding.checked",
        obj=onboarding,
        before={"done": before},
        after={"done": onboarding.done},
    )


def decisions_due(tenant_id: int, today: dt.date) -> QuerySet[Onboarding]:
    """CPNS whose probation year ends within REMIND_DAYS (or has ended) without a decision."""
    return (
        Onboarding.objects.filter(
            tenant_id=tenant_id,
            employee__employee_type="CPNS",
            due_date__lte=today + dt.timedelta(days=REMIND_DAYS),
        )
        .exclude(done__has_key=OnboardingItem.DECISION.value)
        .select_related("employee")
    )


REMIND_EVERY_DAYS = 7


def remind_decisions(*, tenant: Any, today: dt.date) -> int:
    """E-mail the BKPSDM admins of `tenant` the CPNS whose PNS decision falls due, each
    CPNS at most once a week until the decision is recorded. Returns mails sent."""
    rows = list(
        decisions_due(tenant.pk, today).filter(
            Q(reminded_on__isnull=True)
            | Q(reminded_on__lte=today - dt.timedelta(days=REMIND_EVERY_DAYS))
        )
    )
    if not rows:
        return 0
    recipients = sorted(
        set(
            User.objects.filter(tenant=tenant, is_active=True, role_grants__role=Role.BKPSDM_ADMIN)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    lines = [
        _("%(name)s (NIP %(nip)s): TMT %(tmt)s, batas masa percobaan %(due)s")
        % {"name": o.employee.name, "nip": o.employee.nip, "tmt": o.tmt, "due": o.due_date}
        for o in rows
    ]
    body = "\n".join(
        [
            _("Keputusan pengangkatan CPNS menjadi PNS yang segera jatuh tempo:"),
            "",
            *lines,
            "",
            _("Daftar periksa: %(url)s/rekrutmen/penerimaan/") % {"url": settings.PAMONG_BASE_URL},
        ]
    )
    if recipients:
        send_mail(
            _("Pengingat keputusan CPNS menjadi PNS"),
            body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    Onboarding.objects.filter(pk__in=[o.pk for o in rows]).update(reminded_on=today)
    return len(recipients)
