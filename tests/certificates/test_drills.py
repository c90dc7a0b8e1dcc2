"""The parts of the fault drills (``manage.py drills``, run whole by ``make drills``)
that can be checked without breaking anything."""

import os
import socket

from django.template.loader import render_to_string

from certificates.drills.client import Answer
from certificates.drills.runs import Result, friendly
from certificates.drills.stack import connection_inode


def test_the_error_page_is_what_the_postgres_drill_calls_friendly():
    page = render_to_string("500.html")

    assert friendly(Answer(500, 0.1, body=page))
    assert not friendly(Answer(500, 0.1, body="Traceback (most recent call last)"))
    assert not friendly(Answer(0, 0.1, error="ConnectionResetError"))


def test_a_drill_line_says_ok_only_without_problems():
    result = Result("redis_stopped", {"lost": 0, "max_request_s": "0.31"})
    assert result.line() == "drill redis_stopped ok=true lost=0 max_request_s=0.31"

    result.check(False, "2 signatures were lost")
    assert result.line().startswith("drill redis_stopped ok=false ")


def test_the_connection_of_a_client_port_is_found_among_a_process_sockets():
    """How the web-worker drill finds the gunicorn worker serving its POST."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        client = socket.create_connection(server.getsockname())
        accepted, _ = server.accept()
        with client, accepted:
            inode = connection_inode(
                local_port=server.getsockname()[1],
                remote_port=client.getsockname()[1],
            )
            link = os.readlink(f"/proc/self/fd/{accepted.fileno()}")

    assert link == f"socket:[{inode}]"
