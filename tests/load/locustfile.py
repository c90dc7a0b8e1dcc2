"""The users of `manage.py load_test` (`make load`), run by locust headless.

Not a test module (pytest collects test_*.py only). The command writes the plan
(LOAD_PLAN, JSON): for each persona its share of the users, its session cookie
(made by the command, so no password hashing runs during the load) and its pages
with weights and the status each must answer. Every request is recorded here and
the samples are written to LOAD_SAMPLES when locust stops; the command computes the
percentiles from them.

A user waits LOAD_THINK seconds ("1-3": uniformly between) between two pages: an
office clerk working through a queue, faster than most.
"""

import json
import os
import random
import time
from pathlib import Path

from locust import FastHttpUser, between, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
THINK = [float(x) for x in os.environ.get("LOAD_THINK", "1-3").split("-")]
SAMPLES = []


@events.request.add_listener
def record(name, response_time, response, exception, context, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    SAMPLES.append(
        (
            name,
            round(response_time, 2),
            0 if exception and not status else status,
            context.get("expected", 200),
        )
    )


@events.quitting.add_listener
def write_samples(environment, **kwargs):
    Path(os.environ["LOAD_SAMPLES"]).write_text(
        json.dumps({"finished": time.time(), "samples": SAMPLES}), encoding="utf-8"
    )


class PortalUser(FastHttpUser):
    abstract = True
    persona = ""
    wait_time = between(*THINK) if len(THINK) == 2 else between(THINK[0], THINK[0])
    # A request still unanswered after this long counts as an error (a timeout).
    connection_timeout = 10.0
    network_timeout = 10.0

    def on_start(self):
        plan = PLAN["personas"][self.persona]
        self.pages = plan["pages"]
        self.weights = [page["weight"] for page in self.pages]
        self.headers = {"Accept-Language": "fa"}
        if plan.get("cookie"):
            self.headers["Cookie"] = plan["cookie"]

    @task
    def open_page(self):
        page = random.choices(self.pages, weights=self.weights)[0]  # noqa: S311
        with self.client.get(
            page["url"],
            name=page["name"],
            headers=self.headers,
            allow_redirects=False,
            context={"expected": page["status"]},
            catch_response=True,
        ) as response:
            if response.status_code == page["status"]:
                response.success()
            else:
                response.failure(f"answered {response.status_code}")


# One class per persona, with the exact number of users the plan gives it.
for _name, _persona in PLAN["personas"].items():
    globals()[f"{_name.title()}User"] = type(
        f"{_name.title()}User",
        (PortalUser,),
        {"persona": _name, "fixed_count": _persona["users"]},
    )
