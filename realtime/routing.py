"""Websocket routes. Live editing arrives with issue #3."""

websocket_urlpatterns: list = []
