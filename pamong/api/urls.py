"""/api/: OpenAPI schema and docs, and the versioned endpoints under /api/v1/.

Other apps add endpoints without editing this file: a module `pamong.<app>.api` with a
`urlpatterns` list is mounted under /api/v1/ with the namespace `api:<app>`.
"""

from __future__ import annotations

import importlib

from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from pamong.api import token_views, views

APP_API_MODULES = (
    "pamong.attendance.api",
    "pamong.tpp.api",
    "pamong.appraisal.api",
    "pamong.performance.api",
    "pamong.participation.api",
    "pamong.leave.api",
    "pamong.kinerja_org.api",
    "pamong.recruitment.api",
    "pamong.competence.api",
    "pamong.evaluation.api",
    "pamong.careers.api",
)


def _app_patterns() -> list[URLResolver]:
    mounted: list[URLResolver] = []
    for module_name in APP_API_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise  # the module exists but one of its imports is broken: say so
            continue
        label = module_name.split(".")[1]
        mounted.append(path("", include((module.urlpatterns, label))))
    return mounted


v1: list[URLPattern | URLResolver] = [
    path("units/", views.UnitListApi.as_view(), name="units"),
    path("units/<int:pk>/", views.UnitDetailApi.as_view(), name="unit"),
    path("employees/", views.EmployeeListApi.as_view(), name="employees"),
    path("employees/<int:pk>/", views.EmployeeDetailApi.as_view(), name="employee"),
    *_app_patterns(),
]

app_name = "api"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:docs"), name="index"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", token_views.tokens, name="tokens"),
    path("v1/", include(v1)),
]
