"""`make run` starts the background worker once, and its log says so once.

With DEBUG (as `make run` sets it) the worker reloads on code changes like runserver: one
process watches the files and starts the worker. Django's own console handler and the root
handler of our LOGGING both printed each of Django's messages, so the log showed the reloader
starting twice for each process.
"""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WATCHING = "Watching for file changes"


def worker_log_until_it_starts(tmp_path, deadline=120):
    """The worker's output up to its "Starting worker" line (it is stopped right after)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",  # as `make run`: the database queue
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # the reloader's child is stopped with it
    )
    lines, started = [], threading.Event()

    def read():
        for line in process.stdout:
            lines.append(line.rstrip())
            if "Starting worker" in line:
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        started.wait(deadline)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        reader.join(5)
        process.stdout.close()
    return lines


def test_the_worker_reports_its_start_once(tmp_path):
    lines = worker_log_until_it_starts(tmp_path)
    assert any("Starting worker" in line for line in lines), "\n".join(lines)
    assert sum(WATCHING in line for line in lines) == 1, "\n".join(lines)
    assert sum("Starting worker" in line for line in lines) == 1, "\n".join(lines)
