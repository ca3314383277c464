"""Every URL of the site: pages, accounts, API, health."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accord import api as accord_api
from accord import views
from accord.forms import EmailAuthenticationForm
from proposals import api as proposals_api
from proposals import api_review
from proposals import views as proposal_views
from proposals.views import review as review_views
from proposals.views import versions as version_views
from submissions import api as submissions_api

router = DefaultRouter(trailing_slash=True)
router.register("groups", accord_api.GroupViewSet, basename="api-group")
router.register("proposals", proposals_api.ProposalViewSet, basename="api-proposal")

api_patterns = [
    path("me/", accord_api.MeView.as_view(), name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path(
        "proposals/<uuid:id>/versions/",
        proposals_api.ProposalVersionsView.as_view(),
        name="api-proposal-versions",
    ),
    path(
        "proposals/<uuid:id>/versions/<int:number>/",
        proposals_api.ProposalVersionDetailView.as_view(),
        name="api-proposal-version",
    ),
    path(
        "proposals/<uuid:id>/versions/<int:number>/pdf",
        submissions_api.VersionPdfView.as_view(),
        name="api-proposal-version-pdf",
    ),
    path(
        "proposals/<uuid:id>/versions/<int:number>/restore/",
        proposals_api.ProposalVersionRestoreView.as_view(),
        name="api-proposal-version-restore",
    ),
    path("proposals/<uuid:id>/threads/", api_review.ThreadsView.as_view(), name="api-threads"),
    path("threads/<int:thread_id>/", api_review.ThreadView.as_view(), name="api-thread"),
    path(
        "threads/<int:thread_id>/replies/",
        api_review.ThreadReplyView.as_view(),
        name="api-thread-reply",
    ),
    path(
        "threads/<int:thread_id>/resolve/",
        api_review.ThreadResolveView.as_view(),
        name="api-thread-resolve",
    ),
    path(
        "threads/<int:thread_id>/reopen/",
        api_review.ThreadReopenView.as_view(),
        name="api-thread-reopen",
    ),
    path(
        "threads/<int:thread_id>/accept/",
        api_review.SuggestionAcceptView.as_view(),
        name="api-suggestion-accept",
    ),
    path(
        "threads/<int:thread_id>/reject/",
        api_review.SuggestionRejectView.as_view(),
        name="api-suggestion-reject",
    ),
    path("proposals/<uuid:id>/review/", api_review.ReviewView.as_view(), name="api-review"),
    path(
        "proposals/<uuid:id>/review/close/",
        api_review.ReviewCloseView.as_view(),
        name="api-review-close",
    ),
    path("proposals/<uuid:id>/review/vote/", api_review.VoteView.as_view(), name="api-review-vote"),
    path(
        "proposals/<uuid:id>/endorsements/",
        api_review.EndorsementsView.as_view(),
        name="api-endorsements",
    ),
    path("notifications/", accord_api.NotificationsView.as_view(), name="api-notifications"),
    path(
        "proposals/<uuid:id>/diff/",
        proposals_api.ProposalDiffView.as_view(),
        name="api-proposal-diff",
    ),
    *router.urls,
]

account_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("password_reset/", views.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("", include("django.contrib.auth.urls")),
]

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("accounts/", include(account_patterns)),
    path("language/", views.language_switch, name="language_switch"),
    path("groups/<int:group_id>/", views.group_detail, name="group_detail"),
    path("groups/<int:group_id>/members/", views.group_members, name="group_members"),
    path(
        "groups/<int:group_id>/organizations/<int:organization_id>/",
        views.organization_edit,
        name="organization_edit",
    ),
    path(
        "groups/<int:group_id>/members/<int:membership_id>/",
        views.membership_change,
        name="membership_change",
    ),
    path(
        "groups/<int:group_id>/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "groups/<int:group_id>/proposals/new/",
        proposal_views.proposal_create,
        name="proposal_create",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("proposals/<uuid:public_id>/", proposal_views.proposal_detail, name="proposal_detail"),
    path("proposals/<uuid:public_id>/edit/", proposal_views.proposal_edit, name="proposal_edit"),
    path(
        "proposals/<uuid:public_id>/clients.json",
        proposal_views.proposal_clients,
        name="proposal_clients",
    ),
    path(
        "proposals/<uuid:public_id>/preview/",
        proposal_views.proposal_preview,
        name="proposal_preview",
    ),
    path(
        "proposals/<uuid:public_id>/settings/",
        proposal_views.proposal_settings,
        name="proposal_settings",
    ),
    path(
        "proposals/<uuid:public_id>/archive/",
        proposal_views.proposal_archive,
        name="proposal_archive",
    ),
    path("proposals/<uuid:public_id>/history/", version_views.history, name="proposal_history"),
    path(
        "proposals/<uuid:public_id>/history/save/",
        version_views.version_save,
        name="version_save",
    ),
    path(
        "proposals/<uuid:public_id>/versions/<int:number>/",
        version_views.version_detail,
        name="version_detail",
    ),
    path(
        "proposals/<uuid:public_id>/versions/<int:number>.md",
        version_views.version_download,
        name="version_download",
    ),
    path(
        "proposals/<uuid:public_id>/versions/<int:number>/restore/",
        version_views.version_restore,
        name="version_restore",
    ),
    path("proposals/<uuid:public_id>/compare/", version_views.compare, name="proposal_compare"),
    path(
        "proposals/<uuid:public_id>/authorship/",
        version_views.authorship_view,
        name="proposal_authorship",
    ),
    path(
        "proposals/<uuid:public_id>/review/open/",
        review_views.review_open_view,
        name="review_open",
    ),
    path(
        "proposals/<uuid:public_id>/review/vote/",
        review_views.review_vote_view,
        name="review_vote",
    ),
    path(
        "proposals/<uuid:public_id>/review/close/",
        review_views.review_close_view,
        name="review_close",
    ),
    path(
        "proposals/<uuid:public_id>/withdraw/", review_views.withdraw_view, name="proposal_withdraw"
    ),
    path("proposals/<uuid:public_id>/endorse/", review_views.endorse_view, name="proposal_endorse"),
    path(
        "proposals/<uuid:public_id>/endorsement-deadline/",
        review_views.endorsement_deadline_view,
        name="endorsement_deadline",
    ),
    path(
        "proposals/<uuid:public_id>/comments/", review_views.threads_list, name="proposal_threads"
    ),
    path("groups/<int:group_id>/audit/", views.audit_log, name="group_audit"),
    path("notifications/", views.notifications_page, name="notifications"),
    path("", include("submissions.urls")),
    path("api/amendments/", include("legislation.urls")),
    path("api/", include(api_patterns)),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler404 = "accord.api_errors.page_not_found"
