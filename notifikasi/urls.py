"""The notification centre: /notifikasi/ (every signed-in person, their own),
and for staff the e-mails the worker could not send."""

from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/buka/", views.notification_open, name="open"),
    path("baca-semua/", views.notification_read_all, name="read_all"),
    path("pengaturan/", views.notification_settings, name="settings"),
    path("surel-gagal/", views.undelivered_emails, name="undelivered"),
]
