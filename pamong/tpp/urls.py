from django.urls import path

from pamong.tpp import views, views_budget, views_income, views_policy

app_name = "tpp"
urlpatterns = [
    path("", views.index, name="index"),
    path("hitung/", views.run_start, name="run-start"),
    path("hitung/<int:pk>/", views.job, name="job"),
    path("hitung/<int:pk>/ulang/", views.job_retry, name="job-retry"),
    path("pengaturan/", views.settings_save, name="settings"),
    path("kebijakan/", views_policy.policy, name="policy"),
    path("kebijakan/ubah/", views_policy.policy_edit, name="policy-edit"),
    path("kebijakan/<int:pk>/tpp-policy.yaml", views_policy.policy_yaml, name="policy-yaml"),
    path("simulasi/", views_policy.simulate, name="simulate"),
    path("anggaran/", views_budget.budget, name="budget"),
    path("anggaran/pagu/", views_budget.budget_set, name="budget-set"),
    path("penghasilan/", views_income.income, name="income"),
    path("perhitungan/<int:pk>/", views.run_detail, name="run-detail"),
    path(
        "perhitungan/<int:pk>/<str:step>/",
        views.run_step,
        name="run-step",
    ),
    path(
        "perhitungan/<int:pk>/ekspor.<str:fmt>",
        views.run_export,
        name="run-export",
    ),
    path("perhitungan/<int:pk>/transfer-bank.csv", views.run_bank, name="run-bank"),
    path(
        "perhitungan/<int:pk>/opd/<int:opd>/daftar.pdf",
        views.payroll_pdf,
        name="run-payroll-pdf",
    ),
    # A slip by run and employee: stays valid when the draft is recomputed.
    path("slip/perhitungan/<int:pk>/pegawai/<int:employee>/", views.run_slip, name="run-slip"),
    path(
        "slip/perhitungan/<int:pk>/pegawai/<int:employee>/slip.pdf",
        views.run_slip_pdf,
        name="run-slip-pdf",
    ),
    path("slip/<int:pk>/", views.slip, name="slip"),
    path("slip/<int:pk>/slip.pdf", views.slip_pdf, name="slip-pdf"),
]
