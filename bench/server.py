"""Start and stop gunicorn on a free loopback port, and look at its workers in /proc."""

import os
import signal
import socket
import subprocess
import sys
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
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.workers = workers

    def __enter__(self) -> "Gunicorn":
        self.wait_ready()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def wait_ready(self, timeout: float = 30) -> None:
        """Block until the app answers and every worker has booted."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.process.stderr.read()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=2):
                    if len(self.worker_pids()) >= self.workers:
                        return
            except OSError:  # not listening yet, or a worker still booting
                pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not become ready")

    def worker_pids(self) -> list[int]:
        """Process ids of the master's children (the workers)."""
        return children(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


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
