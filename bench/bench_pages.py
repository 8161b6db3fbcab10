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
RESEARCHER = "researcher@demo.invalid"
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
    # Every other page a researcher visits with data. An argument given as a function is looked
    # up after the demo is seeded (a campaign's, a template's, a zone's or a response's key).
    ("results:questions", ["2026", "deployment"]),
    ("results:quality", ["2023", "general"]),
    ("results:fieldwork_dashboard", ["2026"]),
    ("results:campaign_new", ["2026"]),
    ("results:campaign_detail", [lambda: _campaign_pk()]),
    ("results:data_codebook", ["2023"]),
    ("results:reports", []),
    ("results:reports_edition", ["2023"]),
    ("results:report_preview", ["2023", lambda: _responding_zone("2023")]),
    ("results:manage_index", []),
    ("results:edition_manage", ["2023"]),
    ("results:edition_manage", ["2026"]),
    ("results:module_edit", ["2023", "general"]),
    ("results:definition_history", ["2023"]),
    ("results:zone_list", []),
    ("results:response_detail", [lambda: _response_pk("2023")]),
    ("results:email_template_list", []),
    ("results:email_template_edit", [lambda: _email_template_pk()]),
    ("results:researcher_list", [], "admin@demo.invalid"),  # administrators' page
]


def _campaign_pk() -> int:
    """An invitation campaign to the open edition's whole population (its messages are only
    queued: the bench settings use the dummy task backend)."""
    from survey.fieldwork.campaigns import campaign_create
    from survey.models import Campaign, Edition, EmailKind, User

    campaign = Campaign.objects.order_by("pk").first()
    if campaign is None:
        campaign = campaign_create(
            edition=Edition.objects.get(code="2026"),
            kind=EmailKind.INVITATION,
            by=User.objects.get(email=RESEARCHER),
        ).campaign
    return campaign.pk


def _email_template_pk() -> int:
    from survey.models import EmailTemplate

    return EmailTemplate.objects.order_by("pk").values_list("pk", flat=True).first()


def _submitted(edition: str):
    from survey.models import Response

    return Response.objects.filter(
        module__edition__code=edition, module__kind="general", status=Response.Status.SUBMITTED
    ).order_by("zone__code")


def _responding_zone(edition: str) -> str:
    return _submitted(edition).values_list("zone__code", flat=True).first()


def _response_pk(edition: str) -> int:
    return _submitted(edition).values_list("pk", flat=True).first()


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
        clients = {}
        for email in (RESEARCHER, "admin@demo.invalid"):
            clients[email] = Client()
            clients[email].force_login(User.objects.get(email=email))
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
        for name, args, *who in PAGES:
            path = reverse(name, args=[arg() if callable(arg) else arg for arg in args])
            first, seconds = median_seconds(clients[who[0] if who else RESEARCHER], path)
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
