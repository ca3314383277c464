"""ASGI entry point: HTTP through Django, websockets through Channels' router."""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ChannelNameRouter, ProtocolTypeRouter, URLRouter  # noqa: E402

from accord.bodylimit import RequestBodyLimit, install_daphne_body_limit  # noqa: E402
from realtime.origin import SameOriginValidator  # noqa: E402
from realtime.routing import websocket_urlpatterns  # noqa: E402
from submissions.consumers import ExportWorker  # noqa: E402

install_daphne_body_limit()

application = ProtocolTypeRouter(
    {
        "http": RequestBodyLimit(django_asgi_app),
        # Origin: same scheme, host and port as the site (or a CSRF_TRUSTED_ORIGINS entry).
        "websocket": SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
        # `manage.py runworker accord-export` serves this channel (submission packages).
        "channel": ChannelNameRouter({settings.ACCORD_EXPORT_CHANNEL: ExportWorker.as_asgi()}),
    }
)
