"""Competence development's part of the home page's to-do list (registered in apps.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.todo import Fact, Todo

from .models import Enrolment, ExternalCertificate
from .selectors import can_manage, certificates_visible_to


def todo_items(actor: Actor, today: dt.date) -> Iterator[Todo | Fact]:
    """Training applications to consider (supervisor) or decide (BKPSDM), one query, late
    once the programme has started; external certificates to verify (BKPSDM)."""
    if actor.tenant is None:
        return
    manage = can_manage(actor)
    if not (actor.is_supervisor or manage):
        return  # the approvals page is theirs only
    consider = (
        Q(status=Enrolment.Status.SUBMITTED, supervisor_id=actor.employee_id)
        if actor.employee_id is not None and actor.is_supervisor
        else Q(pk__in=[])
    )
    decide = Q(status=Enrolment.Status.SUPERVISOR_APPROVED) if manage else Q(pk__in=[])
    if actor.employee_id is not None:  # nobody decides their own application
        consider &= ~Q(employee_id=actor.employee_id)
        decide &= ~Q(employee_id=actor.employee_id)
    late = Q(programme__start__lte=today)
    counts = Enrolment.objects.filter(tenant=actor.tenant).aggregate(
        consider=Count("pk", filter=consider),
        consider_late=Count("pk", filter=consider & late),
        decide=Count("pk", filter=decide),
        decide_late=Count("pk", filter=decide & late),
    )
    url = reverse("competence:inbox")
    yield Todo(
        "competence.consider",
        _("Pendaftaran pengembangan kompetensi menunggu pertimbangan Anda"),
        counts["consider"],
        url,
        counts["consider_late"],
    )
    yield Todo(
        "competence.decide",
        _("Pendaftaran pengembangan kompetensi menunggu keputusan BKPSDM"),
        counts["decide"],
        url,
        counts["decide_late"],
    )
    if manage:
        status = ExternalCertificate.Status.SUBMITTED
        yield Todo(
            "competence.certificates",
            _("Sertifikat dari luar untuk diverifikasi"),
            certificates_visible_to(actor).filter(status=status).count(),
            f"{reverse('competence:certificates')}?{urlencode({'status': status})}",
        )
