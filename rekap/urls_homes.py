"""The staff and coordinator home pages. They read every app, so rekap owns
them; the root URLconf includes them in the `pkpk` namespace, where every
role's home is named (pkpk:staff_home, pkpk:coordinator_home)."""

from django.urls import path

from .views import home

urlpatterns = [
    path("staf/", home.staff_home, name="staff_home"),
    path("koordinator/", home.coordinator_home, name="coordinator_home"),
]
