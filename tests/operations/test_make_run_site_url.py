"""`make run PORT=…` serves on that port and the worker's e-mailed links point there too."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


MAKE = shutil.which("make")


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_the_port_reaches_the_server_and_the_worker():
    plan = subprocess.run(  # noqa: S603 - fixed arguments
        [MAKE, "-n", "-B", "run", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    worker = next(line for line in plan.splitlines() if "db_worker" in line)
    server = next(line for line in plan.splitlines() if "runserver" in line)
    assert "SITE_URL=http://127.0.0.1:8123" in worker
    assert "SITE_URL=http://127.0.0.1:8123" in server
    assert "runserver 127.0.0.1:8123" in server
