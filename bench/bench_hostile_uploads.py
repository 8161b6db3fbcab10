"""How fast and in how much memory the worst hostile uploads are refused.

Run: `DEBUG=true python bench/bench_hostile_uploads.py`. Builds the large files of the hostile
corpus (tests/hostile/generate.py: zip bombs, 50 MB and 100,000-column CSVs, ...) and reads each
with the upload limits, as both upload pages and both import commands do before parsing. The
baseline is a normal file of the same kind read in the same run: the 185-zone register as CSV
and as XLSX. Each refusal must take under 2 s and 100 MB (Python allocations at their peak,
tracemalloc; the file itself, already in memory as the upload, not counted).
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path

BOUND_SECONDS = 2.0
BOUND_MB = 100.0
ZONES = 185


def _setup_django():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def _read(name, raw):
    from survey.tabular import TabularError, read_table

    try:
        header, body = read_table(raw, name)
    except TabularError as exc:
        return f"refused: {exc}"
    return f"read {len(body)} rows of {len(header)} columns"


def _measure(name, raw):
    start = time.perf_counter()
    outcome = _read(name, raw)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    _read(name, raw)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, outcome


def _baseline_files():
    from tests.hostile import generate as g

    rows = [f"{9001 + i},Demozone {i},,VL,2,{100 + i},nl,2001-01-01,," for i in range(ZONES)]
    csv_bytes = (g.REGISTER_HEADER + "\n" + "\n".join(rows) + "\n").encode()
    xlsx_rows = [g.header_row(g.REGISTER_HEADER.split(","))]
    for line, row in enumerate(rows, start=2):
        cells = "".join(
            g.text_cell(f"{g.column_name(i)}{line}", value)
            for i, value in enumerate(row.split(","))
            if value
        )
        xlsx_rows.append(f'<row r="{line}">{cells}</row>')
    return [("register.csv", csv_bytes), ("register.xlsx", g.xlsx(xlsx_rows))]


def main() -> list[dict]:
    _setup_django()
    from tests.hostile import generate as g

    _read("warm-up.xlsx", _baseline_files()[1][1])  # imports openpyxl once, outside the timings
    rows, baseline = [], {}
    for name, raw in _baseline_files():
        seconds, peak, outcome = _measure(name, raw)
        baseline[Path(name).suffix] = seconds
        rows.append(
            {
                "benchmark": f"hostile upload baseline: normal {name} ({ZONES} zones)",
                "size": len(raw),
                "seconds": round(seconds, 3),
                "peak_mb": round(peak, 1),
                "note": outcome,
            }
        )
    worst = None
    for build in g.LARGE:
        name, raw = build()
        seconds, peak, outcome = _measure(name, raw)
        ratio = seconds / baseline[Path(name).suffix]
        ok = seconds < BOUND_SECONDS and peak < BOUND_MB and outcome.startswith("refused")
        rows.append(
            {
                "benchmark": f"hostile upload: {name}",
                "size": len(raw),
                "seconds": round(seconds, 3),
                "peak_mb": round(peak, 1),
                "note": f"{outcome[:70]}; {ratio:.1f}x the normal {Path(name).suffix[1:]} file; "
                f"{'within' if ok else 'OVER'} {BOUND_SECONDS:.0f} s and {BOUND_MB:.0f} MB",
            }
        )
        if worst is None or seconds > worst["seconds"]:
            worst = rows[-1]
    rows.append(
        {
            "benchmark": "hostile upload: worst refusal",
            "size": worst["size"],
            "seconds": worst["seconds"],
            "peak_mb": max(
                r["peak_mb"] for r in rows if r["benchmark"].startswith("hostile upload:")
            ),
            "note": f"{worst['benchmark'].split(': ', 1)[1]} (slowest); peak is the largest of all",
        }
    )
    return rows


if __name__ == "__main__":
    for row in main():
        print(row)
