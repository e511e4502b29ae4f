from django.urls import path

from .views import letters

app_name = "surat"

urlpatterns = [
    # Letters (staff), downloads.
    path("", letters.letter_list, name="letter_list"),
    path("terbitkan/", letters.issue, name="issue"),
    path("<int:pk>/", letters.detail, name="detail"),
    path("<int:pk>/unduh/", letters.download, name="download"),
    path("<int:pk>/batalkan/", letters.void, name="void"),
    path("<int:pk>/ganti/", letters.reissue, name="reissue"),
    # Student requests and questions.
    # Staff queue and batches.
    # Delivery to the company and confirmation (staff).
]
