"""The export worker as production runs it: `manage.py runworker accord-export`."""

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.realtime.live import ROOT, database_url


class ExportWorker:
    def __init__(self, *, redis_url: str, log: Path):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "PYTHONPATH": str(ROOT),
        }
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runworker", "accord-export"],
            cwd=ROOT,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        time.sleep(1.5)  # it listens once Django is loaded
        if self.process.poll() is not None:
            raise RuntimeError(f"the export worker exited: {log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
