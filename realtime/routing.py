"""Websocket routes."""

from django.urls import path

from realtime.consumers import ProposalConsumer

websocket_urlpatterns = [
    path("ws/proposals/<uuid:public_id>/", ProposalConsumer.as_asgi()),
]
