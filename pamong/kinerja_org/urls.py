from django.urls import path

from pamong.kinerja_org import views

app_name = "kinerja_org"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("sasaran/", views.sasaran_create, name="sasaran-create"),
    path("sasaran/<int:pk>/", views.sasaran_detail, name="sasaran"),
    path("sasaran/<int:pk>/indikator/", views.indikator_create, name="indikator-create"),
    path("indikator/<int:pk>/", views.indikator_save, name="indikator-save"),
    path("unit/<int:unit_pk>/", views.unit_pk, name="unit-pk"),
    path("pk/<int:pk>/", views.pk_detail, name="pk"),
    path("pk/<int:pk>/butir/", views.pk_item_add, name="pk-item-add"),
    path("pk/<int:pk>/tanda-tangan/", views.pk_sign, name="pk-sign"),
    path("pk/<int:pk>/perubahan/", views.pk_reopen, name="pk-reopen"),
    path("butir/<int:pk>/", views.pk_item_save, name="pk-item-save"),
    path("butir/<int:pk>/hapus/", views.pk_item_remove, name="pk-item-remove"),
]
