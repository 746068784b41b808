"""`make run` prints the demo accounts below the server's banner, on its PORT (issue #14)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_make_run_takes_a_port():
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "seed-demo --if-empty --hold" in dry
    assert "run-demo --host 127.0.0.1 --port 8123" in dry
    shown = subprocess.run(
        ["make", "-s", "--eval", "show: ; @echo $$FLASK_PUBLIC_BASE_URL", "show", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "FLASK_PUBLIC_BASE_URL"},
    ).stdout
    assert shown.strip() == "http://127.0.0.1:8123"  # QR codes and posters follow it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_accounts_are_printed_once_after_the_server_starts(tmp_path):
    env = {**os.environ, "FLASK_DATABASE": str(tmp_path / "phieu.db")}
    env.pop("FLASK_PUBLIC_BASE_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    subprocess.run([*flask, "init-db"], cwd=ROOT, env=env, check=True, capture_output=True)
    seeded = subprocess.run(
        [*flask, "seed-demo", "--if-empty", "--hold"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    held = tmp_path / "demo-accounts.txt"
    assert "thuky" not in seeded and held.exists()
    assert held.stat().st_mode & 0o777 == 0o600
    port = free_port()
    server = subprocess.Popen(
        [*flask, "run-demo", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            lines.append(line)
            if not line or line.startswith("  doankt"):
                break
        text = "".join(lines)
        assert f"http://127.0.0.1:{port}/staff/" in text
        assert "thuky" in text and "admin" in text
        assert not held.exists(), "the passwords are shown once"
    finally:
        server.terminate()
        server.wait(timeout=10)
    banner = server.stderr.read()
    assert f"http://127.0.0.1:{port}" in banner
