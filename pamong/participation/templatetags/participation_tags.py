"""`{% citizen_feedback employee %}`: public feedback on an officer, for the SKP evaluation."""

from __future__ import annotations

from typing import Any

from django import template

from pamong.org.models import Employee
from pamong.participation.feedback import feedback_for_evaluator

register = template.Library()
SHOWN = 50


@register.inclusion_tag("participation/_citizen_feedback.html", takes_context=True)
def citizen_feedback(context: dict[str, Any], employee: Employee) -> dict[str, Any]:
    request = context.get("request")
    actor = getattr(request, "actor", None)
    entries = [] if actor is None else list(feedback_for_evaluator(actor, employee)[:SHOWN])
    return {"entries": entries}
