"""OpenAPI description of the token authentication (loaded by ApiConfig.ready)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "pamong.api.auth.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; a BKPSDM admin creates keys at /api/tokens/.",
        }


# The error answers every endpoint can give (DRF's exception handler): each operation
# documents them, so clients and the schemathesis run know what to expect.
ERRORS = {
    "400": "Data tidak sah: pesan per kolom (`{kolom: [pesan]}`).",
    "401": "Tanpa token atau token tidak berlaku.",
    "403": "Tanpa hak untuk tindakan ini, atau token hanya-baca.",
    "404": "Tidak ada di pemda ini.",
    "409": "Data berubah sejak dibaca (revisi); muat ulang.",
    "429": "Terlalu banyak permintaan; coba lagi nanti.",
}
_ERROR_BODY = {"type": "object", "additionalProperties": True}


def document_errors(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: add the common error responses."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, text in ERRORS.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": text,
                        "content": {"application/json": {"schema": _ERROR_BODY}},
                    },
                )
    return result
