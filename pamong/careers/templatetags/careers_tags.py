"""Which careers tabs the reader may open: an OPD head reads the KP and KGB lists of their
OPD, but the talent grid, succession, JPT selection, sanctions and settings are BKPSDM's."""

from __future__ import annotations

from typing import Any

from django import template

from pamong.careers import selectors as sel
from pamong.core.permissions import has_perm

register = template.Library()


@register.simple_tag(takes_context=True)
def careers_sees_all(context: dict[str, Any]) -> bool:
    actor = getattr(context.get("request"), "actor", None)
    return actor is not None and has_perm(actor, sel.VIEW)
