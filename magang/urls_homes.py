"""The student's home page: their internship, so magang owns it; the root
URLconf includes it in the `pkpk` namespace, where every role's home is
named (pkpk:student_home)."""

from django.urls import path

from .views import home

urlpatterns = [
    path("mahasiswa/", home.student_home, name="student_home"),
]
