"""Websocket routes."""

from django.urls import path

from realtime.consumers import ProposalConsumer, ProposalEventsConsumer

websocket_urlpatterns = [
    path("ws/proposals/<uuid:public_id>/", ProposalConsumer.as_asgi()),
    path("ws/proposals/<uuid:public_id>/events/", ProposalEventsConsumer.as_asgi()),
]
