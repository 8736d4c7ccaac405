"""The audit log page (capability audit.view), limited to the actor's tenant."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from pamong.core.models import AuditLog
from pamong.core.web import DATE_WIDGET, actor_of, tenant_view
from pamong.ui.audit_display import audit_rows

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Awalan aksi"), required=False, max_length=80)
    actor = forms.CharField(label=_("Pelaku"), required=False, max_length=200)
    object_type = forms.CharField(label=_("Jenis objek"), required=False, max_length=60)
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DATE_WIDGET)


@require_GET
@tenant_view(perms=("audit.view",))
def audit_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = AuditFilterForm(request.GET or None)
    # AuditLog is not scoped by django-scopes: this explicit tenant filter is the isolation.
    qs = AuditLog.objects.filter(tenant=actor.tenant)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            qs = qs.filter(action__startswith=data["action"].strip())
        if data["actor"]:
            qs = qs.filter(actor_label__icontains=data["actor"].strip())
        if data["object_type"]:
            qs = qs.filter(object_type=data["object_type"].strip().lower())
        if data["date_from"]:
            qs = qs.filter(created_at__date__gte=data["date_from"])
        if data["date_to"]:
            qs = qs.filter(created_at__date__lte=data["date_to"])
    page = Paginator(qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "audit_rows": audit_rows(list(page.object_list)),
        "show_object": True,
    }
    return render(request, "ui/audit/list.html", context)
