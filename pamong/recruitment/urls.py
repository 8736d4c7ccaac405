from django.urls import path

from pamong.recruitment import views, views_public, views_staff

app_name = "recruitment"
urlpatterns = [
    path("", views.index, name="index"),
    path("unggah/", views.upload, name="upload"),
    path("seleksi/<int:pk>/", views.selection_detail, name="selection"),
    path("seleksi/<int:pk>/formasi/<int:line_pk>/", views.line_detail, name="line"),
    path("seleksi/<int:pk>/peringkat.csv", views.ranking_download, name="ranking-csv"),
    path("seleksi/<int:pk>/pengumuman.pdf", views.announcement_pdf_view, name="announcement-pdf"),
    path("seleksi/<int:pk>/umumkan/", views.announce, name="announce"),
    path("seleksi/<int:pk>/isi-formasi/", views.fill_unfilled, name="fill"),
    path("seleksi/<int:pk>/peserta/", views.candidate_entry, name="candidate-entry"),
    path("peserta/<int:pk>/", views.candidate_detail, name="candidate"),
    path("peserta/<int:pk>/angkat/", views_staff.onboard, name="onboard"),
    path("formasi/", views_staff.formasi, name="formasi"),
    path("penerimaan/", views_staff.onboarding_list, name="onboarding"),
    # Public announcement (no login): names, registration numbers and results only.
    path("umum/<slug:tenant_slug>/", views_public.public_index, name="public-index"),
    path(
        "umum/<slug:tenant_slug>/<str:code>/",
        views_public.public_announcement,
        name="public-announcement",
    ),
    path(
        "umum/<slug:tenant_slug>/<str:code>/pengumuman.pdf",
        views_public.public_announcement_pdf,
        name="public-announcement-pdf",
    ),
]
