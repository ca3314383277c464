"""The export worker: `python manage.py runworker accord-export` builds packages."""

from channels.consumer import SyncConsumer

from submissions import jobs


class ExportWorker(SyncConsumer):
    def package_build(self, message):
        package_id = message.get("package")
        if isinstance(package_id, int):
            jobs.build_in_child_process(package_id)
