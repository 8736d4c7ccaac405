"""A unit head's RHK hangs from an item of the unit's Perjanjian Kinerja (domain.md §1.3:
PK → SKP JPT → SKP JA/JF). The SKP cycle owns the link; the performance tree reads it
through `pamong.kinerja_org.coverage`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.appraisal.models import Rhk, Skp
from pamong.appraisal.services.common import require_editable, require_owner
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.kinerja_org.models import PerjanjianKinerjaItem
from pamong.org.models import Unit


def check_pk_item(skp: Skp, item: PerjanjianKinerjaItem | None) -> None:
    """The item must be of a PK of the SKP's tenant and year, of a unit the SKP owner heads.

    Raises a ValidationError on the `pk_item` field whose message names the field."""
    if item is None:
        return
    label = _("Butir Perjanjian Kinerja")
    heads = Unit.objects.filter(tenant_id=skp.tenant_id, head_id=skp.employee_id)
    if not heads.exists():
        message = _("hanya kepala unit yang dapat mengaitkan RHK dengan Perjanjian Kinerja.")
        raise ValidationError({"pk_item": f"{label}: {message}"})
    perjanjian = item.perjanjian
    if (
        item.tenant_id != skp.tenant_id
        or perjanjian.year != skp.year
        or not heads.filter(pk=perjanjian.unit_id).exists()
    ):
        message = _(
            "butir harus berasal dari Perjanjian Kinerja tahun %(year)s unit yang Anda pimpin."
        ) % {"year": skp.year}
        raise ValidationError({"pk_item": f"{label}: {message}"})


@transaction.atomic
def rhk_link_pk_item(*, actor: Actor, rhk: Rhk, pk_item: PerjanjianKinerjaItem | None) -> Rhk:
    """Hang a unit head's RHK from an item of the unit's PK (None: unlink)."""
    skp = rhk.skp
    require_owner(actor, skp)
    require_editable(skp)
    check_pk_item(skp, pk_item)
    before = {"pk_item": rhk.pk_item_id}
    rhk.pk_item = pk_item
    rhk.save(update_fields=["pk_item"])
    after = {"pk_item": rhk.pk_item_id}
    if after != before:
        audit(
            actor=actor,
            action="kinerja_org.rhk.linked",
            obj=rhk,
            before=before,
            after=after,
        )
    return rhk
