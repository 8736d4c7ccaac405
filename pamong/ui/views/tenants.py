"""Platform pages: list, create and edit tenants (superadmin without a tenant only)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from pamong.core.labels import TIMEZONE_LABELS
from pamong.core.models import INDONESIAN_TIMEZONES, Tenant
from pamong.core.services import tenant_create, tenant_update
from pamong.core.web import actor_of

# "WIT (Asia/Jayapura)": the zone as people name it, with the name the system stores.
TZ_CHOICES = [(tz, format_lazy("{} ({})", TIMEZONE_LABELS[tz], tz)) for tz in INDONESIAN_TIMEZONES]


def superadmin_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not actor_of(request).is_superadmin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


class TenantForm(forms.Form):
    slug = forms.SlugField(label=_("Kode"), max_length=40)
    name = forms.CharField(label=_("Nama"), max_length=200)
    timezone = forms.ChoiceField(label=_("Zona waktu"), choices=TZ_CHOICES)
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # The slug names the tenant on the command line (--tenant); it never changes.
            del self.fields["slug"]
        else:
            del self.fields["is_active"]


def _apply_errors(form: TenantForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_GET
@superadmin_view
def tenant_list(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/tenants/list.html", {"tenants": Tenant.objects.order_by("name")})


@require_http_methods(["GET", "POST"])
@superadmin_view
def tenant_new(request: HttpRequest) -> HttpResponse:
    form = TenantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tenant_create(actor=actor_of(request), **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, gettext("Pemda dibuat."))
            return redirect("ui:tenants")
    return render(request, "ui/tenants/form.html", {"form": form, "tenant": None})


@require_http_methods(["GET", "POST"])
@superadmin_view
def tenant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tenant = get_object_or_404(Tenant, pk=pk)
    initial = {"name": tenant.name, "timezone": tenant.timezone, "is_active": tenant.is_active}
    form = TenantForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            tenant_update(actor=actor_of(request), tenant=tenant, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, gettext("Pemda disimpan."))
            return redirect("ui:tenants")
    return render(request, "ui/tenants/form.html", {"form": form, "tenant": tenant})
