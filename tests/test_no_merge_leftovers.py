"""No merge conflict markers in the shipped files: a CSS or template file is not checked by any
linter, and one leftover marker silently drops the rules after it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)
SHIPPED = ("config", "survey", "results", "templates", "static", "docs", "bench")
SUFFIXES = {".py", ".html", ".css", ".js", ".md", ".txt", ".toml", ".json", ".yaml", ".yml"}


def shipped_files():
    yield from (ROOT / name for name in ("Makefile", "pyproject.toml", "README.md", ".ci/run"))
    for folder in SHIPPED:
        yield from (path for path in (ROOT / folder).rglob("*") if path.suffix in SUFFIXES)


def test_no_file_holds_a_merge_conflict_marker():
    leftovers = [
        str(path.relative_to(ROOT))
        for path in shipped_files()
        if path.is_file()
        and "vendor" not in path.parts
        and MARKER.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert leftovers == []
