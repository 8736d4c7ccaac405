"""Shared plumbing for every JSON endpoint under /api/v1/ (other apps import from here).

Usage in an app's `api.py`::

    class ThingListApi(TenantAPIView, generics.ListAPIView):
        permission = "thing.view_all"          # needed for GET/HEAD/OPTIONS (None: any actor)
        write_permission = "thing.manage"      # needed for POST/PUT/PATCH/DELETE
        queryset = Thing.objects.none()        # never a real queryset at class level

        def get_queryset(self):
            return things_visible_to(self.actor)   # a permission-checked selector

    urlpatterns = [path("things/", ThingListApi.as_view(), name="things")]

`pamong.api.urls` includes `pamong.<app>.api.urlpatterns` under `/api/v1/` with the
namespace `api:<app>` (e.g. `reverse("api:attendance:things")`).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django_scopes import scope
from rest_framework import exceptions
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pamong.core.actor import Actor
from pamong.core.permissions import has_perm


def actor_of(request: Request) -> Actor | None:
    # Session users get it from the middleware; token users from ApiTokenAuthentication.
    return getattr(request._request, "actor", None)


class CapabilityPermission(BasePermission):
    """The one permission check of the API: a tenant actor plus the view's capability code.

    Object rules (own record, subordinates, own OPD) are left to the selectors, so a record
    of another tenant is a 404, never a 403.
    """

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.user is None or not request.user.is_authenticated:
            return False  # DRF turns this into 401 when no credentials were given
        actor = actor_of(request)
        if actor is None or actor.tenant is None:
            return False
        if not hasattr(view, (request.method or "").lower()):
            return True  # let the view answer 405 instead of hiding it behind a 403
        if request.method in SAFE_METHODS:
            perm = getattr(view, "permission", None)
            return perm is None or has_perm(actor, perm)
        token = getattr(actor, "token", None)
        if token is not None and token.read_only:
            return False  # a read-only token never writes, whatever its user may do
        perm = getattr(view, "write_permission", None)
        if perm is None:
            # Fail closed: a write needs a capability unless the view opts out explicitly
            # (e.g. an employee filing their own request; the service checks the object).
            return bool(getattr(view, "allow_write_without_permission", False))
        return has_perm(actor, perm)


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def django_validation_to_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    """Field errors keep their field names; others go under `non_field_errors`."""
    if hasattr(exc, "error_dict"):
        detail: dict[str, list[str]] = {}
        for field, messages in exc.message_dict.items():
            key = "non_field_errors" if field == "__all__" else field
            detail.setdefault(key, []).extend(messages)
        return exceptions.ValidationError(detail)
    return exceptions.ValidationError({"non_field_errors": exc.messages})


class TenantAPIView(APIView):
    """Mixin base: authenticate, then run the rest of the request in the actor's tenant scope.

    Put it first in the bases: `class X(TenantAPIView, generics.ListAPIView)`.
    """

    permission_classes = [CapabilityPermission]
    pagination_class: type[BasePagination] | None = ApiPagination
    # Capability codes (core.permissions) for reads and for writes; see CapabilityPermission.
    permission: str | None = None
    write_permission: str | None = None
    allow_write_without_permission = False
    # Maps service field names to the API's names in 400 responses.
    error_field_names: dict[str, str] = {}

    _tenant_scope: AbstractContextManager[None] | None = None

    @property
    def actor(self) -> Actor:
        actor = actor_of(self.request)
        if actor is None or actor.tenant is None:  # the permission class ran before
            raise exceptions.PermissionDenied
        return actor

    def perform_authentication(self, request: Request) -> None:
        super().perform_authentication(request)
        actor = actor_of(request)
        if actor is not None and actor.tenant is not None and self._tenant_scope is None:
            self._tenant_scope = scope(tenant=actor.tenant)
            self._tenant_scope.__enter__()

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DjangoValidationError):
            exc = django_validation_to_drf(exc)
            if isinstance(exc.detail, dict) and self.error_field_names:
                exc.detail = {self.error_field_names.get(k, k): v for k, v in exc.detail.items()}
        return super().handle_exception(exc)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        # Render now: a serializer that touches the database must do so inside the scope.
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        return response

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        # Leave the scope however the request ends, a 500 included. Left open, the scope's
        # generator would be closed later by the garbage collector, which then restores a
        # stale scope in the middle of another request (a ScopeError in a scopes_disabled
        # block: tests/api/test_scope_leak.py).
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            if self._tenant_scope is not None:
                self._tenant_scope.__exit__(None, None, None)
                self._tenant_scope = None


def api_doc(
    summary: str,
    *,
    request: Any = None,
    response: Any = None,
    **operation_ids: str,
) -> Any:
    """OpenAPI description of a view that has no serializer (drf-spectacular cannot guess
    its shape): a summary, a JSON object in and out unless given, and operation ids per
    method where two views would share one (`get="v1_attendance_duties_list"`)."""
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import extend_schema, extend_schema_view

    def decorate(view: Any) -> Any:
        view = extend_schema(
            summary=summary,
            request=request or OpenApiTypes.OBJECT,
            responses=response or OpenApiTypes.OBJECT,
        )(view)
        if operation_ids:
            methods = {m: extend_schema(operation_id=i) for m, i in operation_ids.items()}
            view = extend_schema_view(**methods)(view)
        return view

    return decorate
