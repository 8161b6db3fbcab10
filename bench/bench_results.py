"""Benchmark: results of an edition (results_json with predictors) at 183, 2,000 and 20,000
zones, beside the bare aggregate SQL behind the availability table on the same data; each the
median of three calls.

Run standalone with `python bench/bench_results.py`: it uses DATABASE_URL, or a throwaway SQLite
file it creates and migrates. `bench/run.py` calls `main()`, which returns one dict per row.
"""

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

SIZES = (183, 2_000, 20_000)
ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path(os.environ.get("TMPDIR", "/tmp")) / "pts-bench-results.sqlite3"

AVAILABILITY_SQL = """
SELECT a.item_id, a.code, COUNT(*)
FROM survey_answer a JOIN survey_response r ON r.id = a.response_id
WHERE r.module_id = %s AND r.status = 'submitted'
GROUP BY a.item_id, a.code
"""


def setup_django() -> None:
    """Configure Django when run standalone; a no-op when the caller already did."""
    import django
    from django.conf import settings

    if settings.configured:
        return
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if "DATABASE_URL" not in os.environ:
        SCRATCH.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}"
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the default cache (data version, results)


REPEATS = int(os.environ.get("BENCH_RESULTS_REPEATS", "3"))


def measure(function):
    """(seconds, peak MB of Python allocations, result): the median of REPEATS plain calls (one
    call is at the mercy of a moment's load on a shared machine), then a call under tracemalloc
    for the peak, whose bookkeeping would distort the timing."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    seconds = statistics.median(times)
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak, result


def bare_sql(module_id: int) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(AVAILABILITY_SQL, [module_id])
        return len(cursor.fetchall())


def main(sizes=SIZES) -> list[dict]:
    setup_django()
    from bench.synthetic import populate
    from results.statistics.results_json import results_json

    rows = []
    for size in sizes:
        started = time.perf_counter()
        edition = populate(size)
        built = time.perf_counter() - started
        module = edition.modules.get(kind="general")
        seconds, peak, data = measure(lambda e=edition: results_json(e, with_predictors=True))
        estimable = sum(item["estimable"] for item in data["predictors"]["items"])
        rows.append(
            {
                "benchmark": "results_json general + predictors",
                "size": size,
                "seconds": round(seconds, 3),
                "peak_mb": round(peak, 1),
                "note": f"{data['response_rate']['responded']} responses, "
                f"{len(data['items'])} items, {estimable} models estimable; "
                f"data built in {built:.1f}s",
            }
        )
        seconds, peak, data = measure(lambda e=edition: results_json(e))
        rows.append(
            {
                "benchmark": "results_json general",
                "size": size,
                "seconds": round(seconds, 3),
                "peak_mb": round(peak, 1),
                "note": f"without predictors, {len(data['items'])} items",
            }
        )
        seconds, peak, groups = measure(lambda m=module: bare_sql(m.pk))
        rows.append(
            {
                "benchmark": "bare availability GROUP BY",
                "size": size,
                "seconds": round(seconds, 3),
                "peak_mb": round(peak, 1),
                "note": f"{groups} (item, code) groups",
            }
        )
        events = edition.modules.get(kind="events")
        seconds, peak, data = measure(lambda e=edition: results_json(e, "events"))
        rows.append(
            {
                "benchmark": "results_json events + objectives",
                "size": size,
                "seconds": round(seconds, 3),
                "peak_mb": round(peak, 1),
                "note": f"{len(data['objectives'])} role cells, module {events.pk}",
            }
        )
    return rows


if __name__ == "__main__":
    for row in main():
        print(
            f"{row['benchmark']:<36} {row['size']:>7} {row['seconds']:>9.3f}s "
            f"{row['peak_mb']:>8.1f} MB  {row['note']}"
        )
