from django.urls import path

from pamong.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("tugas/<int:pk>/", views.job, name="job"),
    path("tugas/<int:pk>/status/", views.job_status, name="job-status"),
    path("tugas/<int:pk>/ulang/", views.job_retry, name="job-retry"),
    path("ekspor/pegawai/", views.export, name="export-employees"),
]
