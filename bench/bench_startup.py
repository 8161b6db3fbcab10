"""Start-up of a management command beside a bare `django.setup()`: time and peak memory of
`manage.py results --help` against a process that only sets Django up (same settings).

Each is run several times in a fresh interpreter; the fastest run counts (start-up is noise on
a shared machine, never faster than the code allows). No database is touched.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_STARTUP_RUNS", "7"))
BARE = ["-c", "import django; django.setup()"]
COMMAND = ["manage.py", "results", "--help"]


def _one(arguments) -> tuple[float, float]:
    """Seconds and peak resident MB of one fresh process."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *arguments], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"{arguments} exited with status {status}")
    return seconds, usage.ru_maxrss / 1024


def fastest(arguments) -> tuple[float, float]:
    runs = [_one(arguments) for _ in range(RUNS)]
    return min(seconds for seconds, _mb in runs), max(mb for _seconds, mb in runs)


def main() -> list[dict]:
    bare, bare_mb = fastest(BARE)
    command, command_mb = fastest(COMMAND)
    return [
        {
            "benchmark": "start-up: bare django.setup()",
            "size": None,
            "seconds": round(bare, 3),
            "peak_mb": round(bare_mb, 1),
            "note": f"fastest of {RUNS} processes",
        },
        {
            "benchmark": "start-up: manage.py results --help",
            "size": None,
            "seconds": round(command, 3),
            "peak_mb": round(command_mb, 1),
            "note": f"fastest of {RUNS} processes; {command / bare:.2f} x bare django.setup()",
        },
    ]


if __name__ == "__main__":
    for row in main():
        print(row)
