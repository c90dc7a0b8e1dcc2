"""Lighthouse on the public pages, served as production serves them.

`make lighthouse` runs this with the project's virtualenv. It builds a throwaway copy of
the production configuration in a temporary directory (DEBUG off, a random SECRET_KEY,
ALLOWED_HOSTS=127.0.0.1, no HTTPS redirect, whitenoise's compressed and hashed static
files from `collectstatic`, the demo data in a SQLite file), serves it with gunicorn
(gunicorn.conf.py) on a loopback port and runs Lighthouse (the npm package pinned in
package.json, Debian's Chromium, headless, mobile form factor and throttling:
Lighthouse's defaults) on each page. One line per page:

    lighthouse <page> performance=<p> accessibility=<a> best_practices=<b> seo=<s> ...

followed by what the page loaded (requests, KiB transferred, largest paint). Exits 1
when a page misses a target: performance >= 95, accessibility 100, best practices 100,
SEO >= 95.

Each page is measured --runs times (3 by default) and the median score of each
category is reported, as Lighthouse's own documentation advises: one run of the
performance score varies by a few points with the machine's load.

Environment: CHROME_PATH (default /usr/bin/chromium), LIGHTHOUSE (the lighthouse
executable; default node_modules/.bin/lighthouse), LIGHTHOUSE_PORT (default 8765).
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 95}

# Where the pages' arguments come from: the demo data.
FIND_URLS = """
from django.urls import reverse
from django.utils import translation
from certificates.models import Certificate
from industries.models import ProblemRequest
translation.activate("fa")
problem = ProblemRequest.objects.published().order_by("pk").first()
certificate = Certificate.objects.filter(status="issued").order_by("pk").first()
print(reverse("industries:catalogue-detail", args=[problem.pk]))
print(certificate.get_verification_url() if certificate else "")
"""


def say(line, stream=sys.stdout):
    stream.write(line + "\n")
    stream.flush()


def production_env(workdir, port):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_TASK_ALWAYS_EAGER"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        HSTS_SECONDS="0",
        DATABASE_URL=f"sqlite:///{workdir / 'portal.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args, capture=False):
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 (manage.py with fixed arguments)
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
    )
    say(f"  manage.py {args[0]}: {time.monotonic() - started:.0f} s", sys.stderr)
    return result.stdout


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The portal did not answer at {url} within {seconds} s.")


def run_lighthouse(lighthouse, url, output):
    command = [
        lighthouse,
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    # Lighthouse now and then fails to record a trace on a busy machine (NO_NAVSTART,
    # NO_FCP): such a run is tried again, twice at most.
    for attempt in range(3):
        finished = subprocess.run(  # noqa: S603 (the pinned Lighthouse, loopback)
            command, env={**os.environ, "CHROME_PATH": chrome}
        )
        if finished.returncode == 0:
            break
        say(f"  Lighthouse failed on {url} (attempt {attempt + 1})", sys.stderr)
    else:
        raise SystemExit(f"Lighthouse could not measure {url}.")
    report = json.loads(Path(output).read_text())
    scores = {
        name: round((report["categories"][name]["score"] or 0) * 100)
        for name in CATEGORIES
    }
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    weight = {
        "requests": len(requests),
        "kib": round(audits["total-byte-weight"]["numericValue"] / 1024),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
    }
    failed = sorted(
        audit_id
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"]
        and (audit_id := ref["id"])
        and audits[audit_id]["score"] is not None
        and audits[audit_id]["score"] < 0.9
    )
    return scores, weight, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median)")
    parser.add_argument("--pages", nargs="*", help="only these pages (names)")
    parser.add_argument("--keep", action="store_true", help="keep the reports")
    options = parser.parse_args()

    lighthouse = os.environ.get(
        "LIGHTHOUSE", str(BASE_DIR / "node_modules" / ".bin" / "lighthouse")
    )
    if not shutil.which(lighthouse):
        raise SystemExit(f"No Lighthouse at {lighthouse}: run `make setup` (npm ci).")
    port = int(os.environ.get("LIGHTHOUSE_PORT", "8765"))
    workdir = Path(tempfile.mkdtemp(prefix="portal-lighthouse-"))
    env = production_env(workdir, port)
    server = server_log = None
    try:
        # The demo data is seeded with DEBUG on (seed_demo refuses otherwise), in the
        # throwaway database only; the pages are then served with DEBUG off.
        manage(env, "compile_translations")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage({**env, "DEBUG": "true"}, "seed_demo", "--quiet-logins")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        # (`shell` may say first how many models it imported.)
        found = manage(env, "shell", "-v", "0", "-c", FIND_URLS, capture=True)
        detail, verification = [
            line for line in found.split("\n") if line.startswith("/") or not line
        ][:2]
        pages = {
            "landing-fa": "/",
            "landing-en": "/en/",
            "catalogue": "/catalogue/",
            "catalogue-detail": detail,
            "login": "/accounts/login/",
            "verify": "/verify/",
        }
        if verification:
            pages["verify-code"] = verification
        if options.pages:
            pages = {name: url for name, url in pages.items() if name in options.pages}

        # gunicorn as production runs it (gunicorn.conf.py), on a loopback port.
        server_log = (workdir / "gunicorn.log").open("w")
        server = subprocess.Popen(  # noqa: S603 (gunicorn from the virtualenv)
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "-c",
                str(BASE_DIR / "gunicorn.conf.py"),
                "partner_portal.wsgi:application",
            ],
            cwd=BASE_DIR,
            env={
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_LOG_LEVEL": "warning",
            },
            # The server's log (a line per request) goes to a file, kept with --keep.
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        origin = f"http://127.0.0.1:{port}"
        wait_for(f"{origin}/healthz/")

        missed = []
        for name, path in pages.items():
            runs = []
            for run in range(options.runs):
                output = workdir / f"{name}-{run}.json"
                runs.append(run_lighthouse(lighthouse, origin + path, output))
            scores = {
                category: round(statistics.median(r[0][category] for r in runs))
                for category in CATEGORIES
            }
            weight = {
                key: round(statistics.median(r[1][key] for r in runs))
                for key in runs[0][1]
            }
            failed = sorted({audit for r in runs for audit in r[2]})
            say(
                f"lighthouse {name} performance={scores['performance']} "
                f"accessibility={scores['accessibility']} "
                f"best_practices={scores['best-practices']} seo={scores['seo']} "
                f"requests={weight['requests']} kib={weight['kib']} "
                f"lcp_ms={weight['lcp_ms']}"
            )
            if failed:
                say(f"  audits below 90: {' '.join(failed)}")
            missed += [
                f"{name} {category}={scores[category]} < {target}"
                for category, target in TARGETS.items()
                if scores[category] < target
            ]
        if missed:
            say("Below target: " + "; ".join(missed), sys.stderr)
            return 1
        return 0
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        if server_log is not None:
            server_log.close()
        if options.keep:
            say(f"Reports kept in {workdir}", sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
