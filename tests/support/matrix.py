"""The authorization matrix: one row per URL name, one column per reader
(tests/support/cast.py's ROLES), for GET and, where the view changes
something, an empty POST; and how each URL is built for the security
tests' world. tests/security/test_authorization_matrix.py tries every cell
and fails for a URL without a row; the classes are explained there."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from notifikasi.models import Notifikasi
from surat.company import links as company_links
from surat.letters import codes

# Rows that repeat. Columns: anon mhs_a mhs_b koor_x koor_y staf luar.
PUBLIC = "ok     ok     ok     ok     ok     ok     ok"
SIGNED_IN = "login  ok     ok     ok     ok     ok     ok"
STAFF = "login  403    403    403    403    ok     403"
STAFF_POST_ONLY = "login  403    403    403    403    405    403"
STUDENT = "login  ok     ok     403    403    403    403"
COORDINATOR = "login  403    403    ok     ok     403    403"
RECAP_READER = "login  403    403    ok     ok     ok     403"
ADMIN = "login  login  login  login  login  ok     login"
# Prodi X's department's things (jurusan TI): coordinator X and staff; Y gets 404.
TI_READERS = "login  403    403    ok     404    ok     403"
# Student A's things: A, coordinator X and staff; B and coordinator Y get 404.
A_AND_READERS = "login  ok     404    ok     404    ok     403"
A_ONLY = "login  ok     404    403    403    403    403"
# surat/views/student.py: "Anyone signed in who is not the student concerned
# gets a 404" (login_required + student_of), so staff and coordinators too.
A_AT_THE_DOOR = "login  ok     404    404    404    404    404"
STUDENTS_AT_THE_DOOR = "login  ok     ok     404    404    404    404"

API_SESSION = "401    " * 7
API_POST_ONLY = "405    " * 7

# name: (GET, POST or None). POST is tried where the view writes something.
MATRIX = {
    # pkpk/urls.py: the shared layer and Django's auth views
    "home": ("login  ok     ok     ok     ok     ok     403", None),
    "healthz": (PUBLIC, None),
    "set_language": (PUBLIC, PUBLIC),
    "help": (PUBLIC, None),
    "help_role": (PUBLIC, None),
    "login": (PUBLIC, PUBLIC),
    # Django 5 signs out by POST only, then shows the sign-in page.
    "logout": ("405    405    405    405    405    405    405", "login  " * 7),
    # kampus/views.py: the refusal a campus account nobody here matches lands on.
    "kampus:unknown": ("403    " * 7, "405    " * 7),
    "password_reset": (PUBLIC, PUBLIC),
    "password_reset_done": (PUBLIC, None),
    "password_reset_confirm": (PUBLIC, PUBLIC),
    "password_reset_complete": (PUBLIC, None),
    "password_change": (SIGNED_IN, SIGNED_IN),
    "password_change_done": (SIGNED_IN, None),
    "pkpk:student_home": (STUDENT, None),
    "pkpk:staff_home": (STAFF, None),
    "pkpk:coordinator_home": (COORDINATOR, None),
    "pkpk:import_upload": (STAFF, STAFF),
    "pkpk:import_template": (STAFF, None),
    "pkpk:import_detail": (STAFF, None),
    "pkpk:import_confirm": (STAFF_POST_ONLY, STAFF),
    "pkpk:calendar": (STAFF, None),
    # magang/urls.py
    "magang:vacancy_list": (STUDENT, None),
    "magang:vacancy_detail": (A_ONLY, None),  # a prodi X vacancy: 404 for B
    "magang:apply_vacancy": (A_ONLY, A_ONLY),
    "magang:apply_mandiri": (STUDENT, STUDENT),
    "magang:my_applications": (STUDENT, None),
    "magang:detail": (A_AND_READERS, None),
    "magang:upload_reply": (A_ONLY, A_ONLY),
    "magang:application_file": (A_AND_READERS, None),
    "magang:reply_file": (A_AND_READERS, None),
    "magang:staff_vacancy_list": (STAFF, None),
    "magang:staff_vacancy_create": (STAFF, STAFF),
    "magang:staff_vacancy_edit": (STAFF, STAFF),
    "magang:staff_application_list": (STAFF, None),
    "magang:staff_replies": (STAFF, None),
    "magang:staff_verify_reply": (STAFF_POST_ONLY, STAFF),
    "magang:staff_record_answer": (STAFF_POST_ONLY, STAFF),
    "magang:staff_cancel": (STAFF_POST_ONLY, STAFF),
    "magang:staff_approve": (STAFF_POST_ONLY, STAFF),
    "magang:reply_template_pdf": (STAFF, None),
    "magang:student_timeline": ("login  403    403    ok     404    ok     403", None),
    # surat/urls.py: letters (staff), the download (people on the letter)
    "surat:letter_list": (STAFF, None),
    "surat:issue": (STAFF, STAFF),
    "surat:detail": (STAFF, None),
    # surat/views/letters.py: "404, not 403, for anyone not on the letter".
    "surat:download": ("login  ok     404    ok     404    ok     404", None),
    "surat:void": (STAFF_POST_ONLY, STAFF),
    "surat:reissue": (STAFF_POST_ONLY, STAFF),
    # surat/urls.py: the student's service door
    "surat:request_new": (A_AT_THE_DOOR, A_AT_THE_DOOR),
    "surat:my_requests": (STUDENTS_AT_THE_DOOR, None),
    # Staff are sent on to the queue's page of the request.
    "surat:request_detail": ("login  ok     404    404    404    ok     404", None),
    "surat:request_fix": (A_AT_THE_DOOR, A_AT_THE_DOOR),
    "surat:request_withdraw": ("login  405    405    405    405    405    405", A_AT_THE_DOOR),
    "surat:question_new": (STUDENTS_AT_THE_DOOR, STUDENTS_AT_THE_DOOR),
    # surat/urls.py: the staff queue, batches, delivery and confirmation
    "surat:queue": (STAFF, None),
    "surat:queue_rows": (STAFF, None),
    "surat:batch_new": (STAFF_POST_ONLY, STAFF),
    "surat:request_staff": (STAFF, None),
    "surat:request_claim": (STAFF_POST_ONLY, STAFF),
    "surat:request_return": (STAFF_POST_ONLY, STAFF),
    "surat:request_issue": (STAFF_POST_ONLY, STAFF),
    "surat:question_answer": (STAFF_POST_ONLY, STAFF),
    "surat:batch_detail": (STAFF, None),
    "surat:batch_progress": (STAFF, None),
    "surat:send_to_company": (STAFF_POST_ONLY, STAFF),
    "surat:confirm": (STAFF_POST_ONLY, STAFF),
    "surat:confirmations": (STAFF, None),
    "surat:record_answers": (STAFF_POST_ONLY, STAFF),
    "surat:wording_list": (STAFF, None),
    "surat:wording_edit": (STAFF, STAFF),
    "surat:wording_version": (STAFF, None),
    # rekap/urls_recaps.py: staff and coordinators (their own prodi)
    "rekap:recaps": (RECAP_READER, None),
    "rekap:recap_pendaftaran": (RECAP_READER, None),
    "rekap:recap_penerimaan": (RECAP_READER, None),
    "rekap:recap_belum_magang": (RECAP_READER, None),
    "rekap:recap_download": (RECAP_READER, None),
    "rekap:recap_issued": (RECAP_READER, None),
    # Coordinator X's issued recap: theirs and staff's only.
    "rekap:recap_issued_download": ("login  403    403    ok     404    ok     403", None),
    # rekap/urls_partners.py: staff write; coordinators read their
    # departments' partnerships (the world's is TI's: coordinator X's)
    "rekap:kerjasama_list": (RECAP_READER, None),
    "rekap:kerjasama_excel": (RECAP_READER, None),
    "rekap:kerjasama_create": (STAFF, STAFF),
    "rekap:kerjasama_detail": (TI_READERS, None),
    "rekap:kerjasama_edit": (STAFF, STAFF),
    "rekap:kerjasama_continue": (STAFF, STAFF),
    "rekap:kerjasama_upload": (STAFF_POST_ONLY, STAFF),
    "rekap:kerjasama_file": (TI_READERS, None),
    "rekap:perusahaan_list": (STAFF, None),
    "rekap:perusahaan_detail": (STAFF, None),
    "rekap:perusahaan_propose": (STAFF_POST_ONLY, STAFF),
    "rekap:umpan_balik": (STAFF, None),
    # rekap/urls_kpi.py: staff all departments, a coordinator their own
    "rekap:kpi_dashboard": (RECAP_READER, None),
    "rekap:kpi_clocks": (RECAP_READER, None),
    "rekap:kpi_partnerships": (RECAP_READER, None),
    "rekap:kpi_feedback": (RECAP_READER, None),
    "rekap:kpi_excel": (RECAP_READER, None),
    "rekap:kpi_pdf": (RECAP_READER, None),
    # rekap/urls_agenda.py: the outgoing-letter register, staff only
    "rekap:agenda_surat": (STAFF, None),
    "rekap:agenda_surat_excel": (STAFF, None),
    "rekap:agenda_surat_pdf": (STAFF, None),
    # pkpk/urls_audit.py: the audit trail of a record, staff only
    "audit:record": (STAFF, None),
    # notifikasi/urls.py: everyone signed in, their own notifications only
    "notifications:list": (SIGNED_IN, None),
    # Opening marks read: POST only; student A's, a 404 for anyone else.
    "notifications:open": ("login  405    405    405    405    405    405", A_AT_THE_DOOR),
    "notifications:read_all": ("login  405    405    405    405    405    405", SIGNED_IN),
    "notifications:settings": (SIGNED_IN, SIGNED_IN),
    "notifications:undelivered": (STAFF, None),
    # Public: verification, and the company's signed link (no account).
    "verify": (PUBLIC, None),
    "verify_form": (PUBLIC, None),
    "verify_short": (PUBLIC, None),
    "company_answer": (PUBLIC, PUBLIC),
    "company_short": (PUBLIC, None),
    "company_feedback": (PUBLIC, PUBLIC),
    # siakad/api.py: the SIAKAD API answers bearer tokens only, never a
    # session (401 for every reader here; API_MATRIX below tries the tokens).
    # Its docs are for staff. A batch endpoint refuses GET before anything.
    "siakad:api-root": ("404    " * 7, None),
    "siakad:openapi-json": (STAFF, None),
    "siakad:openapi-view": (STAFF, None),
    "siakad:jurusan": (API_POST_ONLY, API_SESSION),
    "siakad:prodi": (API_POST_ONLY, API_SESSION),
    "siakad:mahasiswa": (API_POST_ONLY, API_SESSION),
    "siakad:applications": (API_SESSION, None),
    "siakad:placements": (API_SESSION, None),
    "siakad:letters": (API_SESSION, None),
    "siakad:changes": (API_SESSION, None),
    "siakad:recap_pendaftaran": (API_SESSION, None),
    "siakad:recap_penerimaan": (API_SESSION, None),
    "siakad:recap_belum_magang": (API_SESSION, None),
    "siakad:recap_tingkat_penempatan": (API_SESSION, None),
    # The whole admin namespace stands for one entry: its index and one list.
    "admin:index": (ADMIN, None),
    "admin:magang_pendaftaran_changelist": (ADMIN, None),
}

# The SIAKAD API by token. Columns: no token, a wrong one, a revoked one,
# a read token, a write token. name: (method, classes); every API URL but
# the docs has a row (test_every_api_url_has_a_token_row).
API_TOKENS = ("none", "wrong", "revoked", "read", "write")
API_READ = "401    401    401    ok     ok"
API_WRITE = "401    401    401    403    ok"
API_MATRIX = {
    "siakad:jurusan": ("POST", API_WRITE),
    "siakad:prodi": ("POST", API_WRITE),
    "siakad:mahasiswa": ("POST", API_WRITE),
    "siakad:applications": ("GET", API_READ),
    "siakad:placements": ("GET", API_READ),
    "siakad:letters": ("GET", API_READ),
    "siakad:changes": ("GET", API_READ),
    "siakad:recap_pendaftaran": ("GET", API_READ),
    "siakad:recap_penerimaan": ("GET", API_READ),
    "siakad:recap_belum_magang": ("GET", API_READ),
    "siakad:recap_tingkat_penempatan": ("GET", API_READ),
}
API_DOCS = {"siakad:api-root", "siakad:openapi-json", "siakad:openapi-view"}

# How each URL is built from the world (tests/security/conftest.py): path
# kwargs, and a query string for the views that read their object from it.
KWARGS = {
    "help_role": lambda w: {"peran": "mahasiswa"},
    "password_reset_confirm": lambda w: {
        "uidb64": urlsafe_base64_encode(force_bytes(w.student_a.user.pk)),
        "token": default_token_generator.make_token(w.student_a.user),
    },
    "pkpk:import_detail": lambda w: {"pk": w.impor.pk},
    "pkpk:import_confirm": lambda w: {"pk": w.impor.pk},
    "magang:vacancy_detail": lambda w: {"pk": w.lowongan.pk},
    "magang:apply_vacancy": lambda w: {"pk": w.lowongan.pk},
    "magang:detail": lambda w: {"pk": w.pendaftaran_a.pk},
    "magang:upload_reply": lambda w: {"pk": w.pendaftaran_a.pk},
    "magang:application_file": lambda w: {"pk": w.pendaftaran_a.pk, "kind": "cv"},
    "magang:reply_file": lambda w: {"pk": w.balasan_a.pk},
    "magang:staff_vacancy_edit": lambda w: {"pk": w.lowongan.pk},
    "magang:staff_verify_reply": lambda w: {"pk": w.balasan_a.pk},
    "magang:staff_record_answer": lambda w: {"pk": w.pendaftaran_a.pk},
    "magang:staff_cancel": lambda w: {"pk": w.pendaftaran_a.pk},
    "magang:staff_approve": lambda w: {"pk": w.pendaftaran_a.pk},
    "magang:reply_template_pdf": lambda w: {"pk": w.pendaftaran_a.pk},
    "magang:student_timeline": lambda w: {"pk": w.student_a.pk},
    "surat:detail": lambda w: {"pk": w.letter_a.pk},
    "surat:download": lambda w: {"pk": w.letter_a.pk},
    "surat:void": lambda w: {"pk": w.letter_a.pk},
    "surat:reissue": lambda w: {"pk": w.letter_a.pk},
    "surat:request_detail": lambda w: {"pk": w.permintaan_a.pk},
    "surat:request_fix": lambda w: {"pk": w.permintaan_a.pk},
    "surat:request_withdraw": lambda w: {"pk": w.permintaan_a.pk},
    "surat:request_staff": lambda w: {"pk": w.permintaan_a.pk},
    "surat:request_claim": lambda w: {"pk": w.permintaan_a.pk},
    "surat:request_return": lambda w: {"pk": w.permintaan_a.pk},
    "surat:request_issue": lambda w: {"pk": w.permintaan_a.pk},
    "surat:question_answer": lambda w: {"pk": w.permintaan_a.pk},
    "surat:batch_detail": lambda w: {"pk": w.batch.pk},
    "surat:batch_progress": lambda w: {"pk": w.batch.pk},
    "surat:send_to_company": lambda w: {"pk": w.letter_a.pk},
    "surat:confirm": lambda w: {"pk": w.letter_b.pk},
    "surat:record_answers": lambda w: {"pk": w.letter_a.pk},
    "surat:wording_edit": lambda w: {"jenis": "surat_permohonan"},
    "surat:wording_version": lambda w: {"jenis": "surat_permohonan", "versi": 1},
    "rekap:recap_download": lambda w: {"jenis": "pendaftaran"},
    "rekap:recap_issued_download": lambda w: {"pk": w.arsip.pk},
    "rekap:kerjasama_detail": lambda w: {"pk": w.kerjasama.pk},
    "rekap:kerjasama_edit": lambda w: {"pk": w.kerjasama.pk},
    "rekap:kerjasama_continue": lambda w: {"pk": w.kerjasama.pk},
    "rekap:kerjasama_upload": lambda w: {"pk": w.kerjasama.pk},
    "rekap:kerjasama_file": lambda w: {"pk": w.lampiran.pk},
    "rekap:perusahaan_detail": lambda w: {"pk": w.perusahaan.pk},
    "rekap:perusahaan_propose": lambda w: {"pk": w.perusahaan.pk},
    "rekap:kpi_clocks": lambda w: {"slug": "a"},
    "audit:record": lambda w: {"label": "magang.pendaftaran", "pk": w.pendaftaran_a.pk},
    "notifications:open": lambda w: {
        "pk": Notifikasi.objects.filter(penerima=w.student_a.user).earliest("pk").pk
    },
    "verify": lambda w: {"token": w.letter_a.token},
    "verify_short": lambda w: {"token": codes.grouped(w.letter_a.kode)},
    "company_short": lambda w: {"kode": w.letter_a.tautan.get().kode},
    "company_answer": lambda w: {"token": company_links.make_token(w.letter_a)},
    "company_feedback": lambda w: {"token": company_links.make_token(w.letter_b)},
}
QUERY = {
    "surat:issue": lambda w: f"?pendaftaran={w.pendaftaran_a.pk}",
    "surat:request_new": lambda w: f"?pendaftaran={w.pendaftaran_a.pk}",
}

# (name, method, role) whose answer is wrong today: the test keeps the right
# expectation and is marked xfail(strict=True) until the view is fixed.
KNOWN_BUGS = {}

ADMIN_NAMESPACE = "admin"


def url_of(name, world):
    kwargs = KWARGS.get(name, lambda w: {})(world)
    query = QUERY.get(name, lambda w: "")(world)
    return reverse(name, kwargs=kwargs) + query
