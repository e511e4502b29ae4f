from django.urls import path

from . import views

app_name = "surat"

urlpatterns = [
    path("", views.letter_list, name="letter_list"),
    path("terbitkan/", views.issue, name="issue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/unduh/", views.download, name="download"),
    path("<int:pk>/batalkan/", views.void, name="void"),
    path("<int:pk>/ganti/", views.reissue, name="reissue"),
]
