from django.urls import path

from . import rule_views, views

app_name = "leave"
urlpatterns = [
    path("", views.index, name="index"),
    path("ajukan/", views.request_new, name="request-new"),
    path("persetujuan/", views.inbox_view, name="inbox"),
    path("persetujuan/banyak/", views.decide_bulk, name="decide-bulk"),
    path("tim/", views.team, name="team"),
    path("saldo/", views.balances, name="balances"),
    path("pengaturan/", views.settings_page, name="settings"),
    path("aturan/", rule_views.rules, name="rules"),
    path("aturan/baru/", rule_views.rule_edit, name="rule-new"),
    path("aturan/<int:pk>/", rule_views.rule_edit, name="rule-edit"),
    path("aturan/<int:pk>/hapus/", rule_views.rule_delete, name="rule-delete"),
    path("ketentuan/", rule_views.rules_info, name="rules-info"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/pertimbangan/", views.request_consider, name="request-consider"),
    path("<int:pk>/keputusan/", views.request_decide, name="request-decide"),
    path("<int:pk>/batal/", views.request_cancel, name="request-cancel"),
    path("<int:pk>/surat.pdf", views.letter, name="request-letter"),
    path("<int:pk>/lampiran/", views.attachment, name="request-attachment"),
    path(
        "<int:pk>/lampiran-tpk/",
        views.attachment,
        {"which": "tpk"},
        name="request-tpk-attachment",
    ),
]
