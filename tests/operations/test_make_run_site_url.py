"""`make run PORT=…` serves on that port, and the worker's e-mailed links follow the address the
pages are asked for (tests/survey/test_email_links.py): make pins no SITE_URL unless told to."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


MAKE = shutil.which("make")


def run_plan(*arguments):
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    plan = subprocess.run(  # noqa: S603 - fixed arguments
        [MAKE, "-n", "-B", "run", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    worker = next(line for line in plan.splitlines() if "db_worker" in line)
    server = next(line for line in plan.splitlines() if "runserver" in line)
    return worker, server


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_the_port_reaches_the_server_and_no_address_is_pinned():
    worker, server = run_plan("PORT=8123")
    assert "runserver 127.0.0.1:8123" in server
    assert "SITE_URL" not in worker and "SITE_URL" not in server
