from django.urls import path

from . import views, views_admin, views_needs

app_name = "competence"
urlpatterns = [
    path("", views.index, name="index"),
    path("program/", views.catalogue, name="catalogue"),
    path("program/baru/", views_admin.programme_edit, name="programme-new"),
    path("program/<int:pk>/", views.programme_detail, name="programme"),
    path("program/<int:pk>/ubah/", views_admin.programme_edit, name="programme-edit"),
    path("program/<int:pk>/daftar/", views.programme_apply, name="programme-apply"),
    path("program/<int:pk>/tunjuk/", views.programme_nominate, name="programme-nominate"),
    path("persetujuan/", views.inbox_view, name="inbox"),
    path("pendaftaran/<int:pk>/", views.enrolment_detail, name="enrolment"),
    path("pendaftaran/<int:pk>/pertimbangan/", views.enrolment_consider, name="enrolment-consider"),
    path("pendaftaran/<int:pk>/keputusan/", views.enrolment_decide, name="enrolment-decide"),
    path("pendaftaran/<int:pk>/batal/", views.enrolment_cancel, name="enrolment-cancel"),
    path("pendaftaran/<int:pk>/hasil/", views.enrolment_complete, name="enrolment-complete"),
    path(
        "pendaftaran/<int:pk>/sertifikat/",
        views.enrolment_certificate,
        name="enrolment-certificate",
    ),
    path("sertifikat/", views.certificates, name="certificates"),
    path("sertifikat/baru/", views.certificate_new, name="certificate-new"),
    path("sertifikat/<int:pk>/", views.certificate_detail, name="certificate"),
    path("sertifikat/<int:pk>/verifikasi/", views.certificate_verify, name="certificate-verify"),
    path("sertifikat/<int:pk>/berkas/", views.certificate_file, name="certificate-file"),
    path("mitra/", views_admin.institutions, name="institutions"),
    path("mitra/baru/", views_admin.institution_edit, name="institution-new"),
    path("mitra/<int:pk>/", views_admin.institution_detail, name="institution"),
    path("mitra/<int:pk>/ubah/", views_admin.institution_edit, name="institution-edit"),
    path("mou/<int:pk>/berkas/", views_admin.agreement_file, name="agreement-file"),
    path("pengaturan/", views_admin.settings_page, name="settings"),
    path("anggaran/", views_admin.budget_set, name="budget-set"),
    path("kebutuhan/", views_needs.needs_overview, name="needs"),
    path("kebutuhan/opd/<int:pk>/", views_needs.needs_opd, name="needs-opd"),
    path("rencana/", views_needs.my_plan, name="plan"),
    path("rencana/tim/", views_needs.team_plans, name="team-plans"),
    path("rencana/tim/<int:employee_pk>/", views_needs.team_plan, name="team-plan"),
    path("dasbor/", views_admin.dashboard, name="dashboard"),
    path("dasbor/opd/<int:pk>/", views_admin.dashboard_opd, name="dashboard-opd"),
]
