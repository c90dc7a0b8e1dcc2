"""The four drills. Each takes the running stack, breaks one thing, and returns a
``Result``: whether what people would see held, and the numbers that say so."""

import contextlib
import os
import signal
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from .client import Browser, created_id
from .mail import sent
from .stack import DrillError, wait_for

MAX_REQUEST_SECONDS = 5.0
RECOVERY_TIMEOUT = 180  # seconds for the queued work to finish after a fault
PACE = 0.5  # seconds each simulated person waits between two requests
FRIENDLY = ("Something went wrong on our side", "خطایی در سرور رخ داد")


@dataclass
class Result:
    name: str
    values: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    def check(self, condition, problem):
        if not condition:
            self.problems.append(problem)

    def line(self):
        values = " ".join(f"{k}={v}" for k, v in self.values.items())
        return f"drill {self.name} ok={'true' if self.ok else 'false'} {values}"


@dataclass
class Stack:
    directory: Path
    pg: object
    redis: object
    worker: object
    web: object
    world: object
    mail_log: Path
    browsers: dict = field(default_factory=dict)

    def browser(self, someone):
        """A logged-in browser for ``someone`` (one per person, kept). The session
        is made here as the login view would (the drills do not test logging in,
        and hashing a password takes seconds on a busy machine)."""
        if someone.email not in self.browsers:
            client = Client()
            client.force_login(someone.user)
            browser = Browser(self.web.port)
            name = settings.SESSION_COOKIE_NAME
            browser.cookies[name] = client.cookies[name].value
            self.browsers[someone.email] = browser
        return self.browsers[someone.email]


# --- What the drills check ------------------------------------------------------------


def certificates_dir():
    return Path(settings.MEDIA_ROOT) / "certificates"


def pdf_count(certificate):
    root = certificates_dir()
    return len(list(root.rglob(f"{certificate.code}-*.pdf"))) if root.exists() else 0


def part_files():
    root = certificates_dir()
    return list(root.rglob("*.part")) if root.exists() else []


def issue_events(ids):
    from certificates.models import Certificate
    from partner_portal.models import AuditEvent

    return Counter(
        AuditEvent.objects.filter(
            target_type__model="certificate",
            target_id__in=ids,
            to_state=Certificate.Status.ISSUED,
        ).values_list("target_id", flat=True)
    )


def issued_count(ids):
    from certificates.models import Certificate

    return Certificate.objects.filter(
        pk__in=ids, status=Certificate.Status.ISSUED
    ).count()


def expected_emails(since):
    """(recipient, subject) of the e-mail of every notification made since
    ``since``, as the worker writes them."""
    from partner_portal.models import Notification
    from partner_portal.notifications import notification_email

    notifications = Notification.objects.filter(created_at__gte=since).select_related(
        "recipient"
    )
    return Counter((n.recipient.email, notification_email(n)[0]) for n in notifications)


def emails_waiting(since):
    from partner_portal.models import Notification

    return Notification.objects.filter(
        created_at__gte=since, emailed_at__isnull=True
    ).exists()


def email_gaps(mail_log, since, already):
    """How many e-mails of the notifications made since ``since`` are missing and
    how many went out more than once (``already``: lines in the log before)."""
    expected = expected_emails(since)
    got = Counter(line for line in sent(mail_log)[already:] if line in expected)
    return sum((expected - got).values()), sum((got - expected).values())


def sweep():
    """What celery beat does every minute, done every second here."""
    from certificates.services import certificates_sweep
    from partner_portal.notifications import notification_emails_sweep

    certificates_sweep()
    notification_emails_sweep()


def certificates_settle(stack, ids, since, already):
    """Sweep until every certificate in ``ids`` is issued and every e-mail since
    ``since`` went out, RECOVERY_TIMEOUT seconds at most; the seconds it took."""
    started = time.monotonic()

    def settled():
        sweep()
        return issued_count(ids) == len(ids) and not emails_waiting(since)

    try:
        wait_for(settled, timeout=RECOVERY_TIMEOUT, what="the work", interval=1)
    except DrillError:  # the checks that follow say what is missing
        return None
    # A duplicate would come from a message still in the queue: let it run.
    time.sleep(2)
    return round(time.monotonic() - started, 1)


def check_issued_once(result, ids):
    from certificates.models import Certificate

    events = issue_events(ids)
    certificates = Certificate.objects.filter(pk__in=ids)
    pdfs = {c.pk: pdf_count(c) for c in certificates}
    issued = issued_count(ids)
    doubled = sum(1 for pk in ids if events.get(pk, 0) > 1 or pdfs.get(pk, 0) > 1)
    result.values.update(issued=f"{issued}/{len(ids)}", duplicates=doubled)
    result.check(issued == len(ids), f"{len(ids) - issued} certificates not issued")
    result.check(doubled == 0, f"{doubled} certificates issued or stored twice")
    result.check(not part_files(), "temporary PDF files were left behind")


def check_emails(result, stack, since, already):
    missing, doubled = email_gaps(stack.mail_log, since, already)
    result.values.update(emails_lost=missing, emails_twice=doubled)
    result.check(missing == 0, f"{missing} notification e-mails never went out")
    result.check(doubled == 0, f"{doubled} notification e-mails went out twice")


# --- 1. Redis stopped while people sign and submit ------------------------------------


def problem_form(manager, title, fields):
    return {
        "unit": manager.unit.pk,
        "title": title,
        "description": "مسئلهٔ آزمایشی تمرین خرابی",
        "fields_needed": [f.pk for f in fields],
        "desired_team_size": 5,
        "urgency": "medium",
        "duration_weeks": 8,
        "confidential_notes": "",
    }


class Load:
    """People using the portal in threads until stopped; every answer is kept."""

    def __init__(self):
        self.stop = threading.Event()
        self.answers = []  # (what, id, answer, started at)
        self.threads = []
        self.lock = threading.Lock()

    def keep(self, what, ident, answer, started):
        with self.lock:
            self.answers.append((what, ident, answer, started))

    def run(self, target, *args):
        thread = threading.Thread(target=target, args=args, daemon=True)
        self.threads.append(thread)
        thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def sign_one_by_one(load, browser, professor):
    for certificate in professor.certificates:
        if load.stop.is_set():
            return
        started = time.monotonic()
        answer = browser.post(f"/certificates/{certificate.pk}/sign/")
        load.keep("sign", certificate.pk, answer, started)
        time.sleep(PACE)


def submit_problems(load, browser, manager, fields, prefix):
    number = 0
    while not load.stop.is_set():
        title = f"{prefix} {manager.user.pk}-{number}"
        number += 1
        started = time.monotonic()
        answer = browser.post("/problems/new/", problem_form(manager, title, fields))
        load.keep("create", title, answer, started)
        problem = created_id(answer)
        if problem is not None:
            started = time.monotonic()
            answer = browser.post(f"/problems/{problem}/submit/")
            load.keep("submit", problem, answer, started)
        time.sleep(PACE)


def warm_up(stack, visits):
    """Each page once per web worker before the clock runs: a fresh worker's first
    request loads templates and catalogues, which a running portal has done."""
    for someone, path in visits:
        for _ in range(2):
            stack.browser(someone).get(path)


def log_in(load, browser, email, password):
    """Someone logs in while Redis is down (sessions may live in the cache)."""
    started = time.monotonic()
    answer = browser.post("/accounts/login/", {"username": email, "password": password})
    if answer.redirected and "sessionid" not in browser.cookies:
        answer.status, answer.error = 200, "no session"
    load.keep("login", email, answer, started)


def lost_work(load):
    """What a person was told was done and the database does not have."""
    from certificates.models import Certificate
    from industries.models import ProblemRequest

    done = [(what, ident) for what, ident, a, _ in load.answers if a.redirected]
    signed = [ident for what, ident in done if what == "sign"]
    submitted = [ident for what, ident in done if what == "submit"]
    titles = [ident for what, ident in done if what == "create"]
    lost = Certificate.objects.filter(
        pk__in=signed, status=Certificate.Status.PENDING_SIGNATURE
    ).count()
    lost += len(titles) - ProblemRequest.objects.filter(title__in=titles).count()
    lost += (
        len(submitted)
        - ProblemRequest.objects.filter(
            pk__in=submitted, status=ProblemRequest.Status.SUBMITTED
        ).count()
    )
    return signed, submitted, lost


def redis_outage(stack, seconds):
    result = Result("redis_stopped")
    world = stack.world
    since, already = timezone.now(), len(sent(stack.mail_log))
    warm_up(stack, [(p, "/certificates/") for p in world.professors])
    warm_up(stack, [(m, "/problems/new/") for m in world.managers])
    load = Load()
    for professor in world.professors:
        load.run(sign_one_by_one, load, stack.browser(professor), professor)
    for manager in world.managers:
        browser = stack.browser(manager)
        load.run(submit_problems, load, browser, manager, world.fields, "تمرین ردیس")
    time.sleep(1.5)
    stopped = time.monotonic()
    restarts = stack.worker.restarts
    stack.redis.kill()
    time.sleep(min(1, seconds / 2))
    load.run(log_in, load, Browser(stack.web.port), world.login.email, world.password)
    time.sleep(seconds - min(1, seconds / 2))
    stack.redis.start()
    back = time.monotonic()
    time.sleep(1.5)
    load.finish()

    answers = [a for _, _, a, _ in load.answers]
    times = [a.seconds for a in answers]
    during = [a for _, _, a, t in load.answers if stopped <= t < back]
    failed = [a for a in answers if not a.redirected]
    signed, submitted, lost = lost_work(load)
    result.values.update(
        outage_s=seconds,
        requests=len(answers),
        during_outage=len(during),
        median_request_s=f"{statistics.median(times or [0]):.2f}",
        max_request_s=f"{max(times, default=0):.2f}",
        errors=len(failed),
        signed=len(signed),
        submitted=len(submitted),
        lost=lost,
        login_status=next((a.status for w, _, a, _ in load.answers if w == "login"), 0),
    )
    slowest = max((a.seconds for a in answers), default=0)
    result.check(during, "no request was made while Redis was down")
    result.check(
        slowest <= MAX_REQUEST_SECONDS,
        f"a request took {slowest:.1f}s (at most {MAX_REQUEST_SECONDS:.0f}s)",
    )
    result.check(
        not failed,
        f"{len(failed)} requests failed: "
        + ", ".join(sorted({str(a.status) + a.error for a in failed})),
    )
    result.check(lost == 0, f"{lost} signatures or problems were lost")

    recovered = certificates_settle(stack, signed, since, already)
    # Celery 5.7/kombu 5.7 may exit on losing Redis with a task unacknowledged
    # ("Unrecoverable error: AttributeError ... 'hostname'" while restoring it):
    # the supervisor restarts it, as production's does. Counted, not failed.
    result.values["recovered_s"] = recovered
    result.values["worker_restarts"] = stack.worker.restarts - restarts
    check_issued_once(result, signed)
    check_emails(result, stack, since, already)
    return result


# --- 2. The worker SIGKILLed mid-batch ------------------------------------------------


def worker_killed(stack, at_least=10):
    result = Result("worker_killed")
    professor = stack.world.batch_professor
    ids = [c.pk for c in professor.certificates]
    since, already = timezone.now(), len(sent(stack.mail_log))
    answer = stack.browser(professor).post("/certificates/sign-all/")
    result.check(answer.redirected, f"signing all answered {answer.status}")
    wait_for(
        lambda: issued_count(ids) >= at_least,
        timeout=120,
        what=f"{at_least} certificates issued",
        interval=0.05,
    )
    with stack.worker.unsupervised():
        stack.worker.kill()
        at_kill = issued_count(ids)
        time.sleep(1)
        stack.worker.start()
    recovered = certificates_settle(stack, ids, since, already)
    result.values.update(batch=len(ids), issued_at_kill=at_kill, recovered_s=recovered)
    result.check(at_kill < len(ids), "the batch was over before the worker was killed")
    check_issued_once(result, ids)
    check_emails(result, stack, since, already)
    return result


# --- 3. PostgreSQL restarted during load ----------------------------------------------


def browse(load, browser, path):
    while not load.stop.is_set():
        started = time.monotonic()
        load.keep("get", path, browser.get(path), started)
        time.sleep(PACE / 2)


def friendly(answer):
    return answer.status in (500, 503) and any(text in answer.body for text in FRIENDLY)


def postgres_restart(stack, seconds):
    result = Result("postgres_restarted")
    world = stack.world
    web_before = (stack.web.pid, stack.web.children())
    load = Load()
    load.run(browse, load, Browser(stack.web.port), "/")
    load.run(browse, load, Browser(stack.web.port), "/catalogue/")
    load.run(browse, load, stack.browser(world.professors[0]), "/certificates/")
    load.run(browse, load, stack.browser(world.managers[0]), "/problems/")
    time.sleep(1.5)
    stopping = time.monotonic()
    stack.pg.stop("fast")
    time.sleep(seconds)
    stack.pg.start()
    back = time.monotonic()
    connection.close()  # this process's own session ended with the server
    # Until every page has answered well again, then a few seconds more.
    paths = {"/", "/catalogue/", "/certificates/", "/problems/"}

    def all_well():
        with load.lock:
            well = {p for _, p, a, t in load.answers if t >= back and a.status == 200}
        return well == paths

    with contextlib.suppress(DrillError):  # what did not recover is reported below
        wait_for(all_well, timeout=30, what="every page answering again")
    time.sleep(3)
    load.finish()

    answers = load.answers
    bad = [(a, t) for _, _, a, t in answers if a.status != 200]
    unfriendly = [a for a, _ in bad if not friendly(a)]
    last_bad = max((t + a.seconds for a, t in bad), default=back)
    recovered = max(0.0, last_bad - back)
    slowest = max((a.seconds for _, _, a, _ in answers), default=0)
    web_after = (stack.web.pid, stack.web.children())
    result.values.update(
        outage_s=seconds,
        requests=len(answers),
        error_pages=len(bad),
        unfriendly=len(unfriendly),
        max_request_s=f"{slowest:.2f}",
        recovered_s=f"{recovered:.1f}",
        web_restarted="false" if web_after == web_before else "true",
    )
    during = [t for _, _, _, t in answers if stopping <= t < back]
    result.check(during, "no request was made while PostgreSQL was down")
    result.check(bad, "no request failed while PostgreSQL was down (nothing tested)")
    result.check(
        slowest <= MAX_REQUEST_SECONDS,
        f"a request took {slowest:.1f}s (at most {MAX_REQUEST_SECONDS:.0f}s)",
    )
    result.check(
        not unfriendly,
        f"{len(unfriendly)} answers were not the error page: "
        + ", ".join(sorted({f"{a.status}{a.error}" for a in unfriendly})),
    )
    result.check(recovered <= 10, f"pages failed {recovered:.1f}s after the restart")
    result.check(web_after == web_before, "the web processes were restarted")
    return result


# --- 4. A web worker killed mid-request -----------------------------------------------


def backends_busy(exclude):
    """Other sessions of the database inside a transaction or a statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> %s AND state IN ('active', 'idle in transaction', "
            "'idle in transaction (aborted)') AND backend_type = 'client backend'",
            [exclude],
        )
        return cursor.fetchone()[0]


def waiting_statement():
    """The statement of the session waiting for this one's lock, if any. (Inside a
    transaction PostgreSQL keeps the first view of pg_stat_activity: dropped.)"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT query FROM pg_stat_activity WHERE datname = current_database() "
            "AND pg_backend_pid() = ANY(pg_blocking_pids(pid))"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def web_worker_killed(stack):
    """The manager's new problem is written in one transaction: its row first, then
    its fields of study. The drill holds a lock the second write needs, so the
    request stops between the two; the gunicorn worker serving it is killed there."""
    from industries.models import ProblemRequest

    result = Result("web_worker_killed")
    manager, fields = stack.world.managers[0], stack.world.fields
    browser = stack.browser(manager)
    title = "تمرین کشتن کارگر وب"
    form = problem_form(manager, title, fields)
    first = {}
    killed = None
    through = ProblemRequest.fields_needed.through._meta.db_table
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Writers of that table wait (an INSERT's lock conflicts with SHARE);
            # the problem's own row is not held up. A row lock on a field of study
            # would not do: the foreign keys are checked at COMMIT (deferred), and
            # a COMMIT the server has received commits whoever dies.
            cursor.execute(f'LOCK TABLE "{through}" IN SHARE MODE')
        my_backend = connection.connection.info.backend_pid
        wire = browser.connect()
        client_port = wire.sock.getsockname()[1]
        thread = threading.Thread(
            target=lambda: first.update(answer=browser.post(
                "/problems/new/", form, connection=wire
            )),
            daemon=True,
        )  # fmt: skip
        thread.start()
        wait_for(
            lambda: waiting_statement() is not None,
            timeout=20,
            what="the request waiting for its second write",
        )
        statement = waiting_statement() or ""
        killed = stack.web.worker_serving(client_port)
        if killed is not None:
            os.kill(killed, signal.SIGKILL)
    thread.join(timeout=30)
    # The killed worker's database session ends (rolled back) once it notices.
    wait_for(lambda: backends_busy(my_backend) == 0, timeout=20, what="the rollback")
    half = ProblemRequest.objects.filter(title=title).count()
    wait_for(lambda: len(stack.web.children()) >= 2, timeout=60, what="a new worker")
    retry = browser.post("/problems/new/", form)
    made = ProblemRequest.objects.filter(title=title)
    complete = made.count() == 1 and made.get().fields_needed.count() == len(fields)
    answer = first.get("answer")
    result.values.update(
        killed_pid=killed,
        first_status=answer.status if answer else "none",
        half_written=half,
        retry_status=retry.status,
        retry_s=f"{retry.seconds:.2f}",
        problems_after_retry=made.count(),
    )
    result.check(killed is not None, "no gunicorn worker was found serving the POST")
    result.check(
        "fields_needed" in statement,
        f"the request waited elsewhere than its second write: {statement[:80]!r}",
    )
    result.check(answer is not None and answer.status in (0, 502), "no cut answer")
    result.check(half == 0, f"{half} half-written problems were left")
    result.check(retry.redirected and complete, "the retry did not make the problem")
    return result
