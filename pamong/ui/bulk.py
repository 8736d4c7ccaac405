"""The page that shows a bulk action's result per item."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pamong.core.bulk import ItemResult


def bulk_results(
    request: HttpRequest, title: str, results: list[ItemResult], back_url: str
) -> HttpResponse:
    context = {
        "title": title,
        "results": results,
        "ok_count": sum(1 for r in results if r.ok),
        "back_url": back_url,
    }
    return render(request, "ui/bulk_results.html", context)
