"""`{{ value|label }}` and `{{ value|label:"predikat" }}`: a code as the word a person reads.

A template builtin (settings.TEMPLATES), so every template of every app can use it.
"""

from __future__ import annotations

from typing import Any

from django import template

from pamong.core.labels import label as _label
from pamong.core.labels import labels as _labels
from pamong.core.labels import timezone_label

register = template.Library()


@register.filter
def label(value: Any, vocabulary: str = "") -> str:
    return _label(value, vocabulary)


@register.filter
def labels(values: Any, vocabulary: str = "") -> str:
    if isinstance(values, str):
        values = [v.strip() for v in values.replace("|", ",").split(",")]
    return _labels(values or [], vocabulary)


@register.filter
def tz_label(value: str) -> str:
    return timezone_label(value)
