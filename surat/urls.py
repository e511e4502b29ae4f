from django.urls import path

from .views import company, confirmations, letters, queue, student, wording

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
    path("permintaan/baru/", student.request_new, name="request_new"),
    path("permintaan/saya/", student.my_requests, name="my_requests"),
    path("permintaan/<int:pk>/", student.request_detail, name="request_detail"),
    path("permintaan/<int:pk>/perbaiki/", student.request_fix, name="request_fix"),
    path("permintaan/<int:pk>/batalkan/", student.request_withdraw, name="request_withdraw"),
    path("pertanyaan/baru/", student.question_new, name="question_new"),
    # Staff queue and batches.
    path("antrean/", queue.queue, name="queue"),
    path("antrean/baris/", queue.queue_rows, name="queue_rows"),
    path("antrean/batch/", queue.batch_new, name="batch_new"),
    path("antrean/<int:pk>/", queue.request_staff, name="request_staff"),
    path("antrean/<int:pk>/ambil/", queue.request_claim, name="request_claim"),
    path("antrean/<int:pk>/kembalikan/", queue.request_return, name="request_return"),
    path("antrean/<int:pk>/terbitkan/", queue.request_issue, name="request_issue"),
    path("antrean/<int:pk>/jawab/", queue.question_answer, name="question_answer"),
    path("batch/<int:pk>/", queue.batch_detail, name="batch_detail"),
    path("batch/<int:pk>/progres/", queue.batch_progress, name="batch_progress"),
    # Delivery to the company and confirmation (staff).
    path("<int:pk>/kirim/", company.send_to_company, name="send_to_company"),
    path("<int:pk>/konfirmasi/", company.confirm, name="confirm"),
    path("konfirmasi/", confirmations.confirmations, name="confirmations"),
    path("<int:pk>/jawaban/", company.record_answers, name="record_answers"),
    # The letters' wording, owned by staff.
    path("templat/", wording.wording_list, name="wording_list"),
    path("templat/<slug:jenis>/", wording.wording_edit, name="wording_edit"),
    path("templat/<slug:jenis>/v<int:versi>/", wording.wording_version, name="wording_version"),
]
