from django.urls import path

from pamong.evaluation import views, views_policy, views_units

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
    path("dasbor/", views.dashboard, name="dashboard"),
    path("pengaturan/", views.settings_view, name="settings"),
    path("kebijakan/", views_policy.policies, name="policies"),
    path("kebijakan/<int:policy_pk>/indikator/", views_policy.indicator_add, name="indicator-add"),
    path("indikator/<int:pk>/nilai/", views_policy.manual_value, name="manual-value"),
    path("laporan/<int:pk>/", views.report, name="report"),
    path("laporan/<int:pk>/status/", views.job_status, name="job-status"),
    path("laporan/<int:pk>/penjelasan/", views.explain, name="explain"),
    path("laporan/<int:pk>/kesimpulan/", views.conclude, name="conclude"),
    path("laporan/<int:pk>/tanda-tangan/", views.sign, name="sign"),
    path("laporan/<int:pk>/pdf/", views.export_pdf, name="pdf"),
    path("laporan/<int:pk>/xlsx/", views.export_xlsx, name="xlsx"),
    path("laporan/<int:pk>/jejak/<slug:source>/", views.trace, name="trace"),
    path("laporan/<int:pk>/opd/<int:opd_pk>/unit/", views_units.units, name="units"),
    path("publik/<slug:tenant_slug>/", views.public_summary, name="public"),
]
