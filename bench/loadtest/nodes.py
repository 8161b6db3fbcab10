"""Two stateless web nodes behind a load balancer, all on loopback: each node a gunicorn with
its own workers, HAProxy (Debian's haproxy) in front, one PostgreSQL and one Redis database
(CACHE_URL) shared by both. Used by `make loadtest-nodes`; everything is stopped on exit.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.server import Gunicorn, free_port

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"

CONFIG = """
global
    maxconn 2000
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A request whose connection to a node failed goes to the other node.
    retries 2
    option redispatch
frontend web
    bind 127.0.0.1:{port}
    default_backend nodes
backend nodes
    balance roundrobin
    # A connection check: a busy node still accepts connections (its workers catch up), a
    # node that went away refuses them at once.
    default-server inter 1s fall 2 rise 1
{servers}
"""


class LoadBalancer:
    def __init__(self, nodes: list[Gunicorn]):
        self.nodes = nodes
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.directory = None

    def __enter__(self):
        self.directory = tempfile.TemporaryDirectory(prefix="pts-haproxy-")
        servers = "\n".join(
            f"    server node{index} 127.0.0.1:{node.port} check"
            for index, node in enumerate(self.nodes)
        )
        config = Path(self.directory.name) / "haproxy.cfg"
        config.write_text(CONFIG.format(port=self.port, servers=servers))
        self.process = subprocess.Popen([HAPROXY, "-db", "-f", str(config)])
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/bench/minimal/", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("haproxy did not answer within 20 s")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.directory.cleanup()


def kill_node(node: Gunicorn) -> int:
    """SIGKILL a whole node, master and workers, as a machine that goes away: nothing is
    restarted. Returns the master's pid."""
    workers = node.worker_pids()
    os.kill(node.process.pid, signal.SIGKILL)
    for pid in workers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    node.process.wait()
    return node.process.pid


def flush_redis(url: str) -> None:
    """Empty the one Redis database the nodes will share (never the others)."""
    import redis

    redis.Redis.from_url(url).flushdb()
