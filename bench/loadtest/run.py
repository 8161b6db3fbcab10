"""Load test: 200 simulated zone chiefs against gunicorn + PostgreSQL on loopback.

Two bounded runs on one throw-away database, each with its own 200 zones and chiefs:
  1. steady: every chief signs in, saves answers for their own zone (autosave) and submits;
  2. worker killed: the same, and one gunicorn worker is SIGKILLed a third of the way in.
After each run the database is checked against the ledger of acknowledged saves and
submissions. Passing means: no 5xx, no connection error a chief did not recover from (and none
at all in the steady run), every acknowledged answer stored (or overwritten only by that
chief's next save, still on its way when the run ended), no duplicate submission.
Run: `make loadtest` (LOADTEST_USERS, LOADTEST_SECONDS, LOADTEST_WORKERS to change the size).

`make loadtest-nodes` (LOADTEST_MODE=nodes) runs the same two runs against two gunicorn nodes
(LOADTEST_NODE_WORKERS workers each) behind HAProxy, sharing PostgreSQL and one Redis database
(LOADTEST_REDIS_URL, emptied first); in the second run a whole node is SIGKILLed and not
restarted. Before the runs it checks that a rate limit counted on one node holds on the other.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["BENCH_FAST_PASSWORDS"] = "1"

from bench.population import chiefs, open_edition  # noqa: E402
from bench.server import VENV_BIN, Gunicorn, fresh_database, use_database  # noqa: E402

USERS = int(os.environ.get("LOADTEST_USERS", "200"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "120"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "3"))
MODE = os.environ.get("LOADTEST_MODE", "single")
NODE_WORKERS = int(os.environ.get("LOADTEST_NODE_WORKERS", "2"))
REDIS_URL = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/12")
WRONG_TOKENS = 6  # the invitation rate limit given to the nodes, per hour


def kill_when_saving(kill, zones, killed):
    """SIGKILL a worker once answers are being saved (a tenth of the chiefs have saved one),
    or two thirds into the run at the latest: mid-way through the work, not during sign-in."""
    from django.db import connection

    from survey.models import Answer

    deadline = time.monotonic() + SECONDS * 2 / 3
    saved = 0
    try:
        while time.monotonic() < deadline:
            saved = Answer.objects.filter(response__zone__code__in=zones).count()
            if saved >= max(10, USERS // 10):
                break
            time.sleep(1)
        killed["pid"] = kill()
        killed["answers_before"] = saved
    finally:
        connection.close()


def run_locust(url, chief_list, *, kill=None, workers_after=None) -> dict:
    with tempfile.TemporaryDirectory(prefix="pts-loadtest-") as directory:
        chiefs_file = Path(directory) / "chiefs.json"
        ledger_file = Path(directory) / "ledger.json"
        chiefs_file.write_text(json.dumps(chief_list))
        killed = {}
        if kill:
            zones = [zone for _email, zone in chief_list]
            threading.Thread(target=kill_when_saving, args=(kill, zones, killed)).start()
        started = time.time()
        subprocess.run(
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "loadtest" / "locustfile.py"),
                "--headless",
                "--users",
                str(USERS),
                "--spawn-rate",
                str(max(1, USERS // 10)),
                "--run-time",
                f"{SECONDS}s",
                "--stop-timeout",
                "15",
                "--host",
                url,
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "LOADTEST_CHIEFS": str(chiefs_file),
                "LOADTEST_LEDGER": str(ledger_file),
            },
            check=False,
            timeout=SECONDS + 120,
        )
        ledger = json.loads(ledger_file.read_text())
        ledger["elapsed"] = time.time() - started
        ledger["killed"] = killed
        ledger["workers_after"] = workers_after() if workers_after else None
        return ledger


def check(ledger, zones: list[str], *, kill_worker: bool, workers: int = WORKERS) -> list[str]:
    """Compare the database with what the server acknowledged; return the problems."""
    from survey.models import Answer, AnswerChange, Response, ResponseEvent

    problems = list(ledger["failures"])
    if ledger["recovered"] and not kill_worker:
        problems.append(f"{ledger['recovered']} connection errors in the steady run")
    if kill_worker and not ledger["killed"]:
        problems.append("no worker was killed")
    if kill_worker and ledger["workers_after"] != workers:
        problems.append(f"gunicorn runs {ledger['workers_after']} workers after the kill")

    last = {}
    for zone, name, value, _at in ledger["saves"]:
        last[(zone, name)] = value
    stored = {
        (zone, f"item-{item}"): str(code)
        for zone, item, code in Answer.objects.filter(response__zone__code__in=zones).values_list(
            "response__zone__code", "item_id", "code"
        )
    }
    for key, value in last.items():
        in_flight = ledger["in_flight"].get(key[0])
        if in_flight == [key[1], stored.get(key)]:
            continue  # the run ended while a later save of this answer was on its way
        if stored.get(key) != value:
            zone, name = key
            acknowledged = [v for z, n, v, _at in ledger["saves"] if (z, n) == key]
            history = list(
                AnswerChange.objects.filter(
                    response__zone__code=zone, item_id=int(name.split("-")[1])
                )
                .order_by("pk")
                .values_list("old_code", "new_code")
            )
            problems.append(
                f"zone {zone} {name}: acknowledged {acknowledged}, stored {stored.get(key)}; "
                f"changes recorded {history}"
            )

    submitted_zones = {zone for zone, _at in ledger["submits"]}
    responses = Response.objects.filter(zone__code__in=zones)
    for response in responses.filter(zone__code__in=submitted_zones).select_related("zone"):
        if response.status != Response.Status.SUBMITTED:
            problems.append(f"zone {response.zone.code}: submission acknowledged, not stored")
    if len(submitted_zones) != responses.filter(status=Response.Status.SUBMITTED).count():
        problems.append("submitted responses differ from acknowledged submissions")
    events = Counter(
        ResponseEvent.objects.filter(
            response__zone__code__in=zones, kind=ResponseEvent.Kind.SUBMITTED
        ).values_list("response_id", flat=True)
    )
    duplicates = {pk: n for pk, n in events.items() if n > 1}
    if duplicates:
        problems.append(f"duplicate submissions: {duplicates}")
    return problems


def report(title, ledger, problems, servers=f"{WORKERS} gunicorn workers") -> str:
    rps = ledger["requests"] / ledger["elapsed"] if ledger["elapsed"] else 0
    lines = [
        f"== {title}",
        f"   {USERS} chiefs, {SECONDS} s, {servers}: {ledger['requests']} "
        f"requests ({rps:.0f}/s), {len(ledger['saves'])} saves acknowledged, "
        f"{len(ledger['submits'])} submissions acknowledged ({ledger['double_submits']} sent "
        f"twice at once); {ledger['signed_in']} chiefs "
        "reached their module page",
    ]
    if killed := ledger["killed"]:
        lines.append(
            f"   {'node' if MODE == 'nodes' else 'worker'} {killed['pid']} killed after "
            f"{killed['answers_before']} answers were stored; {ledger['recovered']} requests hit a "
            f"broken connection and succeeded on retry; {ledger['workers_after']} workers after"
        )
    lines.append("   PASS" if not problems else "   FAIL\n   - " + "\n   - ".join(problems[:30]))
    return "\n".join(lines)


def shared_rate_limit(nodes) -> list[str]:
    """Wrong invitation tokens sent to the nodes in turn: the limit counts them together."""
    import urllib.error
    import urllib.request

    statuses = []
    for attempt in range(WRONG_TOKENS + 1):
        node = nodes[attempt % len(nodes)]
        try:
            url = f"{node.url}/invitation/wrong-{attempt}/"
            with urllib.request.urlopen(url, timeout=120) as answer:  # noqa: S310
                statuses.append(answer.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    print(
        f"== rate limit across nodes: {WRONG_TOKENS}/h wrong invitation tokens, sent to the "
        f"{len(nodes)} nodes in turn: HTTP {statuses}",
        flush=True,
    )
    if 429 in statuses[:-1] or statuses[-1] != 429:
        return [f"the rate limit is not shared by the nodes: {statuses}"]
    print("   PASS", flush=True)
    return []


def main_nodes() -> int:
    from bench.loadtest.nodes import LoadBalancer, flush_redis, kill_node

    outcome = 0
    flush_redis(REDIS_URL)
    env = {
        "BENCH_FAST_PASSWORDS": "1",
        "CACHE_URL": REDIS_URL,
        "INVITATION_RATE_LIMIT": f"{WRONG_TOKENS}/h",
    }
    servers = f"2 gunicorn nodes x {NODE_WORKERS} workers behind HAProxy, Redis cache"
    with fresh_database("pts_loadtest") as url:
        use_database(url)
        open_edition()
        with (
            Gunicorn(url, workers=NODE_WORKERS, extra_env=env) as first,
            Gunicorn(url, workers=NODE_WORKERS, extra_env=env) as second,
            LoadBalancer([first, second]) as balancer,
        ):
            outcome |= bool(shared_rate_limit([first, second]))
            chief_list = chiefs(USERS)
            ledger = run_locust(balancer.url, chief_list)
            problems = check(ledger, [zone for _email, zone in chief_list], kill_worker=False)
            print(report("steady run, two nodes", ledger, problems, servers), flush=True)
            outcome |= bool(problems)

            chief_list = chiefs(USERS, start=USERS)
            ledger = run_locust(
                balancer.url,
                chief_list,
                kill=lambda: kill_node(second),
                workers_after=lambda: len(first.worker_pids()),
            )
            zones = [zone for _email, zone in chief_list]
            problems = check(ledger, zones, kill_worker=True, workers=NODE_WORKERS)
            print(report("run with a node killed", ledger, problems, servers), flush=True)
            outcome |= bool(problems)
        from django.db import connections

        connections.close_all()
    flush_redis(REDIS_URL)
    return outcome


def main() -> int:
    if MODE == "nodes":
        return main_nodes()
    outcome = 0
    with fresh_database("pts_loadtest") as url:
        use_database(url)
        open_edition()
        with Gunicorn(url, workers=WORKERS, extra_env={"BENCH_FAST_PASSWORDS": "1"}) as server:
            for index, (title, kill) in enumerate(
                [("steady run", False), ("run with a gunicorn worker killed", True)]
            ):
                chief_list = chiefs(USERS, start=index * USERS)
                ledger = run_locust(
                    server.url,
                    chief_list,
                    kill=server.kill_one_worker if kill else None,
                    workers_after=lambda server=server: len(server.worker_pids()),
                )
                zones = [zone for _email, zone in chief_list]
                problems = check(ledger, zones, kill_worker=kill)
                print(report(title, ledger, problems), flush=True)
                outcome |= bool(problems)
        from django.db import connections

        connections.close_all()
    return outcome


if __name__ == "__main__":
    sys.exit(main())
