"""The acts pages and the proposal's "Amend an act…" action (the API is in legislation/urls.py)."""

from django.urls import path

from legislation import views

urlpatterns = [
    path("groups/<int:group_id>/acts/", views.acts_list, name="acts_list"),
    path("groups/<int:group_id>/acts/add/", views.act_add, name="act_add"),
    path("acts/<int:act_id>/", views.act_detail, name="act_detail"),
    path(
        "proposals/<uuid:public_id>/acts/amend/",
        views.proposal_act_amend,
        name="proposal_act_amend",
    ),
    path(
        "proposals/<uuid:public_id>/acts/marks/",
        views.proposal_act_marks,
        name="proposal_act_marks",
    ),
]
