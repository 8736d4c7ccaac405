from django.urls import path

from . import views

app_name = "leave"
urlpatterns = [
    path("", views.index, name="index"),
    path("ajukan/", views.request_new, name="request-new"),
    path("persetujuan/", views.inbox_view, name="inbox"),
    path("tim/", views.team, name="team"),
    path("saldo/", views.balances, name="balances"),
    path("pengaturan/", views.settings_page, name="settings"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/pertimbangan/", views.request_consider, name="request-consider"),
    path("<int:pk>/keputusan/", views.request_decide, name="request-decide"),
    path("<int:pk>/batal/", views.request_cancel, name="request-cancel"),
    path("<int:pk>/surat.pdf", views.letter, name="request-letter"),
    path("<int:pk>/lampiran/", views.attachment, name="request-attachment"),
]
