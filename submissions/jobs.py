"""Where packages are built: a Channels worker in production, a thread of this process otherwise.

Production runs `python manage.py runworker accord-export` (docker-compose.yml's `worker`
service); a web process sends it `{"type": "package.build", "package": <id>}` over the Redis
channel layer, and the worker builds it in a child process (`manage.py build_package <id>`): the
rendering is CPU-bound and would starve the worker's event loop (its Redis reads time out), and
a child returns WeasyPrint's memory to the system when it ends.

With the in-memory layer (the embedded default) no other process can hear, so the build runs in
a background thread of the web process. `ACCORD_EXPORT_IN_PROCESS` chooses explicitly.
"""

import logging
import subprocess
import sys
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)


def enqueue_build(package_id: int) -> None:
    if settings.ACCORD_EXPORT_IN_PROCESS:
        thread = threading.Thread(
            target=_build_in_thread, args=(package_id,), name=f"package-{package_id}", daemon=True
        )
        thread.start()
        return
    try:
        async_to_sync(get_channel_layer().send)(
            settings.ACCORD_EXPORT_CHANNEL, {"type": "package.build", "package": package_id}
        )
    except Exception:
        # The package stays queued; its page offers "Build again" once it is stale.
        logger.exception("package %s: could not reach the export worker's channel", package_id)


def _build_in_thread(package_id: int) -> None:
    from submissions.services import package_build

    close_old_connections()
    try:
        package_build(package_id=package_id)
    except Exception:
        logger.exception("package %s: build thread failed", package_id)
    finally:
        connections.close_all()


def build_in_child_process(package_id: int) -> None:
    """Run `manage.py build_package <id>` and wait; the child inherits the environment."""
    command = [
        sys.executable,
        str(settings.BASE_DIR / "manage.py"),
        "build_package",
        str(package_id),
    ]
    try:
        result = subprocess.run(  # noqa: S603 — our own manage.py, an integer argument
            command, timeout=settings.ACCORD_EXPORT_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        logger.error(
            "package %s: build took longer than %s s",
            package_id,
            settings.ACCORD_EXPORT_TIMEOUT_SECONDS,
        )
        return
    if result.returncode:
        logger.error("package %s: build exited with %s", package_id, result.returncode)
