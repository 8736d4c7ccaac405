"""`{% attendance_links %}`: the sub-menu of the attendance pages for the current actor."""

from __future__ import annotations

from typing import Any

from django import template

from pamong.attendance.selectors import section_links

register = template.Library()


@register.inclusion_tag("attendance/_links.html", takes_context=True)
def attendance_links(context: template.Context) -> dict[str, Any]:
    actor = context.get("actor")
    if actor is None or actor.tenant is None:
        return {"section_links": [], "actor_has_employee": False}
    return {
        "section_links": section_links(actor),
        "actor_has_employee": actor.employee_id is not None,
    }
