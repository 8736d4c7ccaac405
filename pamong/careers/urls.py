from django.urls import path

from pamong.careers import views, views_jpt, views_kgb, views_succession, views_talent

app_name = "careers"
urlpatterns = [
    path("", views.kp_list, name="kp"),
    path("kp/berkas/", views.kp_create, name="kp-create"),
    path("kp/usulan/<int:pk>/", views.kp_proposal, name="kp-proposal"),
    path("kp/usulan/<int:pk>/<slug:action>/", views.kp_action, name="kp-action"),
    path("kp/dokumen/<int:pk>/", views.kp_document, name="kp-document"),
    path("kgb/", views_kgb.kgb_list, name="kgb"),
    path("kgb/<int:pk>/surat.pdf", views_kgb.kgb_letter_pdf, name="kgb-letter"),
    path("kgb/<int:pk>/tunda/", views_kgb.kgb_postpone, name="kgb-postpone"),
    path("kgb/<int:pk>/catat/", views_kgb.kgb_record, name="kgb-record"),
    path("talenta/", views_talent.grid, name="talent"),
    path("talenta/penilaian/", views_talent.assessment_add, name="assessment-add"),
    path("talenta/<int:pk>/pindah/", views_talent.talent_move, name="talent-move"),
    path("suksesi/", views_succession.succession, name="succession"),
    path("seleksi-jpt/", views_jpt.jpt_list, name="jpt-list"),
    path("seleksi-jpt/<int:pk>/", views_jpt.jpt_detail, name="jpt"),
    path("seleksi-jpt/peserta/<int:pk>/", views_jpt.jpt_candidate, name="jpt-candidate"),
    # Public (no login): names and totals only.
    path("umum/<slug:tenant_slug>/seleksi-jpt/<int:pk>/", views_jpt.jpt_public, name="jpt-public"),
    path("pengaturan/", views_kgb.settings_view, name="settings"),
    path("hukuman-disiplin/", views_kgb.sanctions, name="sanctions"),
]
