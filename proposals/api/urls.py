"""Routes of the proposals API, included under /api/ by accord/urls.py (which serves the API's
root, listing this router's collections too)."""

from django.urls import path
from rest_framework.routers import SimpleRouter
from rest_framework.urlpatterns import format_suffix_patterns

from proposals.api import proposals, reviews, threads, versions

router = SimpleRouter(trailing_slash=True)
router.register("proposals", proposals.ProposalViewSet, basename="api-proposal")

urlpatterns = [
    path(
        "proposals/<uuid:id>/versions/",
        versions.ProposalVersionsView.as_view(),
        name="api-proposal-versions",
    ),
    path(
        "proposals/<uuid:id>/versions/<int:number>/",
        versions.ProposalVersionDetailView.as_view(),
        name="api-proposal-version",
    ),
    path(
        "proposals/<uuid:id>/versions/<int:number>/restore/",
        versions.ProposalVersionRestoreView.as_view(),
        name="api-proposal-version-restore",
    ),
    path(
        "proposals/<uuid:id>/diff/",
        versions.ProposalDiffView.as_view(),
        name="api-proposal-diff",
    ),
    path("proposals/<uuid:id>/threads/", threads.ThreadsView.as_view(), name="api-threads"),
    path("threads/<int:thread_id>/", threads.ThreadView.as_view(), name="api-thread"),
    path(
        "threads/<int:thread_id>/replies/",
        threads.ThreadReplyView.as_view(),
        name="api-thread-reply",
    ),
    path(
        "threads/<int:thread_id>/resolve/",
        threads.ThreadResolveView.as_view(),
        name="api-thread-resolve",
    ),
    path(
        "threads/<int:thread_id>/reopen/",
        threads.ThreadReopenView.as_view(),
        name="api-thread-reopen",
    ),
    path(
        "threads/<int:thread_id>/accept/",
        threads.SuggestionAcceptView.as_view(),
        name="api-suggestion-accept",
    ),
    path(
        "threads/<int:thread_id>/reject/",
        threads.SuggestionRejectView.as_view(),
        name="api-suggestion-reject",
    ),
    path("proposals/<uuid:id>/review/", reviews.ReviewView.as_view(), name="api-review"),
    path(
        "proposals/<uuid:id>/review/close/",
        reviews.ReviewCloseView.as_view(),
        name="api-review-close",
    ),
    path("proposals/<uuid:id>/review/vote/", reviews.VoteView.as_view(), name="api-review-vote"),
    path(
        "proposals/<uuid:id>/endorsements/",
        reviews.EndorsementsView.as_view(),
        name="api-endorsements",
    ),
    # As DefaultRouter does: `/api/proposals.json` and `/api/proposals/<id>.json` too.
    *format_suffix_patterns(router.urls),
]
