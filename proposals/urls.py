"""Pages of the proposals app, included by accord/urls.py; the API's routes are in
proposals/api/urls.py."""

from django.urls import path

from proposals import views
from proposals.views import review, versions

urlpatterns = [
    path(
        "groups/<int:group_id>/proposals/new/",
        views.proposal_create,
        name="proposal_create",
    ),
    path("proposals/<uuid:public_id>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<uuid:public_id>/edit/", views.proposal_edit, name="proposal_edit"),
    path(
        "proposals/<uuid:public_id>/clients.json",
        views.proposal_clients,
        name="proposal_clients",
    ),
    path(
        "proposals/<uuid:public_id>/preview/",
        views.proposal_preview,
        name="proposal_preview",
    ),
    path(
        "proposals/<uuid:public_id>/settings/",
        views.proposal_settings,
        name="proposal_settings",
    ),
    path(
        "proposals/<uuid:public_id>/archive/",
        views.proposal_archive,
        name="proposal_archive",
    ),
    path("proposals/<uuid:public_id>/history/", versions.history, name="proposal_history"),
    path(
        "proposals/<uuid:public_id>/history/save/",
        versions.version_save,
        name="version_save",
    ),
    path(
        "proposals/<uuid:public_id>/versions/<int:number>/",
        versions.version_detail,
        name="version_detail",
    ),
    path(
        "proposals/<uuid:public_id>/versions/<int:number>.md",
        versions.version_download,
        name="version_download",
    ),
    path(
        "proposals/<uuid:public_id>/versions/<int:number>/restore/",
        versions.version_restore,
        name="version_restore",
    ),
    path("proposals/<uuid:public_id>/compare/", versions.compare, name="proposal_compare"),
    path(
        "proposals/<uuid:public_id>/authorship/",
        versions.authorship_view,
        name="proposal_authorship",
    ),
    path(
        "proposals/<uuid:public_id>/review/open/",
        review.review_open_view,
        name="review_open",
    ),
    path(
        "proposals/<uuid:public_id>/review/vote/",
        review.review_vote_view,
        name="review_vote",
    ),
    path(
        "proposals/<uuid:public_id>/review/close/",
        review.review_close_view,
        name="review_close",
    ),
    path("proposals/<uuid:public_id>/withdraw/", review.withdraw_view, name="proposal_withdraw"),
    path("proposals/<uuid:public_id>/endorse/", review.endorse_view, name="proposal_endorse"),
    path(
        "proposals/<uuid:public_id>/endorsement-deadline/",
        review.endorsement_deadline_view,
        name="endorsement_deadline",
    ),
    path("proposals/<uuid:public_id>/comments/", review.threads_list, name="proposal_threads"),
]
