"""Sending tasks from inside a request without ever waiting on the broker.

Every task the portal sends from a request (a certificate or booklet to render, a
notification's e-mail) has a row in the database that says it is still to do, and a
periodic sweep that sends it again: a message that cannot be sent now is sent later,
never waited for. So a publish here:

- tries the broker once. ``retry=False`` does not cover connecting: on a pooled
  connection kombu retries a refused connect for the broker's connection timeout,
  sleeping 2 s then 4 s, inside the request;
- does not ask for the task's result. Celery's Redis result backend subscribes to
  the result channel before it publishes, and a subscription broken by an outage
  is retried 20 times a second apart (a request hung for the whole outage). No one
  reads these results: the rows say how the work went;
- after a failure, sends nothing from this process for BROKER_PAUSE seconds: a
  broker that does not answer (rather than refusing) costs the connect timeout
  once, not once per message.
"""

import logging
import time
from contextlib import contextmanager

from celery.exceptions import Retry

logger = logging.getLogger(__name__)

BROKER_PAUSE = 5.0

_down_until = [0.0]


class BrokerUnavailable(Exception):
    """The broker could not take the message (or was found down a moment ago)."""


def broker_paused():
    return time.monotonic() < _down_until[0]


def reset():
    """Forget an earlier failure (tests)."""
    _down_until[0] = 0.0


@contextmanager
def one_try_connection(app):
    if broker_paused():
        raise BrokerUnavailable("the broker was unreachable a moment ago")
    try:
        with app.connection_for_write(
            transport_options={"max_retries": 0}
        ) as connection:
            yield connection
    except BrokerUnavailable:
        raise
    except Exception as error:
        _down_until[0] = time.monotonic() + BROKER_PAUSE
        raise BrokerUnavailable(str(error)) from error


def publish_each(task, arguments, *, what):
    """Send ``task`` once for each tuple in ``arguments``; the first failure to
    reach the broker stops the rest. Returns how many were sent."""
    arguments = list(arguments)
    if task.app.conf.task_always_eager:
        return run_in_process(task, arguments)
    sent = 0
    try:
        with one_try_connection(task.app) as connection:
            for args in arguments:
                try:
                    task.apply_async(
                        args, retry=False, connection=connection, ignore_result=True
                    )
                except Exception as error:
                    _down_until[0] = time.monotonic() + BROKER_PAUSE
                    raise BrokerUnavailable(str(error)) from error
                sent += 1
    except BrokerUnavailable:
        logger.warning(
            "could not queue %d of %d %s; the sweep will",
            len(arguments) - sent,
            len(arguments),
            what,
            exc_info=True,
        )
    return sent


def run_in_process(task, arguments):
    """Without a broker (the demo, the tests) each task runs here and now; one that
    fails has recorded its failure (and was retried in place) and does not stop
    the next one."""
    for args in arguments:
        try:
            task.apply_async(args)
        except Retry:
            pass
        except Exception:
            logger.warning("%s%r failed", task.name, args, exc_info=True)
    return len(arguments)
