"""A browser's date input reads only ISO dates (2026-06-01). Django renders a DateInput in
the active locale's format (01-06-2026 in Indonesian), which the browser drops, so an edit
form would show an empty date. Every date input of every form must render ISO."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.utils import translation

import pamong


def _forms() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for info in pkgutil.walk_packages(pamong.__path__, "pamong."):
        skipped = (".migrations", ".management", "settings", "__main__", "pamong.wsgi")
        if any(part in info.name for part in skipped):
            continue
        module = importlib.import_module(info.name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return list(found.values())


def test_every_date_input_renders_an_iso_date() -> None:
    day = dt.date(2026, 6, 1)
    checked, wrong = 0, []
    for form_class in _forms():
        for name, field in form_class.base_fields.items():
            widget = field.widget
            if not isinstance(widget, forms.DateInput) or widget.input_type != "date":
                continue
            checked += 1
            with translation.override("id"):
                html = widget.render(name, day)
            if 'value="2026-06-01"' not in html:
                wrong.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert checked >= 10  # the scan found the forms
    assert not wrong, f"date inputs not rendered as YYYY-MM-DD: {wrong}"


@pytest.mark.parametrize("language", ["id", "en"])
def test_shared_date_widget_is_iso_in_both_languages(language: str) -> None:
    from pamong.core.web import DATE_WIDGET

    with translation.override(language):
        assert 'value="2026-06-01"' in DATE_WIDGET.render("d", dt.date(2026, 6, 1))
