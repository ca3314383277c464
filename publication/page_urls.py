"""publication's pages outside /public/: the coordinators' page and /robots.txt."""

from django.urls import path

from publication import manage_views, views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    *manage_views.urlpatterns,
]
