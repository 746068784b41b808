"""Start and stop gunicorn on a free loopback port, and look at its workers in /proc."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """A gunicorn master serving an app factory; use as a context manager."""

    def __init__(
        self,
        target: str,
        env: dict[str, str],
        workers: int = 2,
        worker_class: str = "sync",
        threads: int = 1,
        ready_path: str = "/",
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ready_path = ready_path
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--threads",
            str(threads),
            "--log-level",
            "warning",
            target,
        ]
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            # A file, not a pipe: a pipe nobody reads would block a chatty server.
            stderr=self.log,
            # Its own process group: kill() then reaches the master and its workers only.
            start_new_session=True,
        )
        self.workers = workers

    def __enter__(self) -> "Gunicorn":
        try:
            self.wait_ready()
        except BaseException:
            self.stop()  # never leave a half-started server behind
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def wait_ready(self, timeout: float = 30) -> None:
        """Block until the app answers and every worker has booted."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.errors()}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=2):
                    if len(self.worker_pids()) >= self.workers:
                        return
            except OSError:  # not listening yet, or a worker still booting
                pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not become ready")

    def errors(self) -> str:
        """The end of what gunicorn wrote to stderr."""
        self.log.seek(0)
        return self.log.read()[-3000:].decode("utf-8", "replace")

    def kill(self) -> None:
        """kill -9 the master and every worker at once, as a crash or power cut would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def worker_pids(self) -> list[int]:
        """Process ids of the master's children (the workers)."""
        return children(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def children(pid: int) -> list[int]:
    """Direct children of a process, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may contain spaces; the fields after ')' do not.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_kib(pid: int) -> int:
    """Resident set size of a process in KiB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def mapped_libraries(pid: int, names: tuple[str, ...]) -> list[str]:
    """Which of the named packages have a shared object mapped in a process.

    Importing pandas or matplotlib always loads their compiled extensions, so
    /proc/<pid>/maps shows it without any hook in the app.
    """
    maps = Path(f"/proc/{pid}/maps").read_text()
    return [name for name in names if f"/{name}/" in maps]
