"""Account pages: BKPSDM's account admin, the superadmin's first administrator, own security."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from pamong.accounts import services
from pamong.accounts.forms import FirstAdminForm, GrantForm, UserCreateForm
from pamong.accounts.selectors import (
    get_grant_for_actor,
    get_user_for_actor,
    role_holders,
    users_visible_to,
)
from pamong.core.actor import Actor
from pamong.core.models import Role, Tenant
from pamong.core.permissions import has_perm
from pamong.org.models import Employee, Unit


def _actor(request: HttpRequest, perm: str) -> Actor:
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None or actor.tenant is None or not has_perm(actor, perm):
        raise PermissionDenied
    return actor


def _errors(form: Any, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errs in exc.message_dict.items():
        for err in errs:
            form.add_error(field if field in form.fields else None, err)


@require_GET
@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request, "accounts.view")
    users = users_visible_to(actor)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(employee__name__icontains=q) | Q(email__icontains=q)
        )
    role = request.GET.get("peran", "")
    if role in Role.values:
        users = users.filter(role_grants__role=role).distinct()
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    without_account = Employee.objects.filter(tenant=actor.tenant, user__isnull=True).count()
    return render(
        request,
        "accounts/list.html",
        {
            "page": page,
            "q": q,
            "role": role,
            "roles": Role.choices,
            "can_manage": has_perm(actor, "accounts.manage"),
            "without_account": without_account,
        },
    )


@require_GET
@login_required
def role_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request, "accounts.view")
    groups: dict[str, list[Any]] = {value: [] for value in Role.values}
    for grant in role_holders(actor):
        groups[grant.role].append(grant)
    labelled = [(Role(value).label, grants) for value, grants in groups.items()]
    return render(request, "accounts/roles.html", {"groups": labelled})


@require_http_methods(["GET", "POST"])
@login_required
def user_new(request: HttpRequest) -> HttpResponse:
    actor = _actor(request, "accounts.manage")
    assert actor.tenant is not None
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        nip = form.cleaned_data["nip"].strip()
        employee = None
        if nip:
            employee = Employee.objects.filter(tenant=actor.tenant, nip=nip).first()
            if employee is None:
                form.add_error("nip", _("Pegawai dengan NIP ini tidak ada di pemda ini."))
        if not form.errors:
            try:
                user = services.user_create(
                    actor=actor,
                    tenant=actor.tenant,
                    username=nip or form.cleaned_data["username"],
                    email=form.cleaned_data["email"] or (employee.email if employee else ""),
                    employee=employee,
                )
            except ValidationError as exc:
                _errors(form, exc)
            else:
                if services.activation_resend(actor=actor, user=user):
                    messages.success(request, _("Akun dibuat; tautan aktivasi dikirim."))
                else:
                    messages.success(
                        request, _("Akun dibuat. Tanpa e-mail: terbitkan kode sekali pakai.")
                    )
                return redirect("accounts:detail", pk=user.pk)
    status = 400 if form.errors else 200
    return render(request, "accounts/new.html", {"form": form}, status=status)


@require_POST
@login_required
def bulk_create(request: HttpRequest) -> HttpResponse:
    from pamong.accounts.tasks import send_activation_emails

    actor = _actor(request, "accounts.manage")
    assert actor.tenant is not None
    ids: list[int] | None = None
    opd = request.POST.get("opd", "")
    if opd.isdigit():
        unit = get_object_or_404(Unit, tenant=actor.tenant, pk=int(opd))
        in_opd = Employee.objects.filter(tenant=actor.tenant, opd_id=unit.opd_id or unit.pk)
        ids = list(in_opd.values_list("pk", flat=True))
    users = services.accounts_create_for_employees(
        actor=actor, tenant=actor.tenant, employee_ids=ids
    )
    with_email = [u.pk for u in users if u.email]
    if with_email:
        send_activation_emails.delay(with_email)
    messages.success(
        request,
        _("%(n)d akun dibuat; %(m)d tautan aktivasi dikirim lewat e-mail.")
        % {"n": len(users), "m": len(with_email)},
    )
    return redirect("accounts:list")


@require_GET
@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request, "accounts.view")
    user = get_user_for_actor(actor, pk)
    assert actor.tenant is not None
    return render(
        request,
        "accounts/detail.html",
        {
            "account": user,
            "grants": user.role_grants.select_related("unit").order_by("role"),
            "form": GrantForm(tenant_id=actor.tenant.pk),
            "can_manage": has_perm(actor, "accounts.manage"),
            "has_2fa": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        },
    )


def _grant(request: HttpRequest, actor: Actor, user: Any) -> str:
    assert actor.tenant is not None
    form = GrantForm(request.POST, tenant_id=actor.tenant.pk)
    if not form.is_valid():
        raise ValidationError([e for errs in form.errors.values() for e in errs])
    services.role_grant(
        actor=actor, user=user, role=form.cleaned_data["role"], unit=form.cleaned_data["unit"]
    )
    return _("Peran diberikan.")


def _revoke(request: HttpRequest, actor: Actor, user: Any) -> str:
    grant = get_grant_for_actor(actor, int(request.POST.get("grant", "0") or 0))
    if grant.user_id != user.pk:
        raise PermissionDenied
    services.role_revoke(actor=actor, grant=grant)
    return _("Peran dicabut.")


def _code(request: HttpRequest, actor: Actor, user: Any) -> str:
    code = services.one_time_code_issue(actor=actor, user=user)
    return _(
        "Kode sekali pakai untuk %(u)s: %(code)s. Berikan langsung kepada pemilik akun; "
        "kode ini tidak ditampilkan lagi."
    ) % {"u": user.username, "code": code}


def _activation(request: HttpRequest, actor: Actor, user: Any) -> str:
    if not services.activation_resend(actor=actor, user=user):
        raise ValidationError(_("Akun ini tidak punya e-mail."))
    return _("Tautan aktivasi dikirim.")


def _set_active(active: bool) -> Any:
    def act(request: HttpRequest, actor: Actor, user: Any) -> str:
        services.user_set_active(actor=actor, user=user, active=active)
        return _("Status akun disimpan.")

    return act


def _reset_2fa(request: HttpRequest, actor: Actor, user: Any) -> str:
    services.two_factor_reset(actor=actor, user=user)
    return _("Verifikasi dua langkah akun ini dihapus.")


ACTIONS = {
    "grant": _grant,
    "revoke": _revoke,
    "code": _code,
    "activation": _activation,
    "activate": _set_active(True),
    "deactivate": _set_active(False),
    "reset2fa": _reset_2fa,
}


@require_POST
@login_required
def user_action(request: HttpRequest, pk: int) -> HttpResponse:
    """One form per action on the detail page; each calls one audited service."""
    actor = _actor(request, "accounts.manage")
    user = get_user_for_actor(actor, pk)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise PermissionDenied
    try:
        messages.success(request, action(request, actor, user))
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    except ValueError as exc:
        raise PermissionDenied from exc
    return redirect("accounts:detail", pk=user.pk)


@require_http_methods(["GET", "POST"])
@login_required
def first_admin(request: HttpRequest, tenant_pk: int) -> HttpResponse:
    """The superadmin gives a new Pemda its first BKPSDM administrator."""
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None or not actor.is_superadmin:
        raise PermissionDenied
    tenant = get_object_or_404(Tenant, pk=tenant_pk)
    form = FirstAdminForm(request.POST or None)
    link = None
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(
                actor=actor,
                tenant=tenant,
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                roles=[Role.BKPSDM_ADMIN],
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            if services.send_activation(user):
                messages.success(request, _("Admin dibuat; tautan aktivasi dikirim."))
                return redirect("ui:tenants")
            link = services.activation_link(user)
    return render(
        request,
        "accounts/first_admin.html",
        {"form": form, "tenant": tenant, "link": link},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    services.sign_out_everywhere(user=request.user)  # type: ignore[arg-type]
    logout(request)
    messages.success(request, _("Semua sesi Anda telah diakhiri. Silakan masuk lagi."))
    return redirect("ui:login")
