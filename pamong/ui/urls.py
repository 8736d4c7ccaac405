from django.contrib.auth import views as auth_views
from django.urls import path

from pamong.ui.views import audit, employee, home, org, tenants

app_name = "ui"
urlpatterns = [
    path("masuk/", home.PamongLoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("", home.home, name="home"),
    path("unit/", org.unit_list, name="units"),
    path("unit/<int:pk>/", org.unit_detail, name="unit-detail"),
    path("pegawai/", org.employee_list, name="employees"),
    path("pegawai/saya/", employee.my_profile, name="me"),
    path("pegawai/<int:pk>/", employee.employee_detail, name="employee-detail"),
    path("pegawai/<int:pk>/ubah/", employee.employee_edit, name="employee-edit"),
    path("audit/", audit.audit_list, name="audit"),
    path("audit/ekspor.csv", audit.audit_export, {"fmt": "csv"}, name="audit-export-csv"),
    path("audit/ekspor.xlsx", audit.audit_export, {"fmt": "xlsx"}, name="audit-export-xlsx"),
    path("pemda/", tenants.tenant_list, name="tenants"),
    path("pemda/baru/", tenants.tenant_new, name="tenant-new"),
    path("pemda/<int:pk>/ubah/", tenants.tenant_edit, name="tenant-edit"),
]
