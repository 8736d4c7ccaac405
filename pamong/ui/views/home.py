"""Login form and the home page: what waits for this person (core/todo.py), then the
per-role overview."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from pamong.core import todo
from pamong.core.models import Tenant
from pamong.core.permissions import has_perm
from pamong.core.web import actor_of
from pamong.org.models import Employee, EmployeeStatus, Unit
from pamong.org.selectors import employees_visible_to, units_visible_to


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "NIP/nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."
        ),
        "inactive": _("Akun ini tidak aktif."),
    }
    username = forms.CharField(
        label=_("NIP atau nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PamongLoginView(LoginView):
    template_name = "ui/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    context: dict[str, Any] = {
        "subordinate_count": len(actor.subordinate_ids),
        "can_audit": has_perm(actor, "audit.view"),
        # Every app's to-do selector (registered at start-up): counts, links, own figures.
        "todo": todo.collect(actor),
        "in_tenant": actor.tenant is not None,
    }
    if actor.is_superadmin:
        context["tenant_count"] = Tenant.objects.count()
    if actor.tenant is not None and actor.opd_ids:
        counts = dict(
            Employee.objects.filter(tenant=actor.tenant, opd_id__in=actor.opd_ids)
            .values("opd_id")
            .annotate(n=Count("pk"))
            .values_list("opd_id", "n")
        )
        opds = list(Unit.objects.filter(tenant=actor.tenant, pk__in=actor.opd_ids))
        context["opds"] = [(opd, counts.get(opd.pk, 0)) for opd in opds]
    if actor.tenant is not None and has_perm(actor, "org.view_all"):
        context["totals"] = employees_visible_to(actor).aggregate(
            all=Count("pk"), active=Count("pk", filter=Q(status=EmployeeStatus.AKTIF))
        )
        context["unit_count"] = units_visible_to(actor).count()
    if actor.employee_id is not None:
        context["me"] = (
            Employee.objects.filter(tenant=actor.tenant, pk=actor.employee_id)
            .select_related("position", "unit")
            .first()
        )
    return render(request, "ui/home.html", context)
