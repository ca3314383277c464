"""The export worker: `python manage.py runworker accord-export` builds packages and platform
compilations."""

from channels.consumer import SyncConsumer

from submissions import jobs


class ExportWorker(SyncConsumer):
    def package_build(self, message):
        package_id = message.get("package")
        if isinstance(package_id, int):
            jobs.build_in_child_process(package_id)

    def platform_build(self, message):
        build_id = message.get("platform")
        if isinstance(build_id, int):
            jobs.build_in_child_process(build_id, kind="platform")
