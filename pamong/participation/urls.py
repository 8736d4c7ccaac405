from django.urls import path

from pamong.participation import views_complaints as complaints
from pamong.participation import views_dashboard as dashboard
from pamong.participation import views_forums as forums
from pamong.participation import views_public as public
from pamong.participation import views_skm as skm

app_name = "participation"
urlpatterns = [
    # Staff pages (login); the public ones below start with the tenant slug.
    path("", skm.index, name="index"),
    path("ikm/unduh/", skm.report_download, name="report-download"),
    path("layanan/baru/", skm.service_edit, name="service-new"),
    path("layanan/<int:pk>/ubah/", skm.service_edit, name="service-edit"),
    path("layanan/<int:pk>/poster.pdf", skm.service_poster, name="service-poster"),
    path("dasbor/", dashboard.dashboard, name="dashboard"),
    path("forum/", forums.forum_list, name="forums"),
    path("forum/baru/", forums.forum_new, name="forum-new"),
    path("forum/<int:pk>/", forums.forum_detail, name="forum"),
    path("forum/<int:pk>/notulen/", forums.forum_minutes, name="forum-minutes"),
    path("forum/<int:pk>/batal/", forums.forum_cancel, name="forum-cancel"),
    path("forum/<int:pk>/tindak-lanjut/", forums.forum_item_add, name="forum-item-add"),
    path("forum/rtl/<int:pk>/", forums.item_follow_up, name="forum-item-follow-up"),
    path("pengaduan/", complaints.complaint_list, name="complaints"),
    path("pengaduan/tenggat/", complaints.deadline_policy, name="deadline-policy"),
    path("pengaduan/<int:pk>/", complaints.complaint_detail, name="complaint"),
    path(
        "pengaduan/<int:pk>/lampiran/<int:attachment_pk>/",
        complaints.complaint_attachment,
        name="complaint-attachment",
    ),
    path("pengaduan/<int:pk>/verifikasi/", complaints.complaint_verify, name="complaint-verify"),
    path("pengaduan/<int:pk>/tunda/", complaints.complaint_postpone, name="complaint-postpone"),
    path("pengaduan/<int:pk>/teruskan/", complaints.complaint_dispatch, name="complaint-dispatch"),
    path("pengaduan/<int:pk>/tanggapi/", complaints.complaint_respond, name="complaint-respond"),
    path("pengaduan/<int:pk>/tutup/", complaints.complaint_close, name="complaint-close"),
    path("pengaduan/<int:pk>/kinerja/", complaints.complaint_feedback, name="complaint-feedback"),
    path("pengaduan/<int:pk>/arsipkan/", complaints.complaint_archive, name="complaint-archive"),
    # Public pages (no login).
    path("<slug:tenant_slug>/skm/", skm.skm_service_list, name="skm-services"),
    path("<slug:tenant_slug>/skm/<int:service_id>/", skm.skm_form, name="skm-form"),
    path(
        "<slug:tenant_slug>/skm/<int:service_id>/terima-kasih/",
        skm.skm_thanks,
        name="skm-thanks",
    ),
    path("<slug:tenant_slug>/transparansi/", dashboard.transparency, name="transparency"),
    path("<slug:tenant_slug>/forum/", forums.public_forums, name="public-forums"),
    path("<slug:tenant_slug>/lapor/", public.lapor, name="lapor"),
    path("<slug:tenant_slug>/tiket/", public.ticket_lookup, name="ticket-lookup"),
    path("<slug:tenant_slug>/tiket/<str:code>/", public.ticket, name="ticket"),
    path("<slug:tenant_slug>/tiket/<str:code>/balas/", public.ticket_reply, name="ticket-reply"),
    path("<slug:tenant_slug>/tiket/<str:code>/nilai/", public.ticket_rate, name="ticket-rate"),
    path(
        "<slug:tenant_slug>/tiket/<str:code>/lampiran/<int:pk>/",
        public.ticket_attachment,
        name="ticket-attachment",
    ),
]
