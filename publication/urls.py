"""The public pages (included at /public/ by the project's URLconf) and /robots.txt."""

from django.urls import path

from publication import feeds, views

urlpatterns = [
    path("", views.index, name="public_index"),
    path("groups/<slug:slug>/", views.group_page, name="public_group"),
    path("groups/<slug:slug>/platform.pdf", views.group_platform, name="public_group_platform"),
    path("groups/<slug:slug>/feed/", feeds.GroupFeed(), name="public_group_feed"),
    path("proposals/<uuid:public_id>/", views.proposal_page, name="public_proposal"),
    path("proposals/<uuid:public_id>/pdf", views.proposal_pdf, name="public_proposal_pdf"),
    path("proposals/<uuid:public_id>/feed/", feeds.ProposalFeed(), name="public_proposal_feed"),
    path(
        "proposals/<uuid:public_id>/answers/<int:file_id>/",
        views.answer_document,
        name="public_answer_document",
    ),
    path("bodies/", views.bodies_page, name="public_bodies"),
    path("verify/", views.verify, name="public_verify"),
    path("verify/<str:sha256>/", views.verify_hash, name="public_verify_hash"),
]
