from django.urls import path

from . import views

app_name = "kampus"

urlpatterns = [
    path("tidak-dikenal/", views.unknown, name="unknown"),
]
