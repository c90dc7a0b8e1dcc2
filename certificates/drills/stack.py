"""The private services the drills run and break: PostgreSQL, Redis, a Celery
worker and gunicorn, each a process (group) of its own that a drill may stop, kill
or restart without touching anything else on the machine."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

PG_BIN = Path(os.environ.get("DRILLS_PG_BIN", "/usr/lib/postgresql/15/bin"))


class DrillError(Exception):
    """A drill could not be set up or run (not a failed assertion: the command
    stops)."""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, *, timeout, what, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise DrillError(f"gave up waiting {timeout:.0f}s for {what}")


def port_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), 0.5).close()
    except OSError:
        return False
    return True


def record_group(directory, pid):
    """Note a process group the command started, so that whatever happens to the
    command its parent (``manage.py drills``) ends it."""
    with open(Path(directory) / "pids", "a") as pids:
        pids.write(f"{pid}\n")


class Process:
    """A service started in its own session (process group), logging to a file."""

    def __init__(self, name, command, *, directory, env=None, cwd=None):
        self.name = name
        self.command = command
        self.directory = Path(directory)
        self.env = env
        self.cwd = cwd
        self.log_path = self.directory / f"{name}.log"
        self.process = None

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def start(self):
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
                self.command,
                cwd=self.cwd or settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        record_group(self.directory, self.process.pid)
        return self

    def running(self):
        return self.process is not None and self.process.poll() is None

    def log(self):
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def children(self):
        pids = []
        for task in Path(f"/proc/{self.pid}/task").glob("*"):
            try:
                pids += [int(p) for p in (task / "children").read_text().split()]
            except OSError:
                continue
        return sorted(pids)

    def kill(self):
        """SIGKILL the whole group: the process and everything it started."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)

    def stop(self, timeout=15):
        if not self.running():
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        except ProcessLookupError:
            self.process.wait(timeout=10)


# --- PostgreSQL ---------------------------------------------------------------------


def as_postgres(command):
    """PostgreSQL refuses to run as root: as root, run its programs as the
    ``postgres`` account."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class PrivatePostgres:
    """A throwaway cluster in ``directory`` on ``port`` (TCP on loopback, its
    socket in the directory), tuned for speed (nothing here must survive a
    crash)."""

    def __init__(self, directory, port):
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.port = port
        self.log_path = self.directory / "postgres.log"

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def run(self, *args, check=True):
        return subprocess.run(  # noqa: S603 (fixed arguments)
            as_postgres([str(PG_BIN / args[0]), *args[1:]]),
            check=check,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def init(self):
        if shutil.which(str(PG_BIN / "initdb")) is None:
            raise DrillError(
                f"PostgreSQL's initdb is not in {PG_BIN} (set DRILLS_PG_BIN)"
            )
        self.directory.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, user="postgres")
        self.run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip

    def start(self):
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=60"
        )
        self.run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log_path),
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def create_database(self, name):
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                 "postgres", name)  # fmt: skip


# --- Redis --------------------------------------------------------------------------


class PrivateRedis(Process):
    """A redis-server that keeps nothing on disk: when a drill stops it, whatever
    it held is gone (the worst case for queued tasks)."""

    def __init__(self, directory, port):
        self.port = port
        super().__init__(
            "redis",
            [
                "redis-server", "--port", str(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", str(directory),
            ],
            directory=directory,
        )  # fmt: skip

    def start(self):
        if shutil.which("redis-server") is None:
            raise DrillError("redis-server is not installed")
        super().start()
        wait_for(lambda: port_open(self.port), timeout=10, what="redis-server")
        return self


# --- The portal's processes ---------------------------------------------------------


def python_command(*args):
    return [sys.executable, "-m", *args]


class Worker(Process):
    """``celery worker`` (prefork, two processes) on the drills' private queue,
    restarted when it exits unasked, as production's supervisor does (docker
    compose's ``restart: unless-stopped``)."""

    def __init__(self, directory, env, queue):
        self.restarts = 0
        self.supervised = False
        self.lock = threading.RLock()
        super().__init__(
            "worker",
            python_command(
                "celery", "-A", "partner_portal", "worker", "--pool=prefork",
                "--concurrency=2", "--queues", queue, "--hostname", f"{queue}@%h",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                "--loglevel=INFO",
            ),
            directory=directory,
            env=env,
        )  # fmt: skip

    def supervise(self):
        self.supervised = True
        threading.Thread(target=self.watch, daemon=True).start()

    def watch(self):
        while True:
            time.sleep(0.5)
            with self.lock:
                if self.supervised and not self.running():
                    self.restarts += 1
                    self.start()

    @contextmanager
    def unsupervised(self):
        with self.lock:
            self.supervised = False
            try:
                yield
            finally:
                self.supervised = True

    def stop(self, timeout=15):
        with self.lock:
            self.supervised = False
            super().stop(timeout)

    def start(self):
        ready_before = self.log().count(" ready.")
        super().start()
        wait_for(
            lambda: self.log().count(" ready.") > ready_before or not self.running(),
            timeout=60,
            what="the Celery worker",
        )
        if not self.running():
            raise DrillError(f"the Celery worker exited:\n{self.log()[-3000:]}")
        return self


class Gunicorn(Process):
    """gunicorn with two sync workers on a loopback port."""

    def __init__(self, directory, env, port):
        self.port = port
        super().__init__(
            "gunicorn",
            python_command(
                "gunicorn", "partner_portal.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", "2",
                "--timeout", "30", "--graceful-timeout", "5",
                "--error-logfile", "-", "--log-level", "warning",
            ),
            directory=directory,
            env=env,
        )  # fmt: skip

    def start(self):
        super().start()

        def answers():
            if not self.running():
                raise DrillError(f"gunicorn exited:\n{self.log()[-3000:]}")
            return port_open(self.port) and len(self.children()) >= 2

        wait_for(answers, timeout=60, what="gunicorn")
        return self

    def worker_serving(self, client_port):
        """The pid of the gunicorn worker holding the connection that comes from
        ``client_port`` on loopback, or None."""
        inode = connection_inode(local_port=self.port, remote_port=client_port)
        if inode is None:
            return None
        for pid in self.children():
            for fd in Path(f"/proc/{pid}/fd").glob("*"):
                try:
                    if os.readlink(fd) == f"socket:[{inode}]":
                        return pid
                except OSError:
                    continue
        return None


def connection_inode(*, local_port, remote_port):
    """The socket inode of the established IPv4 loopback connection between the two
    ports, as /proc/net/tcp lists it."""
    wanted_local = f"0100007F:{local_port:04X}"
    wanted_remote = f"0100007F:{remote_port:04X}"
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == wanted_local and fields[2] == wanted_remote:
            return fields[9]
    return None
