"""The audit trail pages (staff): /audit/<app_label>.<model>/<pk>/."""

from django.urls import path

from . import views_audit

app_name = "audit"
urlpatterns = [
    path("<str:label>/<int:pk>/", views_audit.record, name="record"),
]
