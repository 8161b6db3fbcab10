"""The read API at 20,000 zones: time, peak memory and queries of the CSV and SPSS files and of
a JSON page, read through the API as a script would (streamed, consumed chunk by chunk).

Run: `DEBUG=true python bench/bench_api.py [n_zones]` (a throw-away test database, like
bench_exports.py).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_exports import (  # noqa: E402
    N_ZONES,
    _measure,
    _setup_django,
    in_test_database,
    print_rows,
)

PATHS = (
    ("api_csv", "responses.csv"),
    ("api_sav", "responses.sav"),
    ("api_json_page", "responses?page=1&page_size=5000"),
)


def run(n_zones: int = N_ZONES) -> list[dict]:
    from django.db import connection
    from django.test import Client

    from bench.synthetic import populate
    from results.api.tokens import api_token_create
    from survey.models import Response, User

    edition = populate(n_zones, seed=1)
    user = User.objects.create_user("bench-api@example.invalid", "bench", is_researcher=True)
    _row, token = api_token_create(user=user, name="bench", scopes=["responses"], days=1)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="localhost")
    rows = []
    for module in edition.modules.all():
        zones = Response.objects.of_module(module).submitted().count()
        base = f"/api/editions/{edition.code}/modules/{module.kind}/"
        for name, path in PATHS:

            def fetch(path=base + path):
                answer = client.get(path)
                assert answer.status_code == 200, (path, answer.status_code)
                chunks = answer.streaming_content if answer.streaming else [answer.content]
                return sum(len(chunk) for chunk in chunks)

            queries = []  # counted by a wrapper: each request resets connection.queries

            def count(execute, sql, *args, queries=queries):
                queries.append(sql)
                return execute(sql, *args)

            with connection.execute_wrapper(count):
                size = fetch()
            row, _size = _measure(name, zones, "", fetch)
            row["note"] = f"{module.kind}: {size / 2**20:.1f} MB, {len(queries)} queries"
            rows.append(row)
    return rows


def main(n_zones: int = N_ZONES) -> list[dict]:
    _setup_django()
    from django.conf import settings

    settings.API_RATE_LIMIT = "100000/m"
    return in_test_database(run, n_zones)


if __name__ == "__main__":
    print_rows(main(int(sys.argv[1]) if len(sys.argv) > 1 else N_ZONES))
