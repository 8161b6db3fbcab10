"""A throw-away PostgreSQL database and a gunicorn serving the project on loopback.

Used by the HTTP benchmark and the load test. Everything it creates is removed on exit.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}


def pg_args():
    return ["-h", PG["host"], "-p", PG["port"], "-U", PG["user"]]


@contextmanager
def fresh_database(prefix="pts_bench", *, migrate=True):
    """Create an empty PostgreSQL database, migrate it (unless told not to), yield its URL,
    drop it."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    url = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"
    subprocess.run(["createdb", *pg_args(), name], check=True)
    try:
        if migrate:
            env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
            for command in (["migrate", "--noinput", "-v", "0"], ["createcachetable"]):
                subprocess.run(
                    [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True
                )
        yield url
    finally:
        subprocess.run(["dropdb", *pg_args(), "--force", "--if-exists", name], check=False)


def use_database(url):
    """Point this process's Django at the bench database (call before django.setup())."""
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn config.wsgi with the bench settings, bound to 127.0.0.1 only."""

    def __init__(self, database_url, *, workers=2, extra_env=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            **(extra_env or {}),
        }
        self.workers = workers
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/bench/minimal/", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200 and len(self.worker_pids()) == self.workers:
                        return self
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited during start-up")
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def worker_pids(self) -> list[int]:
        """Children of the gunicorn master (by parent pid, never by name)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except FileNotFoundError:
            return []

    def kill_one_worker(self) -> int:
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
