from django.urls import path

from .views import files, staff, student

app_name = "magang"
urlpatterns = [
    # Students
    path("lowongan/", student.vacancy_list, name="vacancy_list"),
    path("lowongan/<int:pk>/", student.vacancy_detail, name="vacancy_detail"),
    path("lowongan/<int:pk>/daftar/", student.apply_vacancy, name="apply_vacancy"),
    path("daftar-mandiri/", student.apply_mandiri, name="apply_mandiri"),
    path("saya/", student.my_applications, name="my_applications"),
    path("<int:pk>/", student.detail, name="detail"),
    path("<int:pk>/balasan/", student.upload_reply, name="upload_reply"),
    # Files, behind the same scope as the application they belong to
    path("<int:pk>/berkas/<str:kind>/", files.application_file, name="application_file"),
    path("balasan/<int:pk>/berkas/", files.reply_file, name="reply_file"),
    # Staff
    path("staf/lowongan/", staff.vacancy_list, name="staff_vacancy_list"),
    path("staf/lowongan/baru/", staff.vacancy_create, name="staff_vacancy_create"),
    path("staf/lowongan/<int:pk>/ubah/", staff.vacancy_edit, name="staff_vacancy_edit"),
    path("staf/pendaftaran/", staff.application_list, name="staff_application_list"),
    path("staf/balasan/", staff.replies_waiting, name="staff_replies"),
    path("staf/balasan/<int:pk>/verifikasi/", staff.verify_reply, name="staff_verify_reply"),
    path("<int:pk>/jawaban/", staff.record_answer, name="staff_record_answer"),
    path("<int:pk>/batal/", staff.cancel, name="staff_cancel"),
    path("<int:pk>/setujui/", staff.approve, name="staff_approve"),
    path("<int:pk>/templat-balasan.pdf", staff.reply_template_pdf, name="reply_template_pdf"),
    path("mahasiswa/<int:pk>/linimasa/", staff.student_timeline, name="student_timeline"),
]
