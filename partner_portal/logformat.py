"""The log lines' time: ISO 8601 with milliseconds and the UTC offset. (A module of
its own: the logging configuration loads it before the apps are ready.)"""

import logging
import time


class Formatter(logging.Formatter):
    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's name)
        local = time.localtime(record.created)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", local)
        return f"{stamp}.{int(record.msecs):03d}{time.strftime('%z', local)}"
