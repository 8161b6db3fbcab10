"""Simulated zone chiefs: sign in, save answers for their own zone through the autosave
endpoint, submit. Every save and submission the server acknowledges goes into a ledger that
bench/loadtest/run.py checks against the database afterwards.

Each chief retries a request whose connection broke (as the page's autosave does when
offline); such recoveries are counted separately from failures.
"""

import itertools
import json
import os
import random
import sys
import time
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.pages import answer_fields, module_path  # noqa: E402
from bench.population import PASSWORD  # noqa: E402

SAVES = int(os.environ.get("LOADTEST_SAVES", "6"))
# Every how many chiefs one clicks "submit" twice at once (the two requests may reach two nodes).
DOUBLE_SUBMIT_EVERY = int(os.environ.get("LOADTEST_DOUBLE_SUBMIT_EVERY", "3"))
RETRIES = 3
CHIEFS = json.loads(Path(os.environ["LOADTEST_CHIEFS"]).read_text())
LEDGER = {
    "saves": [],  # acknowledged: [zone, field, value, time]
    "in_flight": {},  # zone -> [field, value] sent but not yet answered (one per chief)
    "submits": [],
    "double_submits": 0,  # chiefs who sent their submission twice at the same moment
    "failures": [],
    "recovered": 0,
    "requests": 0,
    "signed_in": 0,
}
_next_chief = itertools.count()


@events.quitting.add_listener
def write_ledger(environment, **kwargs):
    Path(os.environ["LOADTEST_LEDGER"]).write_text(json.dumps(LEDGER))


class ChiefUser(HttpUser):
    wait_time = between(0.1, 0.6)

    def on_start(self):
        number = next(_next_chief)
        # Locust starts a new user when one has submitted; each chief answers once, so users
        # beyond the list only wait for the end of the run.
        self.idle = number >= len(CHIEFS)
        self.email, self.zone = CHIEFS[number % len(CHIEFS)]
        self.double_submit = DOUBLE_SUBMIT_EVERY > 0 and number % DOUBLE_SUBMIT_EVERY == 0
        self.values = {}
        self.signed_in = False

    def request(self, method, path, *, expect, name, **options):
        """One request with retries on a broken connection; None if it never succeeded."""
        for attempt in range(RETRIES + 1):
            LEDGER["requests"] += 1
            with self.client.request(
                method, path, name=name, catch_response=True, allow_redirects=False, **options
            ) as answer:
                # A connection error (reset, refused, timeout), or the load balancer's 502/503
                # for a node that went away while answering: the page's autosave retries both.
                if answer.status_code in (0, 502, 503):
                    answer.failure(f"connection error: {answer.error}")
                    if attempt < RETRIES:
                        LEDGER["recovered"] += 1
                        time.sleep(0.5)
                        continue
                    LEDGER["failures"].append(f"{self.email} {name}: {answer.error}")
                    return None
                if answer.status_code not in expect:
                    answer.failure(f"HTTP {answer.status_code}")
                    LEDGER["failures"].append(f"{self.email} {name}: HTTP {answer.status_code}")
                    return None
                answer.success()
                return answer
        return None

    def csrf(self):
        return self.client.cookies.get("csrftoken", "")

    def sign_in(self):
        self.request("get", "/accounts/login/", expect={200}, name="sign-in page")
        answer = self.request(
            "post",
            "/accounts/login/",
            expect={302},
            name="sign in",
            data={"username": self.email, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
        )
        if answer is None:
            raise StopUser
        page = self.request("get", module_path(self.zone), expect={200}, name="module page")
        if page is None:
            raise StopUser
        self.fields = answer_fields(page.text)
        self.signed_in = True
        LEDGER["signed_in"] += 1

    def save(self, name, value):
        base = self.values.get(name, "")
        LEDGER["in_flight"][self.zone] = [name, value]
        answer = self.request(
            "post",
            module_path(self.zone) + "autosave/",
            expect={200},
            name="autosave",
            data=json.dumps({"values": {name: value}, "base": {name: base}}),
            headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf()},
        )
        del LEDGER["in_flight"][self.zone]
        if answer is None:
            return
        body = answer.json()
        if any(conflict["key"] == name for conflict in body.get("conflicts", [])):
            LEDGER["failures"].append(f"{self.email} autosave: unexpected conflict on {name}")
            return
        self.values[name] = value
        LEDGER["saves"].append([self.zone, name, value, time.time()])

    def submit(self):
        review = module_path(self.zone) + "review/"
        self.request("get", review, expect={200}, name="review")
        data = {"confirm_unanswered": "on", "csrfmiddlewaretoken": self.csrf()}

        def send():
            return self.request("post", review, expect={302}, name="submit", data=data)

        if self.double_submit:
            # A double click: two submissions at once; one submits, the other finds it done
            # (a redirect as well). The run's checks count the stored submission events.
            clicks = [gevent.spawn(send) for _ in range(2)]
            gevent.joinall(clicks)
            answers = [click.value for click in clicks]
            LEDGER["double_submits"] += 1
        else:
            answers = [send()]
        if any(answer is not None for answer in answers):
            LEDGER["submits"].append([self.zone, time.time()])

    @task
    def answer_and_submit(self):
        if self.idle:
            gevent.sleep(1)
            return
        if not self.signed_in:
            self.sign_in()
        names = list(self.fields)
        for _ in range(SAVES):
            name = random.choice(names)
            self.save(name, random.choice(self.fields[name]))
            time.sleep(random.uniform(0.05, 0.4))
        self.submit()
        raise StopUser
