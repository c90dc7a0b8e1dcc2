"""Fault drills: the portal's web processes, worker, Redis and PostgreSQL failing at
the worst moment, each drill asserting what the people using the portal would see.

Everything runs on private services the drills start and stop themselves (a
PostgreSQL cluster in a temporary directory, a redis-server on a free port, a
``celery worker`` on a private queue, gunicorn on a loopback port): the machine's
shared PostgreSQL and Redis are never touched. ``manage.py drills`` prints one line
per drill and a summary, and exits 1 when any drill fails.
"""
