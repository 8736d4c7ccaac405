"""The admin page for API tokens (`api:tokens`): list, create (key shown once), revoke."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from pamong.api.services import (
    api_token_create,
    api_token_revoke,
    api_tokens_visible_to,
    get_api_token_for_actor,
)
from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.models import User
from pamong.core.permissions import has_perm


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama token"), max_length=100)
    user = forms.ModelChoiceField(
        label=gettext_lazy("Bertindak sebagai pengguna"), queryset=User.objects.none()
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Berlaku sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Kosong: satu tahun sejak hari ini."),
    )
    read_only = forms.BooleanField(label=gettext_lazy("Hanya baca"), required=False)

    def __init__(self, *args: Any, tenant_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(tenant_id=tenant_id, is_active=True).order_by(
            "username"
        )


def _token_admin(request: HttpRequest) -> Actor:
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None or actor.tenant is None or not has_perm(actor, "api.tokens"):
        raise PermissionDenied
    return actor


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    actor = _token_admin(request)
    assert actor.tenant is not None
    form = TokenCreateForm(tenant_id=actor.tenant.pk)
    new_key = None
    if request.method == "POST" and "revoke" in request.POST:
        try:
            pk = int(request.POST["revoke"])
        except ValueError as exc:
            raise PermissionDenied from exc
        token = get_api_token_for_actor(actor, pk=pk)
        api_token_revoke(actor=actor, token=token)
        messages.success(request, _("Token %(name)s dicabut.") % {"name": token.name})
        return redirect("api:tokens")
    if request.method == "POST":
        form = TokenCreateForm(request.POST, tenant_id=actor.tenant.pk)
        if form.is_valid():
            try:
                _token, new_key = api_token_create(
                    actor=actor,
                    user=form.cleaned_data["user"],
                    name=form.cleaned_data["name"],
                    expires_on=form.cleaned_data["expires_on"],
                    read_only=form.cleaned_data["read_only"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form = TokenCreateForm(tenant_id=actor.tenant.pk)
    token_list = api_tokens_visible_to(actor).order_by("revoked", "-created_at")
    status = 200 if request.method == "GET" or new_key or not form.errors else 400
    return render(
        request,
        "api/tokens.html",
        {"tokens": token_list, "form": form, "new_key": new_key, "now": clock.now()},
        status=status,
    )
