from django.urls import path

from pamong.accounts import security_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="list"),
    path("peran/", views.role_list, name="roles"),
    path("baru/", views.user_new, name="new"),
    path("massal/", views.bulk_create, name="bulk"),
    path("<int:pk>/", views.user_detail, name="detail"),
    path("<int:pk>/aksi/", views.user_action, name="action"),
    path("pemda/<int:tenant_pk>/admin-pertama/", views.first_admin, name="first-admin"),
    path("keamanan/", security_views.security, name="security"),
    path("keamanan/keluar-semua/", views.sign_out_everywhere, name="sign-out-everywhere"),
    path("keamanan/kode-pemulihan/", security_views.recovery_renew, name="recovery-renew"),
    path("keamanan/matikan-2fa/", security_views.two_factor_off, name="2fa-off"),
    # Open to a user who has signed in with a password but not finished the second step.
    path("masuk/verifikasi/", security_views.verify, name="verify"),
    path("masuk/aktifkan-2fa/", security_views.enrol, name="enrol"),
    path("sandi/ganti/", security_views.PasswordChangeView.as_view(), name="password-change"),
    path("sandi/lupa/", security_views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "sandi/lupa/terkirim/",
        security_views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "sandi/atur/<uidb64>/<token>/",
        security_views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "sandi/atur/selesai/",
        security_views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]
