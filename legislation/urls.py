"""The legislation API, included under /api/amendments/."""

from django.urls import path

from legislation import api

urlpatterns = [
    path("draft/", api.DraftAmendmentsView.as_view(), name="api-amendments-draft"),
]
