"""Where packages are built: a Channels worker in production, a thread of this process otherwise.

Production runs `python manage.py runworker accord-export` (docker-compose.yml's `worker`
service); a web process sends it `{"type": "package.build", "package": <id>}` (or
`{"type": "platform.build", "platform": <id>}` for a group's platform compilation) over the Redis
channel layer, and the worker builds it in a child process (`manage.py build_package <id>`,
`manage.py build_platform <id>`): the
rendering is CPU-bound and would starve the worker's event loop (its Redis reads time out), and
a child returns WeasyPrint's memory to the system when it ends.

With the in-memory layer (the embedded default) no other process can hear, so the build runs in
a background thread of the web process. `ACCORD_EXPORT_IN_PROCESS` chooses explicitly.

The services queue builds here; the builds themselves are `submissions.services.builds`. This
module names them (a management command for the child process, a dotted path for the thread)
rather than importing them: a web process loads the renderers only when it builds in a thread,
and the queue does not depend on the services that use it.
"""

import logging
import subprocess
import sys
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import close_old_connections, connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def enqueue_build(package_id: int) -> None:
    _enqueue("package", package_id)


def enqueue_platform_build(build_id: int) -> None:
    """A platform compilation (`submissions.services.platform`) goes the same way."""
    _enqueue("platform", build_id)


def _enqueue(kind: str, object_id: int) -> None:
    if settings.ACCORD_EXPORT_IN_PROCESS:
        thread = threading.Thread(
            target=_build_in_thread, args=(kind, object_id), name=f"{kind}-{object_id}", daemon=True
        )
        thread.start()
        return
    try:
        async_to_sync(get_channel_layer().send)(
            settings.ACCORD_EXPORT_CHANNEL, {"type": f"{kind}.build", kind: object_id}
        )
    except Exception:
        # The build stays queued; its page offers "Build again" once it is stale.
        logger.exception("%s %s: could not reach the export worker's channel", kind, object_id)


# What builds a kind of job, by name: the management command the worker's child runs, and the
# function a build thread calls.
COMMANDS = {"package": "build_package", "platform": "build_platform"}
BUILDERS = {
    "package": ("submissions.services.builds.package_build", "package_id"),
    "platform": ("submissions.services.builds.platform_build", "build_id"),
}


def _build(kind: str, object_id: int) -> None:
    path, argument = BUILDERS[kind]
    import_string(path)(**{argument: object_id})


def _build_in_thread(kind: str, object_id: int) -> None:
    close_old_connections()
    try:
        _build(kind, object_id)
    except Exception:
        logger.exception("%s %s: build thread failed", kind, object_id)
    finally:
        connections.close_all()


def build_in_child_process(package_id: int, *, kind: str = "package") -> None:
    """Run `manage.py build_package <id>` (or `build_platform <id>`) and wait; the child
    inherits the environment."""
    command = [
        sys.executable,
        str(settings.BASE_DIR / "manage.py"),
        COMMANDS[kind],
        str(package_id),
    ]
    try:
        result = subprocess.run(  # noqa: S603 — our own manage.py, an integer argument
            command, timeout=settings.ACCORD_EXPORT_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        logger.error(
            "%s %s: build took longer than %s s",
            kind,
            package_id,
            settings.ACCORD_EXPORT_TIMEOUT_SECONDS,
        )
        return
    if result.returncode:
        logger.error("%s %s: build exited with %s", kind, package_id, result.returncode)
