"""Run every benchmark on this machine and write docs/benchmarks.md.

Each `bench/bench_*.py` module exposes `main() -> list[dict]` with rows
{"benchmark", "size", "seconds", "peak_mb", "note"}; a `main(n_zones)` is called once per size
in SIZES, `main(sizes)` once with all of them. Each runs in its own process (clean memory
figures, no shared state) with its own empty PostgreSQL database on loopback, unless
DATABASE_URL names one. BENCH_ONLY=bench_http,bench_results runs only those.
"""

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import goals  # noqa: E402

SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "183,2000,20000").split(",")]
# (main(n_zones) gets one size per process; main(sizes) gets the list.)


def run_module(name: str, size: int | None, out: Path) -> None:
    """Child process: import bench.<name>, call main, write its rows as JSON."""
    sys.path.insert(0, str(ROOT))
    module = __import__(f"bench.{name}", fromlist=["main"])
    rows = module.main(size) if size is not None else module.main()
    if not isinstance(rows, list):
        raise TypeError(f"bench.{name}.main() must return a list of rows")
    out.write_text(json.dumps(rows, default=str))


def parameters(name: str) -> list[str]:
    """Parameter names of bench.<name>.main (asked in a child process, since importing a
    benchmark may set up Django)."""
    code = f"import inspect, bench.{name} as m; print(*inspect.signature(m.main).parameters)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def calls(name: str) -> list:
    """main(n_zones) runs once per size, main(sizes) once with all sizes, main() once."""
    accepted = parameters(name)
    if accepted[:1] == ["sizes"]:
        return [SIZES]
    if accepted:
        return SIZES
    return [None]


def collect(on_rows=None) -> list[dict]:
    """All rows; `on_rows(rows)` after each benchmark, so a long run leaves partial results."""
    from bench.server import fresh_database

    env = {**os.environ}
    env.setdefault("DEBUG", "true")
    only = [name for name in os.environ.get("BENCH_ONLY", "").split(",") if name]
    rows = []
    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        if only and path.stem not in only:
            continue
        name = path.stem
        for size in calls(name):
            with (
                tempfile.NamedTemporaryFile(suffix=".json") as out,
                fresh_database("pts_bench", migrate=False) as database_url,
            ):
                # Each benchmark gets an empty PostgreSQL database of its own (unless
                # DATABASE_URL is given): no leftovers from an earlier benchmark or size.
                env["DATABASE_URL"] = os.environ.get("DATABASE_URL", database_url)
                label = name + (f" ({size} zones)" if isinstance(size, int) else "")
                label += f" (sizes {size})" if isinstance(size, list) else ""
                print(f"running {label} ...", flush=True)
                code = (
                    "import sys; from pathlib import Path; sys.path.insert(0, 'bench'); "
                    f"import run; run.run_module({name!r}, {size!r}, Path({out.name!r}))"
                )
                result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env)
                if result.returncode != 0:
                    rows.append(
                        {
                            "benchmark": label,
                            "size": size,
                            "seconds": None,
                            "peak_mb": None,
                            "note": f"FAILED (exit {result.returncode})",
                        }
                    )
                    continue
                rows.extend(json.loads(Path(out.name).read_text()))
                if on_rows:
                    on_rows(rows)
    return rows


def machine() -> str:
    try:
        postgres = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except OSError:
        postgres = "unknown"
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
        f"PostgreSQL {postgres}, {platform.system()} {platform.release()}"
    )


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value).replace("|", "\\|")


def table(rows) -> str:
    lines = [
        "| benchmark | size | seconds | peak MB | note |",
        "|---|---:|---:|---:|---|",
    ]
    lines += [
        "| "
        + " | ".join(
            cell(row.get(key)) for key in ("benchmark", "size", "seconds", "peak_mb", "note")
        )
        + " |"
        for row in rows
    ]
    return "\n".join(lines)


def write(rows, *, load_before, finished) -> str:
    load_after = os.getloadavg()[1]
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    state = "in one run finished" if finished else "in a run STILL IN PROGRESS at"
    text = (
        "# Benchmarks\n\n"
        f"Measured by `make bench` {state} {when}, on {machine()}. "
        f"Five-minute load average {load_before:.1f} at the start, {load_after:.1f} at the end "
        "(a load above the number of CPUs means other work shared the machine and the "
        "absolute figures are pessimistic).\n"
        f"Sizes (zones) of this run: {', '.join(f'{size:,}' for size in SIZES)} "
        "(`BENCH_SIZES`).\n"
        "Rerun `make bench` to refresh; figures from different machines are not comparable, "
        "ratios to the minimal view are more so.\n\n"
        "* `http:` rows: requests per second through gunicorn on loopback (PostgreSQL), "
        "compared with a minimal Django view served by the same gunicorn. Size = requests "
        "completed.\n"
        "* `queries:` rows: SQL queries for one request (size column).\n"
        "* other rows: time and peak memory at the number of zones given as size.\n\n"
        "## Goals of issue 17, from the rows below\n\n"
        + goals.markdown(rows)
        + "\n\n## Rows\n\n"
        + table(rows)
        + "\n"
    )
    (ROOT / "docs" / "benchmarks.md").write_text(text)
    return text


def main() -> None:
    load_before = os.getloadavg()[1]
    rows = collect(lambda rows: write(rows, load_before=load_before, finished=False))
    print(write(rows, load_before=load_before, finished=True))


if __name__ == "__main__":
    main()
