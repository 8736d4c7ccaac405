"""API tokens: created and revoked only through these services (audited)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.models import ApiToken, User
from pamong.core.permissions import require


def api_tokens_visible_to(actor: Actor) -> QuerySet[ApiToken]:
    require(actor, "api.tokens")
    return ApiToken.objects.filter(tenant=actor.tenant).select_related("user")


def get_api_token_for_actor(actor: Actor, *, pk: int | None = None, prefix: str = "") -> ApiToken:
    """404 for a token of another tenant (or none); 403 without the right."""
    qs = api_tokens_visible_to(actor).filter(revoked=False)
    qs = qs.filter(pk=pk) if pk is not None else qs.filter(prefix=prefix)
    tokens = list(qs[:2])
    if len(tokens) != 1:
        raise Http404
    return tokens[0]


@transaction.atomic
def api_token_create(
    *,
    actor: Actor,
    user: User,
    name: str,
    expires_on: dt.date | None = None,
    read_only: bool = False,
) -> tuple[ApiToken, str]:
    """Create a token acting as `user`; returns it and the plain key (shown only once).

    The token works until the end of `expires_on` in the tenant's time zone (default: in
    PAMONG_API_TOKEN_DAYS days); a read-only token is refused every write.
    """
    require(actor, "api.tokens")
    assert actor.tenant is not None
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("nama token wajib diisi")]
    today = clock.today(actor.tenant)
    if expires_on is None:
        expires_on = today + dt.timedelta(days=settings.PAMONG_API_TOKEN_DAYS)
    if expires_on < today:
        errors["expires_on"] = [_("tanggal berlaku tidak boleh sebelum hari ini")]
    elif expires_on > today + dt.timedelta(days=3 * 366):
        errors["expires_on"] = [_("token berlaku paling lama tiga tahun")]
    if user.tenant_id != actor.tenant.pk or not user.is_active:
        errors["user"] = [_("pengguna tidak ditemukan di pemda ini")]
    if errors:
        raise ValidationError(errors)
    key = ApiToken.new_key()
    while key.startswith("-"):  # a leading dash would read as an option in `--prefix`
        key = ApiToken.new_key()
    token = ApiToken.objects.create(
        tenant=actor.tenant,
        user=user,
        name=name[:100],
        prefix=key[:8],
        key_hash=ApiToken.hash_key(key),
        expires_at=dt.datetime.combine(
            expires_on, dt.time(23, 59, 59), tzinfo=clock.zone(actor.tenant)
        ),
        read_only=read_only,
    )
    audit(
        actor=actor,
        action="api.token.created",
        obj=token,
        data={
            "name": token.name,
            "user": user.username,
            "prefix": token.prefix,
            "expires_on": expires_on.isoformat(),
            "read_only": read_only,
        },
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    require(actor, "api.tokens")
    token = ApiToken.objects.select_for_update().get(pk=token.pk, tenant=actor.tenant)
    if not token.revoked:
        token.revoked = True
        token.save(update_fields=["revoked"])
        audit(
            actor=actor,
            action="api.token.revoked",
            obj=token,
            data={"name": token.name, "prefix": token.prefix},
        )
    return token
