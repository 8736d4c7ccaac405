"""SKM writes from the public form, and reads shared by the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.models import Tenant
from pamong.core.permissions import require
from pamong.org.models import Unit
from pamong.participation.models import UNSUR_FIELDS, SkmResponse, SkmService
from pamong.participation.public import public_actor

SERVICE_FIELDS = ["unit", "name", "yearly_users"]


def tenant_today(tenant: Tenant) -> dt.date:
    return clock.today(tenant)


def skm_services(tenant: Tenant) -> QuerySet[SkmService]:
    return (
        SkmService.objects.filter(tenant=tenant)
        .select_related("unit")
        .order_by("unit__code", "name")
    )


def get_skm_service(tenant: Tenant, pk: int) -> SkmService:
    """A service of this tenant for the public form; 404 for any other id."""
    service = skm_services(tenant).filter(pk=pk).first()
    if service is None:
        raise Http404
    return service


@transaction.atomic
def skm_response_submit(
    *, tenant: Tenant, service: SkmService, answers: dict[str, Any]
) -> SkmResponse:
    """Store one questionnaire filled in on the public form (scores validated by the form)."""
    if service.tenant_id != tenant.pk:
        raise Http404
    scores = {name: int(answers[name]) for name in UNSUR_FIELDS}
    if any(not 1 <= v <= 4 for v in scores.values()):
        raise ValueError("scores must be 1-4")
    response = SkmResponse.objects.create(
        tenant=tenant,
        unit_id=service.unit_id,
        service=service,
        date=tenant_today(tenant),
        **scores,
        jenis_kelamin=answers.get("jenis_kelamin") or "",
        pendidikan=answers.get("pendidikan") or "",
        pekerjaan=answers.get("pekerjaan") or "",
        usia=answers.get("usia"),
        source=SkmResponse.Source.WEB,
    )
    audit(
        actor=public_actor(tenant),
        action="participation.skm.respond",
        obj=response,
        data={"service": service.pk},
    )
    return response


def get_skm_service_for_actor(actor: Actor, pk: int, *, write: bool = False) -> SkmService:
    """404 outside the actor's tenant, 403 without the capability."""
    if actor.tenant is None:
        raise Http404
    service = skm_services(actor.tenant).filter(pk=pk).first()
    if service is None:
        raise Http404
    require(actor, "participation.manage" if write else "participation.view")
    return service


@transaction.atomic
def skm_service_save(
    *,
    actor: Actor,
    service: SkmService | None,
    unit: Unit,
    name: str,
    yearly_users: int | None,
) -> SkmService:
    """Create a surveyed service, or change its name, unit or yearly users."""
    require(actor, "participation.manage")
    if actor.tenant is None or unit.tenant_id != actor.tenant.pk:
        raise Http404
    creating = service is None
    if service is None:
        service = SkmService(tenant=actor.tenant)
    before = None if creating else snapshot(service, SERVICE_FIELDS)
    service.unit = unit
    service.name = name
    service.yearly_users = yearly_users
    service.full_clean()
    service.save()
    audit(
        actor=actor,
        action="participation.skm_service." + ("create" if creating else "update"),
        obj=service,
        before=before,
        after=snapshot(service, SERVICE_FIELDS),
    )
    return service


AGE_BRACKETS = [(0, 19), (20, 29), (30, 39), (40, 49), (50, 59), (60, 200)]


def skm_demographics(
    *, actor: Actor, date_from: dt.date, date_to: dt.date
) -> dict[str, list[tuple[str, int]]]:
    """Respondent profile counts (formats.md: the profile feeds the report's demographics)."""
    require(actor, "participation.view")
    responses = SkmResponse.objects.filter(
        tenant=actor.tenant, date__gte=date_from, date__lte=date_to
    )

    def counts(field: str) -> list[tuple[str, int]]:
        rows = responses.values_list(field).annotate(n=Count("id")).order_by(field)
        return [(str(value) if value else "", n) for value, n in rows]

    by_age: dict[str, int] = {}
    for age, n in counts("usia"):
        label = ""
        if age:
            low, high = next(b for b in AGE_BRACKETS if b[0] <= int(age) <= b[1])
            label = f"{low}–{high}" if high < 200 else f"≥{low}"
        by_age[label] = by_age.get(label, 0) + n
    return {
        "jenis_kelamin": counts("jenis_kelamin"),
        "usia": sorted(by_age.items(), key=lambda item: (item[0] == "", item[0])),
        "pendidikan": counts("pendidikan"),
        "pekerjaan": counts("pekerjaan"),
    }
