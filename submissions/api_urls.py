"""Routes of the submissions API (views in submissions/api.py), included under /api/ by
accord/urls.py."""

from django.urls import path

from submissions import api

urlpatterns = [
    path(
        "proposals/<uuid:id>/versions/<int:number>/pdf",
        api.VersionPdfView.as_view(),
        name="api-proposal-version-pdf",
    ),
]
