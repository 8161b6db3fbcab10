"""Requests per second of the module page and of an autosave, against a minimal Django view
served by the same gunicorn, and SQL queries per page.

The ratio to the minimal view is the figure that travels between machines: it says how much
of a request is the application rather than Python, WSGI, the middleware stack and the network.
Run: `python bench/bench_http.py` (PostgreSQL on 127.0.0.1:5432 as postgres).
"""

import json
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import answer_fields, module_path  # noqa: E402
from bench.population import EDITION, PASSWORD, chiefs, open_edition  # noqa: E402
from bench.server import Gunicorn, fresh_database, use_database  # noqa: E402

DURATION = float(os.environ.get("BENCH_HTTP_SECONDS", "4"))  # per request kind and round
ROUNDS = int(os.environ.get("BENCH_HTTP_ROUNDS", "3"))
CONCURRENCY = int(os.environ.get("BENCH_HTTP_CONCURRENCY", "4"))
WORKERS = int(os.environ.get("BENCH_HTTP_WORKERS", "2"))


def signed_in_session(base_url, email):
    import requests

    session = requests.Session()
    session.get(f"{base_url}/accounts/login/", timeout=30)
    answer = session.post(
        f"{base_url}/accounts/login/",
        data={
            "username": email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=30,
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"sign-in failed: {answer.status_code}")
    return session


def rate(sessions, make_request) -> tuple[int, float, int]:
    """Requests completed in DURATION seconds by one thread per session."""
    counts = [0] * len(sessions)
    errors = [0] * len(sessions)
    stop = time.monotonic() + DURATION

    def work(index):
        session = sessions[index]
        state = {}
        while time.monotonic() < stop:
            status = make_request(session, index, state)
            if status == 200:
                counts[index] += 1
            else:
                errors[index] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(sessions))]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    return sum(counts), elapsed, sum(errors)


def http_rows(base_url, accounts) -> list[dict]:
    """`accounts`: one (chief's e-mail, zone) per client, each zone's general module open. Each
    client answers for its own zone, as chiefs do during fieldwork; one more row has every
    client save the first zone's response (one chief's four tabs), which its row lock makes
    one save at a time."""
    import requests

    anonymous = [requests.Session() for _ in range(CONCURRENCY)]
    sessions = [signed_in_session(base_url, email) for email, _zone in accounts]
    one_chief = [signed_in_session(base_url, accounts[0][0]) for _ in range(CONCURRENCY)]
    zones = [zone for _email, zone in accounts]
    page = sessions[0].get(base_url + module_path(zones[0]), timeout=30)
    page.raise_for_status()
    fields = list(answer_fields(page.text).items())
    if len(fields) < CONCURRENCY:
        raise RuntimeError("the module page shows fewer answer fields than threads")

    def minimal(session, index, state):
        return session.get(base_url + "/bench/minimal/", timeout=30).status_code

    def sign_in_page(session, index, state):
        return session.get(base_url + "/accounts/login/", timeout=30).status_code

    def home(session, index, state):
        return session.get(base_url + "/", timeout=30).status_code

    def module_page(session, index, state):
        return session.get(base_url + module_path(zones[index]), timeout=30).status_code

    def save(session, index, state, zone):
        name, values = fields[index]
        previous = state.get("value", "")
        value = values[(values.index(previous) + 1) % len(values)] if previous else values[0]
        answer = session.post(
            base_url + module_path(zone) + "autosave/",
            data=json.dumps({"values": {name: value}, "base": {name: previous}}),
            headers={
                "Content-Type": "application/json",
                "X-CSRFToken": session.cookies["csrftoken"],
            },
            timeout=30,
        )
        if answer.status_code == 200 and not answer.json().get("conflicts"):
            state["value"] = value
        return answer.status_code

    def autosave(session, index, state):
        return save(session, index, state, zones[index])

    def autosave_one_zone(session, index, state):
        return save(session, index, state, zones[0])

    measured = {}
    requests_by_label = (
        ("anonymous minimal view", anonymous, minimal),
        ("anonymous sign-in page", anonymous, sign_in_page),
        ("minimal view", sessions, minimal),
        ("home", sessions, home),
        ("module page", sessions, module_page),
        ("autosave", sessions, autosave),
        ("autosave, one zone's response from every client", one_chief, autosave_one_zone),
    )
    for _label, clients, request in requests_by_label:
        rate(clients[:1], request)  # warm-up: connections, caches
    # Rounds of every request in turn: a machine that slows down for a while slows one round
    # of each, not all of one; each figure is the median of its rounds.
    for _round in range(ROUNDS):
        for label, clients, request in requests_by_label:
            measured.setdefault(label, []).append(rate(clients, request))
    rates = {
        label: statistics.median(count / elapsed for count, elapsed, _errors in rounds)
        for label, rounds in measured.items()
    }
    rows = []
    for label, rounds in measured.items():
        per_second = rates[label]
        note = f"{per_second:.0f} req/s"
        if label != "minimal view":
            note += f"; {per_second / rates['minimal view']:.2f} x signed-in minimal view"
        errors = sum(r[2] for r in rounds)
        if errors:
            note += f"; {errors} non-200 answers"
        each = ", ".join(f"{count / elapsed:.0f}" for count, elapsed, _errors in rounds)
        rows.append(
            {
                "benchmark": f"http: {label}",
                "size": sum(r[0] for r in rounds),
                "seconds": round(sum(r[1] for r in rounds), 2),
                "peak_mb": None,
                "note": note + f" (median of {ROUNDS} rounds: {each} req/s; {CONCURRENCY} "
                f"clients, {WORKERS} gunicorn workers, {len(fields)} fields)",
            }
        )
    return rows


def query_rows(email, zone, researcher_email) -> list[dict]:
    """SQL queries per page, counted in-process with Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from survey.models import User

    chief = Client()
    chief.force_login(User.objects.get(email=email))
    researcher = Client()
    researcher.force_login(User.objects.get(email=researcher_email))
    page = chief.get(module_path(zone)).content.decode()
    name, values = next(iter(answer_fields(page).items()))
    # Two saves that change the answer, from the value the page shows (the HTTP run left one):
    # the first as the zone's first look, the second counted, as for the pages.
    shown = re.search(rf'name="{name}" value="([^"]*)"[^>]*checked', page)
    base = shown.group(1) if shown else ""
    first, second = [v for v in values if v != base][:2]

    def save(value, base):
        return {
            "data": json.dumps({"values": {name: value}, "base": {name: base}}),
            "content_type": "application/json",
        }

    autosave = module_path(zone) + "autosave/"
    chief.post(autosave, **save(first, base))
    pages = [
        ("sign-in page", Client(), "get", reverse("login"), {}),
        ("home", chief, "get", reverse("home"), {}),
        ("module page", chief, "get", module_path(zone), {}),
        ("autosave", chief, "post", autosave, save(second, first)),
        ("review", chief, "get", module_path(zone) + "review/", {}),
    ]
    pages += [(f"researcher: {path}", researcher, "get", path, {}) for path in researcher_pages()]
    rows = []
    for label, client, method, path, options in pages:
        if method == "get":  # counted on a second look, as every later request finds it
            getattr(client, method)(path, **options)
        with CaptureQueriesContext(connection) as queries:
            answer = getattr(client, method)(path, **options)
        rows.append(
            {
                "benchmark": f"queries: {label}",
                "size": len(queries),
                "seconds": None,
                "peak_mb": None,
                "note": f"SQL queries of the second request (the first fills the process's "
                f"caches); HTTP {answer.status_code}",
            }
        )
    return rows


RESEARCHER_PAGES = [
    ("results:index", []),
    ("results:overview", [EDITION]),
    ("results:availability", [EDITION, "general"]),
    ("results:predictors", [EDITION]),
    ("results:fieldwork_dashboard", [EDITION]),
    ("results:data", []),
]


def researcher_pages() -> list[str]:
    """The researcher pages that exist in this version of the project."""
    from django.urls import NoReverseMatch, reverse

    found = []
    for name, args in RESEARCHER_PAGES:
        try:
            found.append(reverse(name, args=args))
        except NoReverseMatch:
            continue
    return found


def submitted_responses(edition, count):
    """`count` other zones that submitted the general module with every item answered, so
    that per-row query patterns would show in the counts."""
    import random

    from django.utils import timezone

    from survey.models import Answer, Response, Zone

    module = edition.modules.get(kind="general")
    items = list(module.items.values_list("pk", flat=True))
    codes = list(module.scale.points.values_list("code", flat=True))
    generator = random.Random(1)
    for _email, zone in chiefs(count, start=1):
        response = Response.objects.create(
            zone_id=Zone.objects.get(code=zone).pk,
            module=module,
            status=Response.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        Answer.objects.bulk_create(
            Answer(response=response, item_id=item, code=generator.choice(codes)) for item in items
        )


def seed():
    from survey.models import User

    edition = open_edition()
    (email, zone), *_ = chiefs(1)
    submitted_responses(edition, 30)
    others = chiefs(CONCURRENCY - 1, start=1000)  # the other clients' zones
    researcher = User.objects.create_user(
        "researcher@bench.example", PASSWORD, is_researcher=True, is_staff=True
    )
    return edition, [(email, zone), *others], researcher.email


def main() -> list[dict]:
    with fresh_database("pts_bench_http") as url:
        use_database(url)
        _edition, accounts, researcher_email = seed()
        with Gunicorn(url, workers=WORKERS) as server:
            rows = http_rows(server.url, accounts)
        rows += query_rows(*accounts[0], researcher_email)
        from django.db import connections

        connections.close_all()
        return rows


if __name__ == "__main__":
    for row in main():
        print(row)
