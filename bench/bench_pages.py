"""Researcher pages and their charts at the demo's 183 answering zones, once cached, beside the
anonymous sign-in page: the median time of one request in-process (Django's test client,
production settings, PostgreSQL, the database cache).

Each page is requested once to fill the cache (figures and charts are cached per data version
and language, results/statistics/cache.py), then timed REPEATS times. The goal is every page
and chart under 3x the sign-in page.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import fresh_database, use_database  # noqa: E402

REPEATS = int(os.environ.get("BENCH_PAGES_REPEATS", "15"))
GOAL = 3.0
PAGES = [
    ("results:index", []),
    ("results:overview", ["2023"]),
    ("results:availability", ["2023", "general"]),
    ("results:availability", ["2023", "events"]),
    ("results:compare", ["2023", "2020"]),
    ("results:predictors", ["2023"]),
    ("results:objectives", ["2023"]),
    ("results:fieldwork_dashboard", ["2023"]),
    ("results:data", []),
    ("results:fieldwork_chart", ["2023", "general", "svg"]),
    ("results:availability_chart", ["2023", "general", "svg"]),
    ("results:compare_chart", ["2023", "2020", "svg"]),
    ("results:forest_chart", ["2023", "svg"]),
    ("results:heat_map_chart", ["2023", "svg"]),
]


def median_seconds(client, url) -> tuple[float, float]:
    """(first request, median of REPEATS after it)."""
    started = time.perf_counter()
    answer = client.get(url)
    first = time.perf_counter() - started
    if answer.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {answer.status_code}")
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return first, statistics.median(times)


def main() -> list[dict]:
    with fresh_database("pts_bench_pages") as url:
        use_database(url)
        from django.core.management import call_command
        from django.db import connections
        from django.test import Client
        from django.urls import reverse

        from survey.models import Response, User

        call_command("seed_demo", verbosity=0)
        zones = Response.objects.filter(module__edition__code="2023", module__kind="general")
        responding = zones.filter(status=Response.Status.SUBMITTED).count()
        researcher = Client()
        researcher.force_login(User.objects.get(email="researcher@demo.invalid"))
        _first, baseline = median_seconds(Client(), reverse("login"))
        rows = [
            {
                "benchmark": "page: sign-in page (anonymous)",
                "size": responding,
                "seconds": round(baseline, 4),
                "peak_mb": None,
                "note": f"median of {REPEATS}",
            }
        ]
        for name, args in PAGES:
            path = reverse(name, args=args)
            first, seconds = median_seconds(researcher, path)
            ratio = seconds / baseline
            rows.append(
                {
                    "benchmark": f"page: {path}",
                    "size": responding,
                    "seconds": round(seconds, 4),
                    "peak_mb": None,
                    "note": f"{ratio:.1f} x sign-in page once cached "
                    f"({'met' if ratio < GOAL else 'NOT met'}: < {GOAL:g} x); "
                    f"first request {first:.2f} s",
                }
            )
        connections.close_all()
        return rows


if __name__ == "__main__":
    for row in main():
        print(row)
