"""Succession page: key posts with ranked candidates from boxes 7-9, posts without a ready
successor, posts held by a Plt. past the allowed time; BKPSDM marks key posts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pamong.careers import selectors as sel
from pamong.careers import services as svc
from pamong.careers import talent
from pamong.careers.forms import KeyPostForm
from pamong.careers.succession import PLT_RULE, succession_plans
from pamong.careers.views import _reader, run_service
from pamong.core import clock
from pamong.core.permissions import has_perm, require, sees_all
from pamong.core.web import tenant_view
from pamong.org.models import Position


@require_http_methods(["GET", "POST"])
@tenant_view(perms=(sel.VIEW,))
def succession(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    if not sees_all(actor, sel.VIEW):  # key posts are the tenant's, not an OPD's
        raise PermissionDenied
    positions = Position.objects.filter(
        tenant=actor.tenant, kind__in=["jpt", "administrator"]
    ).order_by("name")
    form = KeyPostForm(request.POST or None, positions=positions)
    if request.method == "POST":
        require(actor, sel.MANAGE)
        if form.is_valid() and run_service(
            request,
            lambda: svc.key_post_save(actor=actor, **form.cleaned_data),
            _("Jabatan kunci disimpan."),
        ):
            return redirect("careers:succession")
    today = clock.today(actor.tenant)
    plans = succession_plans(actor, today.year, today)
    context = {
        "plans": plans,
        "year": today.year,
        "no_ready": [p for p in plans if not p.ready],
        "plt_overdue": [p for p in plans if p.plt_overdue],
        "form": form,
        "can_manage": has_perm(actor, sel.MANAGE),
        "rule_list": [talent.NINE_BOX_RULE, PLT_RULE],
    }
    return render(request, "careers/succession.html", context)
