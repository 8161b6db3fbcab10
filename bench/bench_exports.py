"""Time and peak memory of every export format (and the import) for a 20,000-zone edition.

Run: `DEBUG=true python bench/bench_exports.py [n_zones]`. Uses `bench.synthetic.populate`
(written with the statistics benchmarks) on a throw-away test database, so the development
database is never touched. Each operation is timed untraced, then run again under tracemalloc
for its peak of Python allocations (tracemalloc slows openpyxl several times).
"""

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

N_ZONES = 20_000
FORMATS = ("csv", "xlsx", "sav", "dta", "long")


def _setup_django():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _measure(benchmark, size, note, work, *, repeatable=True):
    """Time a run without tracing, then (if the work can be repeated) trace a second run for
    the peak: tracemalloc slows allocation-heavy code such as openpyxl several times."""
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    peak = None
    if repeatable:
        tracemalloc.start()
        work()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    row = {
        "benchmark": benchmark,
        "size": size,
        "seconds": round(seconds, 3),
        "peak_mb": round(peak / 2**20, 1) if peak is not None else None,
        "note": note,
    }
    return row, result


def run(n_zones: int = N_ZONES) -> list[dict]:
    from bench.synthetic import populate
    from results.data.exports import ExportOptions
    from results.data.exports.files import export_to_path
    from results.data.imports import parse_responses, responses_import
    from survey.models import Response

    edition = populate(n_zones, seed=1)
    rows = []
    with tempfile.TemporaryDirectory(prefix="pts-bench-") as directory:
        for module in edition.modules.select_related("edition", "scale", "role_scale"):
            responses = Response.objects.of_module(module).submitted().count()
            for fmt in FORMATS:
                path = Path(directory) / f"{module.kind}.{fmt}"
                row, _entry = _measure(
                    f"export_{fmt}",
                    responses,
                    "",
                    lambda module=module, fmt=fmt, path=path: export_to_path(
                        module, ExportOptions(format=fmt), path
                    ),
                )
                row["note"] = f"{module.kind}: {path.stat().st_size / 2**20:.1f} MB file"
                rows.append(row)
            raw = (Path(directory) / f"{module.kind}.csv").read_bytes()
            row, parsed = _measure(
                "import_validate",
                responses,
                f"{module.kind}: parse and validate the exported CSV",
                lambda module=module, raw=raw: parse_responses(
                    raw, "bench.csv", module=module, replace=True
                ),
            )
            rows.append(row)
            if parsed.errors:
                raise RuntimeError(f"exported CSV does not import: {parsed.errors[:3]}")
            row, _parsed = _measure(
                "import_replace",
                responses,
                f"{module.kind}: write every row again (--replace)",
                lambda parsed=parsed: responses_import(parsed=parsed),
            )
            rows.append(row)
    return rows


def main(n_zones: int = N_ZONES) -> list[dict]:
    """Benchmark rows {"benchmark", "size", "seconds", "peak_mb", "note"}."""
    _setup_django()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        return run(n_zones)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else N_ZONES
    for result in main(size):
        print(
            f"{result['benchmark']:<18} {result['size']:>7} {result['seconds']:>9.3f}s "
            f"{result['peak_mb'] or 0:>8.1f} MB  {result['note']}"
        )
