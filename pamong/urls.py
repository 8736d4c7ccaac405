from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from pamong.core.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/", include("pamong.api.urls")),
    path("impor/", include("pamong.imports.urls")),
    path("presensi/", include("pamong.attendance.urls")),
    path("cuti/", include("pamong.leave.urls")),
    path("kinerja/", include("pamong.performance.urls")),
    path("skp/", include("pamong.appraisal.urls")),
    path("pohon-kinerja/", include("pamong.kinerja_org.urls")),
    path("tpp/", include("pamong.tpp.urls")),
    path("publik/", include("pamong.participation.urls")),
    path("rekrutmen/", include("pamong.recruitment.urls")),
    path("akun/", include("pamong.accounts.urls")),
    path("kompetensi/", include("pamong.competence.urls")),
    path("evaluasi/", include("pamong.evaluation.urls")),
    path("karier/", include("pamong.careers.urls")),
    path("", include("pamong.ui.urls")),
]

# Under /api/ the error answers are JSON ({"detail": ...}); elsewhere the HTML pages.
handler400 = "pamong.api.errors.bad_request"
handler403 = "pamong.api.errors.permission_denied"
handler404 = "pamong.api.errors.page_not_found"
handler500 = "pamong.api.errors.server_error"
