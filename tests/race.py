"""Running the same call from several threads at once, each on its own database
connection, to prove what the database's constraints decide."""

import threading
import time

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation


def race_in_background(*calls):
    """``race(*calls)`` in a thread of its own; ``.join()`` it, then read
    ``.results``. For a test that holds a lock while the calls queue up."""
    runner = threading.Thread(target=lambda: setattr(runner, "results", race(*calls)))
    runner.start()
    return runner


def race(*calls, timeout=30):
    """Start every call at the same moment; returns one (outcome, value) per call:
    ("ok", result), ("refused", messages in English) or ("error", repr of any
    other error)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        translation.activate("en")
        try:
            barrier.wait(timeout)
            results[index] = ("ok", call())
        except ValidationError as refusal:
            results[index] = ("refused", refusal.messages)
        except Exception as error:  # noqa: BLE001 - the test reports it
            results[index] = ("error", repr(error))
        finally:
            translation.deactivate()
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, call))
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results


def wait_for_blocked_backends(count, timeout=10):
    """Wait until ``count`` sessions on this database wait for a lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Statistics views keep one snapshot per transaction unless cleared.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= count:
                return
            time.sleep(0.05)
    raise AssertionError(f"{count} sessions never waited for the lock")
