"""The site's URLs: accord's own pages, accounts, the API's root, health and the admin; each app's
pages and API routes are included from its own urls.py (realtime's sockets: realtime/routing.py)."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import APIRootView, SimpleRouter
from rest_framework.urlpatterns import format_suffix_patterns

from accord import api as accord_api
from accord import views, views_account

router = SimpleRouter(trailing_slash=True)
router.register("groups", accord_api.GroupViewSet, basename="api-group")
# The API's root lists the collections of every app's router (proposals/api/urls.py too), as
# DefaultRouter's root does for its own.
api_root = APIRootView.as_view(
    api_root_dict={"groups": "api-group-list", "proposals": "api-proposal-list"}
)

api_patterns = [
    path("me/", accord_api.MeView.as_view(), name="api-me"),
    path("me/editor-mode/", accord_api.EditorModeView.as_view(), name="api-editor-mode"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("proposals.api.urls")),
    path("", include("submissions.api_urls")),
    path("notifications/", accord_api.NotificationsView.as_view(), name="api-notifications"),
    *format_suffix_patterns([*router.urls, path("", api_root, name="api-root")]),
]

account_patterns = [
    path("login/", views_account.SignInView.as_view(), name="login"),
    path("settings/", views_account.account_settings, name="account_settings"),
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
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("groups/<int:group_id>/audit/", views.audit_log, name="group_audit"),
    path("notifications/", views.notifications_page, name="notifications"),
    path("", include("proposals.urls")),
    path("", include("submissions.urls")),
    path("", include("legislation.page_urls")),
    path("", include("publication.page_urls")),
    path("public/", include("publication.urls")),
    path("api/amendments/", include("legislation.urls")),
    path("api/", include(api_patterns)),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler404 = "accord.api_errors.page_not_found"
