"""gunicorn for the portal, as production runs it (Dockerfile, docker-compose.yml)
and as `make load` measures it: `gunicorn -c gunicorn.conf.py partner_portal.wsgi`.

Workers and threads were chosen with `manage.py load_test` (`make load`: 32 users,
the persona mix, scale data, PostgreSQL) on a 2-core machine shared with other work
(load average 10-20), the candidates in turns, three rounds:

    32 users, think 1-3 s, 40 s each, three rounds in turns (1st / 2nd / 3rd round)
    workers x threads  requests/s         p50 ms               p99 ms               err
    2 sync             5.5 / 6.3 / 12.2   4046 / 3107 /  639   6384 / 5929 / 2210   0
    3 sync             5.3 / 6.8 /  9.6   3792 / 2433 / 1311   6306 / 5443 / 3041   0
    2 x 4 gthread      6.2 / 11.4 / 9.7   2281 /  600 / 1390   8345 / 2433 / 3315   0

The machine's other load swamps the differences; 2 x 4 gthread had the best median
and throughput in two rounds of three (threads overlap the waits on PostgreSQL and
Redis; a slow page does not hold up the fast ones queued behind it), with 2
processes' memory and 8 database connections per instance (see the README's
"Operations" section). Every value can be overridden from the
environment (GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_BIND, GUNICORN_TIMEOUT)
for a machine with more cores: start from one worker per core plus one.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Threads within a worker overlap a request's waits on PostgreSQL and Redis; with a
# single thread gunicorn runs its sync worker.
worker_class = "gthread" if threads > 1 else "sync"

# The proxy (deploy/nginx.conf) buffers slow clients; a request still running after
# this long is stuck (a page takes milliseconds, a PDF is rendered by Celery), and
# its worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Keep-alive connections from the proxy.
keepalive = 5

# A worker is replaced after about this many requests (each at its own count, so
# they do not all restart at once): bounds the growth of a slow leak.
max_requests = 2000
max_requests_jitter = 200

# The app is imported once in the master and forked: workers start fast and share
# its memory. (Django opens no connection at import.)
preload_app = True

# The application logs a line per request (portal.request); gunicorn's own access
# log would repeat it without the user, the query count or the request id.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The heartbeat files in memory, not on the container's overlay filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# No runtime control socket (gunicornc): one fixed path per machine would be shared
# by every gunicorn on it; signals do the same work.
control_socket_disable = True
