"""axe-core and the Nu HTML checker, both pinned in package-lock.json."""

import json
import socket
import subprocess
import time
import urllib.request

from tests.services import BASE_DIR

AXE_SCRIPT = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page):
    """Serious and critical WCAG 2.1 AA violations on the page as it is now."""
    # evaluate() runs through the DevTools protocol, so the page's CSP does not
    # stop it (the page itself allows no inline script).
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"][:5]],
        }
        for violation in result["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HtmlChecker:
    """The Nu HTML checker running as a local service, so one JVM checks every page."""

    def __init__(self):
        self.port = free_port()
        self.process = subprocess.Popen(  # noqa: S603
            [
                "java", "-Xss16m",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp", str(VNU_JAR), "nu.validator.servlet.Main", str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self._wait_until_up()

    def _wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("The Nu HTML checker exited while starting")
            try:
                socket.create_connection(("127.0.0.1", self.port), 1).close()
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("The Nu HTML checker did not start")

    def errors(self, html):
        request = urllib.request.Request(  # noqa: S310 (our own local service)
            f"http://127.0.0.1:{self.port}/?out=json",
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            messages = json.load(response)["messages"]
        return [
            f"line {m.get('lastLine', '?')}: {m['message']}"
            for m in messages
            if m["type"] in {"error", "non-document-error"}
        ]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
