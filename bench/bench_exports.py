"""Time and peak memory of every export format (and the import) for a 20,000-zone edition.

Run: `DEBUG=true python bench/bench_exports.py [n_zones]`. Uses `bench.synthetic.populate`
(written with the statistics benchmarks) on a throw-away test database, so the development
database is never touched. Each operation is timed untraced, then run again under tracemalloc
for its peak of Python allocations (tracemalloc slows openpyxl several times).
"""

import csv
import io
import itertools
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


def copy_floor(parsed) -> None:
    """What the database needs at least to store these answers: one COPY per table into an
    empty copy of it (same columns and indexes), without validation or change records."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    answers = (
        (index, item_id, code, now)
        for index, row in enumerate(parsed.rows)
        for item_id, code in row.answers.items()
    )
    roles = (
        (index, category_id, objective_id, code, now)
        for index, row in enumerate(parsed.rows)
        for (category_id, objective_id), code in row.roles.items()
    )
    role_columns = "response_id, category_id, objective_id, code, updated_at"
    with connection.cursor() as cursor:
        for table, columns, data in (
            ("survey_answer", "response_id, item_id, code, updated_at", answers),
            ("survey_roleanswer", role_columns, roles),
        ):
            cursor.execute(f"CREATE TEMP TABLE floor_copy (LIKE {table} INCLUDING ALL)")
            with cursor.cursor.copy(f"COPY floor_copy ({columns}) FROM STDIN") as copy:
                for values in data:
                    copy.write_row(values)
            cursor.execute("DROP TABLE floor_copy")


def every_cell_changed(raw: bytes, module) -> bytes:
    """The exported wide CSV with every answer cell moved to the next code of its scale."""
    from results.data.imports import ROLE_PREFIX, SUBMITTED_AT, ZONE, scale_codes

    use = sorted(scale_codes(module.scale))
    role = sorted(scale_codes(module.role_scale)) if module.role_scale_id else []
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig")))
    header = next(reader)
    scales = [
        None if column in (ZONE, SUBMITTED_AT) else role if column.startswith(ROLE_PREFIX) else use
        for column in header
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for cells in reader:
        writer.writerow(
            [
                scale[(scale.index(int(value)) + 1) % len(scale)] if scale and value else value
                for scale, value in zip(scales, cells, strict=True)
            ]
        )
    return out.getvalue().encode()


def import_rows(module, raw: bytes, responses: int) -> list[dict]:
    """Validate the exported file, import it again with --replace (as it is, then with every
    cell changed), and the COPY floor."""
    from results.data.imports import parse_responses, responses_import

    rows = []
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
    replace_row, _parsed = _measure(
        "import_replace",
        responses,
        f"{module.kind}: write every row again (--replace)",
        lambda parsed=parsed: responses_import(parsed=parsed),
    )
    # Every cell of the file changed, then back: each of the two runs changes every cell.
    changed = parse_responses(
        every_cell_changed(raw, module), "bench.csv", module=module, replace=True
    )
    if changed.errors:
        raise RuntimeError(f"changed CSV does not import: {changed.errors[:3]}")
    files = itertools.cycle([changed, parsed])
    changed_row, _parsed = _measure(
        "import_replace_changed",
        responses,
        f"{module.kind}: every cell of every row changed (--replace)",
        lambda: responses_import(parsed=next(files)),
    )
    floor_row, _none = _measure(
        "import_copy_floor",
        responses,
        f"{module.kind}: bare COPY of the same answer rows into a copy of their tables",
        lambda parsed=parsed: copy_floor(parsed),
    )
    for row in (replace_row, changed_row):
        ratio = row["seconds"] / floor_row["seconds"]
        met = ratio <= 3 and row["peak_mb"] <= 200
        row["note"] += (
            f"; {ratio:.1f} x COPY floor, {row['peak_mb']:.0f} MB peak "
            f"({'met' if met else 'NOT met'}: <= 3 x and <= 200 MB)"
        )
    rows += [replace_row, changed_row, floor_row]
    return rows


def run(n_zones: int = N_ZONES) -> list[dict]:
    from bench.synthetic import populate
    from results.data.exports import ExportOptions
    from results.data.exports.files import export_to_path
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
            rows += import_rows(module, raw, responses)
    return rows


def in_test_database(run, n_zones: int) -> list[dict]:
    """`run(n_zones)` in a freshly created test database, dropped afterwards."""
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        return run(n_zones)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)


def print_rows(rows: list[dict]) -> None:
    for result in rows:
        print(
            f"{result['benchmark']:<18} {result['size']:>7} {result['seconds']:>9.3f}s "
            f"{result['peak_mb'] or 0:>8.1f} MB  {result['note']}"
        )


def main(n_zones: int = N_ZONES) -> list[dict]:
    """Benchmark rows {"benchmark", "size", "seconds", "peak_mb", "note"}."""
    _setup_django()
    return in_test_database(run, n_zones)


if __name__ == "__main__":
    print_rows(main(int(sys.argv[1]) if len(sys.argv) > 1 else N_ZONES))
