from django.urls import path

from . import calendar_views, correction_views, device_views, duty_views, views

app_name = "attendance"
urlpatterns = [
    path("", views.index, name="index"),
    path("pegawai/<int:pk>/", views.employee_month, name="employee-month"),
    path("rekap/", views.recap, name="recap"),
    path("koreksi/", correction_views.correction_list, name="corrections"),
    path("koreksi/baru/", correction_views.correction_new, name="correction-new"),
    path(
        "koreksi/setujui-banyak/",
        correction_views.correction_approve_bulk,
        name="correction-approve-bulk",
    ),
    path("koreksi/<int:pk>/", correction_views.correction_detail, name="correction"),
    path(
        "koreksi/<int:pk>/putuskan/", correction_views.correction_decide, name="correction-decide"
    ),
    path("koreksi/<int:pk>/batal/", correction_views.correction_cancel, name="correction-cancel"),
    path("kalender/", calendar_views.calendar_page, name="calendar"),
    path("kalender/calendar.yaml", calendar_views.calendar_yaml, name="calendar-yaml"),
    path("dinas/", duty_views.duty_list, name="duties"),
    path("dinas/<int:pk>/hapus/", duty_views.duty_delete, name="duty-delete"),
    path("perangkat/", device_views.device_list, name="devices"),
    path("perangkat/<int:pk>/token-baru/", device_views.device_rotate_view, name="device-rotate"),
    path(
        "perangkat/<int:pk>/nonaktifkan/",
        device_views.device_deactivate_view,
        name="device-deactivate",
    ),
    path(
        "koreksi/<int:pk>/bukti/", correction_views.correction_evidence, name="correction-evidence"
    ),
]
