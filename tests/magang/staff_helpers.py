"""Helpers for the staff-side view tests: who is signed in, the flashed
messages, and applications in each state, made through the services."""

import datetime as dt

from django.contrib.messages import get_messages
from django.utils import timezone

from magang import answers, expiry
from magang.models import Jalur, Pendaftaran
from tests.factories import PerusahaanFactory

from .conftest import pdf, submit

ROLES = ["student_a", "coordinator_x", "outsider"]


def user_of(request, name):
    """The User of a cast member given by fixture name (students and
    coordinators are rows that point to their user)."""
    obj = request.getfixturevalue(name)
    return getattr(obj, "user", obj)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def waiting_for_approval(mahasiswa, staff):
    """An application in `menunggu`: the student was accepted before."""
    first = submit(mahasiswa)
    answers.record_answer(pendaftaran=first, hasil="diterima", by=staff)
    return submit(mahasiswa)


def expired(mahasiswa):
    """An application past its 10 working days, moved to `kedaluwarsa`."""
    pendaftaran = submit(mahasiswa)
    expiry.expire_overdue(now=pendaftaran.batas_jawaban)
    pendaftaran.refresh_from_db()
    return pendaftaran


def uploaded_reply(pendaftaran, hasil="diterima"):
    """The student uploads the company's reply; it waits for staff."""
    return answers.upload_reply(
        pendaftaran=pendaftaran,
        by=pendaftaran.mahasiswa.user,
        hasil=hasil,
        berkas=pdf("balasan.pdf"),
        nomor_surat="012/HRD/2026",
        catatan="Divisi IT",
    )


def make_application(mahasiswa, *, status=Pendaftaran.Status.DITOLAK, submitted=None, **extra):
    """A row straight into the table, for list tests that need many of them
    (the services are tested elsewhere)."""
    submitted = submitted or timezone.now()
    fields = {
        "mahasiswa": mahasiswa,
        "perusahaan": extra.pop("perusahaan", None) or PerusahaanFactory(),
        "jalur": Jalur.MANDIRI,
        "posisi": "Staf magang",
        "mulai": dt.date(2027, 2, 1),
        "selesai": dt.date(2027, 5, 31),
        "kontak_nama": "Ibu HRD",
        "status": status,
        "dibuat": submitted,
        "diajukan_pada": submitted,
        "batas_jawaban": submitted + dt.timedelta(days=14),
    }
    fields.update(extra)
    return Pendaftaran.objects.create(**fields)
