"""Researcher pages and their charts at the demo's 183 answering zones, once cached, beside the
anonymous sign-in page: the median time of one request in-process (Django's test client,
production settings, PostgreSQL, the database cache).

Each page is requested once to fill the cache (figures, charts and the tables of the statistics
pages are cached per data version and language, results/statistics/cache.py), then timed REPEATS
times, each time after one request of the sign-in page: a page's ratio is to the sign-in page
timed beside it, so that a load moving during the run (a shared machine) does not skew it. The
goal is every page and chart under 3x the sign-in page.
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


def timed(client, url) -> float:
    started = time.perf_counter()
    answer = client.get(url)
    elapsed = time.perf_counter() - started
    if answer.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {answer.status_code}")
    return elapsed


def measure(client, url, anonymous, sign_in) -> tuple[float, float, float]:
    """(first request, median of REPEATS after it, median of the sign-in page timed between
    them). Timing the sign-in page beside each page keeps the ratio fair on a shared machine
    whose load moves during the run."""
    first = timed(client, url)
    pages, baselines = [], []
    for _ in range(REPEATS):
        baselines.append(timed(anonymous, sign_in))
        pages.append(timed(client, url))
    return first, statistics.median(pages), statistics.median(baselines)


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
        anonymous, sign_in = Client(), reverse("login")
        timed(anonymous, sign_in)  # warm-up
        rows, baselines = [], []
        for name, args, *who in PAGES:
            path = reverse(name, args=[arg() if callable(arg) else arg for arg in args])
            client = clients[who[0] if who else RESEARCHER]
            first, seconds, baseline = measure(client, path, anonymous, sign_in)
            baselines.append(baseline)
            ratio = seconds / baseline
            rows.append(
                {
                    "benchmark": f"page: {path}",
                    "size": responding,
                    "seconds": round(seconds, 4),
                    "peak_mb": None,
                    "note": f"{ratio:.2f} x sign-in page once cached "
                    f"({'met' if ratio < GOAL else 'NOT met'}: < {GOAL:g} x, the sign-in page "
                    f"{baseline * 1000:.1f} ms beside it); first request {first:.2f} s",
                }
            )
        rows.insert(
            0,
            {
                "benchmark": "page: sign-in page (anonymous)",
                "size": responding,
                "seconds": round(statistics.median(baselines), 4),
                "peak_mb": None,
                "note": f"median over the run of each page's median of {REPEATS}, "
                "timed between that page's requests",
            },
        )
        connections.close_all()
        return rows


if __name__ == "__main__":
    for row in main():
        print(row)
