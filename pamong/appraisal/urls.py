from django.urls import path

from pamong.appraisal import (
    views,
    views_acting,
    views_calibration,
    views_docs,
    views_eval,
    views_lampiran,
    views_peer,
)

app_name = "appraisal"
urlpatterns = [
    path("", views.index, name="index"),
    path("buat/", views.skp_create, name="skp-create"),
    path("<int:pk>/", views.skp_detail, name="skp-detail"),
    path("<int:pk>/rhk/", views.rhk_add, name="rhk-add"),
    path("<int:pk>/ajukan/", views.skp_submit, name="skp-submit"),
    path("<int:pk>/putuskan/", views.skp_decide, name="skp-decide"),
    path("<int:pk>/kaskade/", views.cascade, name="cascade"),
    path("<int:pk>/pdf/", views_docs.skp_document, name="skp-pdf"),
    path("<int:pk>/lampiran/", views_lampiran.lampiran, name="skp-lampiran"),
    path("<int:pk>/ekspektasi/", views_lampiran.expectations, name="skp-expectations"),
    path("rhk/<int:pk>/simpan/", views.rhk_save, name="rhk-save"),
    path("rhk/<int:pk>/hapus/", views.rhk_delete, name="rhk-delete"),
    path("rhk/<int:pk>/indikator/", views.indicator_add, name="indicator-add"),
    path("rhk/<int:pk>/umpan-balik/", views.feedback_add, name="feedback-add"),
    path("indikator/<int:pk>/hapus/", views.indicator_delete, name="indicator-delete"),
    path("indikator/<int:pk>/realisasi/", views.realisation_record, name="realisation"),
    path("nilai/<int:employee_pk>/", views_eval.evaluate, name="evaluate"),
    path("penilaian/<int:pk>/", views_eval.evaluation_detail, name="evaluation"),
    path("penilaian/<int:pk>/pdf/", views_docs.evaluation_document, name="evaluation-pdf"),
    path("penilaian/<int:pk>/terima/", views_eval.evaluation_acknowledge, name="acknowledge"),
    path("penilaian/<int:pk>/tetapkan/", views_eval.evaluation_finalize, name="finalize"),
    path("penilaian/<int:pk>/keberatan/", views_eval.objection_file, name="objection-file"),
    path("rekan/<int:employee_pk>/", views_peer.peer_feedback, name="peer"),
    path("rekan/isi/<int:pk>/", views_peer.peer_answer, name="peer-answer"),
    path("plt/", views_acting.acting, name="acting"),
    path("kalibrasi/", views_eval.calibration, name="calibration"),
    path("kalibrasi/tetapkan/", views_calibration.finalize, name="calibration-finalize"),
    path("kalibrasi/sesuaikan/<int:pk>/", views_calibration.adjust, name="calibration-adjust"),
    path("keberatan/<int:pk>/", views_eval.objection_detail, name="objection"),
]
