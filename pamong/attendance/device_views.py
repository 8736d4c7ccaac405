"""Device pages (BKPSDM admin): list, register (token shown once), new token, deactivate."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from pamong.core.errors import InputErrors
from pamong.core.web import actor_of, tenant_view

from .devices import (
    device_create,
    device_deactivate,
    device_rotate,
    devices_visible_to,
    get_device_for_actor,
)
from .forms import add_input_errors


class DeviceForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama perangkat"), max_length=100)
    code = forms.CharField(
        label=gettext_lazy("Kode perangkat"),
        max_length=60,
        help_text=gettext_lazy("Dicatat pada setiap punch, mis. FP-DINKES-01"),
    )


def _page(
    request: HttpRequest, form: DeviceForm, token: str = "", status: int = 200
) -> HttpResponse:  # noqa: E501
    devices = devices_visible_to(actor_of(request)).order_by("name", "pk")
    context = {"devices": devices, "form": form, "token": token}
    return render(request, "attendance/devices.html", context, status=status)


@require_http_methods(["GET", "POST"])
@tenant_view(perms=("attendance.manage",))
def device_list(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, DeviceForm())
    form = DeviceForm(request.POST)
    if form.is_valid():
        try:
            device, key = device_create(
                actor=actor_of(request),
                name=form.cleaned_data["name"],
                code=form.cleaned_data["code"],
            )
        except InputErrors as exc:
            add_input_errors(form, exc, {"nama": "name", "kode": "code"})
        else:
            messages.success(request, _("Perangkat %(name)s terdaftar.") % {"name": device.name})
            # The token is shown on this response only; it is never stored in clear.
            return _page(request, DeviceForm(), token=key)
    return _page(request, form, status=400)


@require_POST
@tenant_view(perms=("attendance.manage",))
def device_rotate_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    key = device_rotate(actor=actor, device=get_device_for_actor(actor, pk))
    messages.success(request, _("Token baru dibuat; token lama tidak berlaku lagi."))
    return _page(request, DeviceForm(), token=key)


@require_POST
@tenant_view(perms=("attendance.manage",))
def device_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    device = device_deactivate(actor=actor, device=get_device_for_actor(actor, pk))
    messages.success(request, _("Perangkat %(name)s dinonaktifkan.") % {"name": device.name})
    return redirect("attendance:devices")
