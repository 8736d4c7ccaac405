"""Which careers tabs the reader may open: an OPD head reads the KP and KGB lists of their
OPD, but the talent grid, succession, JPT selection, sanctions and settings are BKPSDM's."""

from __future__ import annotations

from typing import Any

from django import template

from pamong.careers import selectors as sel
from pamong.core.permissions import has_perm, sees_all

register = template.Library()


@register.simple_tag(takes_context=True)
def careers_tabs(context: dict[str, Any]) -> dict[str, bool]:
    """`reads`: the careers pages narrowed to the reader's OPDs (talent, sanctions,
    settings); `tenant`: those about the whole tenant (succession, JPT selection)."""
    actor = getattr(context.get("request"), "actor", None)
    if actor is None or not has_perm(actor, sel.VIEW):
        return {"reads": False, "tenant": False}
    return {"reads": True, "tenant": sees_all(actor, sel.VIEW)}
