"""Every process (web worker, management command, task worker) starts without the heavy
statistics, chart, spreadsheet and PDF libraries; the code that uses them imports them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ["statsmodels", "matplotlib", "pandas", "scipy", "weasyprint", "pyreadstat", "openpyxl"]

START_UP = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # imports every view module
from django.core.management import get_commands, load_command_class
for name, app in get_commands().items():
    load_command_class(app, name)
print(json.dumps(sorted(m for m in %r if m in sys.modules)))
"""


def test_setup_urls_and_commands_load_no_heavy_library():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", START_UP % HEAVY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
