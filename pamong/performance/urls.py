from django.urls import path

from pamong.performance import exports, ranking, views, views_followup, views_pembinaan

app_name = "performance"
urlpatterns = [
    path("", views.index, name="index"),
    path("predikat-unit/", views.unit_predikat_list, name="unit-predikat"),
    path("predikat-unit/<int:pk>/", views.unit_predikat_set, name="unit-predikat-set"),
    path("tindak-lanjut/", views_followup.followup, name="followup"),
    path("pembinaan/baru/<int:employee_pk>/", views_followup.coaching_new, name="coaching-new"),
    path("pembinaan/<int:pk>/", views_followup.coaching_detail, name="coaching"),
    path("pembinaan/", views_pembinaan.plans, name="pembinaan"),
    path("pembinaan/mulai/", views_pembinaan.start, name="pembinaan-start"),
    path("pembinaan/<int:pk>/sesi/", views_pembinaan.session_add, name="session-add"),
    path("pembinaan/sesi/<int:pk>/ubah/", views_pembinaan.session_edit, name="session-edit"),
    path("pembinaan/sesi/<int:pk>/hapus/", views_pembinaan.session_delete, name="session-delete"),
    path("pembinaan/<int:pk>/tutup/", views_pembinaan.close, name="pembinaan-close"),
    path("ekspor/penilaian.xlsx", exports.ratings_xlsx, name="ratings-xlsx"),
    path("peringkat/", ranking.ranking, name="ranking"),
]
