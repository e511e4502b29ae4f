"""The student's home page (pkpk:student_home): their data, and what they
may do next, or the block that keeps them waiting."""

from django.shortcuts import render

from pkpk import roles
from pkpk.selectors import student_of

from .. import selectors


@roles.role_required(roles.MAHASISWA)
def student_home(request):
    mahasiswa = student_of(request.user)
    return render(
        request,
        "magang/student_home.html",
        {"mahasiswa": mahasiswa, "waiting": selectors.waiting_block(mahasiswa)},
    )
