"""Pages of the submissions app; the API's routes are in submissions/api_urls.py."""

from submissions.views import draft, packages, recipients, tracking

urlpatterns = [
    *recipients.urlpatterns,
    *packages.urlpatterns,
    *tracking.urlpatterns,
    *draft.urlpatterns,
]
