"""A person at a browser, as far as the drills need one: cookies, the CSRF token,
form posts, and the time each request took."""

import http.client
import re
import secrets
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

TIMEOUT = 30


@dataclass
class Answer:
    status: int  # 0: no answer at all (the connection failed or was cut)
    seconds: float
    body: str = ""
    location: str = ""
    error: str = ""

    @property
    def redirected(self):
        return self.status in (301, 302, 303)


class Browser:
    def __init__(self, port):
        self.port = port
        # A CSRF secret of its own, as the browser would have been given one.
        self.cookies = {"csrftoken": secrets.token_hex(16)}

    def connect(self):
        """An open connection, so that a caller may know its local port before
        the request goes out."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        connection.connect()
        return connection

    def request(self, method, path, data=None, *, connection=None):
        headers = {"Host": "127.0.0.1", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.monotonic()
        connection = connection or http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=TIMEOUT
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as error:
            return Answer(0, time.monotonic() - started, error=repr(error))
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Answer(
            response.status,
            time.monotonic() - started,
            body=content,
            location=urlsplit(response.headers.get("Location", "")).path,
        )

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data=None, *, connection=None):
        if "csrftoken" not in self.cookies:
            self.get("/accounts/login/")
        form = {
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            **(data or {}),
        }
        return self.request("POST", path, form, connection=connection)


def created_id(answer):
    """The id of what a POST made, from the page it redirects to
    (``/fa/problems/<id>/``)."""
    match = re.search(r"/(\d+)/$", answer.location)
    return int(match.group(1)) if match else None
