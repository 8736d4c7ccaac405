from __future__ import annotations

import json
from typing import Any

from django import template
from django.forms import BoundField
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from pamong.org.models import Unit
from pamong.org.selectors import can_open_unit
from pamong.ui.nav import NavLink, nav_for

register = template.Library()


@register.simple_tag(takes_context=True)
def main_nav(context: dict[str, Any]) -> list[NavLink]:
    request = context.get("request")
    return nav_for(getattr(request, "actor", None))


@register.simple_tag(takes_context=True)
def nav_section(context: dict[str, Any], links: list[NavLink]) -> NavLink | None:
    """The menu entry the current page is, or lies under (longest URL prefix): the closed
    phone menu names it, and it stays highlighted on pages the menu does not list."""
    path = getattr(context.get("request"), "path", "")
    under = [
        link for link in links if link.url == path or link.url != "/" and path.startswith(link.url)
    ]
    return max(under, key=lambda link: len(link.url), default=None)


@register.simple_tag
def url_if_exists(name: str) -> str:
    """The URL of `name`, or "" when that module is not installed (yet)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def as_json(value: Any) -> str:
    """Audit data as readable JSON (escaped by the template like any other text)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@register.filter
def accessible(field: BoundField) -> str:
    """Render the widget tied to its help text and errors (aria-describedby, aria-invalid)."""
    attrs: dict[str, str | bool] = {}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.simple_tag
def confirm_attrs(question: str, htmx: bool = False) -> str:
    """The attributes that make a form ask `question` before an irreversible step.

    `data-confirm` is asked by actions.js; an htmx form also gets `hx-confirm`, asked by
    htmx. Pair it with `{% confirm_check %}` inside the form: the no-JS fallback."""
    if htmx:
        return format_html(' data-confirm="{}" hx-confirm="{}"', question, question)
    return format_html(' data-confirm="{}"', question)


@register.inclusion_tag("ui/_confirm_check.html")
def confirm_check(text: str = "") -> dict[str, str]:
    """A required "I am sure" checkbox: the browser asks for it without JavaScript; with
    JavaScript actions.js hides it and asks through a dialog."""
    return {"text": text}


@register.filter
def opens_unit(actor: Any, unit: Unit | None) -> bool:
    """`{% if actor|opens_unit:unit %}`: link the unit only where its page would open."""
    return unit is not None and can_open_unit(actor, unit)
