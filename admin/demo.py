"""Demo data from the seed report: UBND xã Ngọc Kỳ in 2022 (DESIGN.md, 'Demo data')."""

import os
import secrets
import threading
import time
import urllib.request
from importlib import import_module
from pathlib import Path

import click
from flask import Flask

from auth.users import create_user
from core.db import get_db, write_transaction
from core.units import add_counter, add_unit, get_unit_by_code

# The one-stop shop's six counters (Quyết định 90/QĐ-UBND ngày 05/7/2022).
COUNTERS = (
    ("van-hoa-xa-hoi", "Văn hóa - Xã hội"),
    ("dia-chinh", "Địa chính - Nông nghiệp, Xây dựng và Môi trường"),
    ("tu-phap", "Tư pháp - Hộ tịch"),
    ("van-phong", "Văn phòng - Thống kê"),
    ("cong-an", "Công an"),
    ("quan-su", "Quân sự"),
)

# Accounts: username, full name, title, role, unit code.
ACCOUNTS = (
    ("admin", "Quản trị hệ thống", "Quản trị viên", "admin", "hai-duong"),
    ("thuky", "Nguyễn Thị Hương", "Công chức Văn phòng - Thống kê", "secretary", "ngoc-ky"),
    ("motcua", "Trần Văn Bình", "Công chức Tư pháp - Hộ tịch", "staff", "ngoc-ky"),
    ("kiemtra", "Nguyễn Xuân Thoảng", "Chủ tịch UBND xã", "inspector", "ngoc-ky"),
    ("doankt", "Phạm Văn Hùng", "Trưởng phòng Nội vụ huyện", "inspector", "tu-ky"),
)

# Each part adds its own demo records after the units and accounts exist.
DEMO_PARTS = ("results.demo", "inspections.demo", "actions.demo")


def seed_demo() -> list[tuple[str, str, str]]:
    """Create the demo in one transaction; returns (user, role, password) per account."""
    with write_transaction(get_db()):
        return _seed_all()


def _seed_all() -> list[tuple[str, str, str]]:
    """Units, counters, accounts, then each part's demo records."""
    province = add_unit("hai-duong", "Tỉnh Hải Dương", "tinh")
    district = add_unit("tu-ky", "Huyện Tứ Kỳ", "huyen", province)
    commune = add_unit("ngoc-ky", "Xã Ngọc Kỳ", "xa", district)
    add_unit("tan-ky", "Xã Tân Kỳ", "xa", district)
    for position, (code, name) in enumerate(COUNTERS):
        add_counter(commune, code, name, position)
    credentials = []
    for username, full_name, title, role, unit_code in ACCOUNTS:
        password = secrets.token_urlsafe(9)
        create_user(username, password, full_name, role, get_unit_by_code(unit_code), title)
        credentials.append((username, role, password))
    for name in DEMO_PARTS:
        import_module(name).seed()
    return credentials


def is_seeded() -> bool:
    """Whether any unit exists (the demo loads only into an empty database)."""
    return get_db().execute("SELECT 1 FROM units LIMIT 1").fetchone() is not None


def held_accounts(app: Flask) -> Path:
    """Where `seed-demo --hold` keeps the new passwords until `run-demo` shows them once.

    Beside the database (instance/ by default), so each database keeps its own.
    """
    return Path(app.config["DATABASE"]).with_name("demo-accounts.txt")


def _account_lines(credentials) -> list[str]:
    return [f"  {username:<10} {role:<10} {password}" for username, role, password in credentials]


def _hold(path: Path, lines: list[str]) -> None:
    """Write the accounts readable by their owner only (mode 600 from the start)."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


def _take_held(path: Path) -> list[str] | None:
    """The held account lines, deleted as they are read: the passwords are shown once."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    path.unlink(missing_ok=True)
    return text.splitlines()


def _announce(base: str, held: Path, health: str, out=click.echo) -> None:
    """Once the server answers, print the URLs and the accounts below its banner."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(health, timeout=2):  # noqa: S310 - our own loopback URL
                break
        except OSError:
            time.sleep(0.2)
    out("")
    _print_urls(base, out)
    lines = _take_held(held)
    if lines is None:
        out("Tài khoản mẫu giữ mật khẩu đã in lần đầu (xóa instance/phieu.db để bắt đầu lại).")
    else:
        out("Tài khoản mẫu (mật khẩu ngẫu nhiên, chỉ in một lần: hãy ghi lại):")
        for line in lines:
            out(line)
    out("")


def init_app(app: Flask) -> None:
    from admin import province

    # The synthetic province grows the demo's district: registered with the demo.
    province.init_app(app)

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Bỏ qua nếu đã có dữ liệu.")
    @click.option(
        "--hold",
        is_flag=True,
        help="Giữ mật khẩu mới trong thư mục instance (chế độ 600) để run-demo in một lần.",
    )
    def seed_demo_command(if_empty: bool, hold: bool) -> None:
        """Load the Ngọc Kỳ demo and print the demo accounts (passwords shown once)."""
        if is_seeded():
            if not if_empty:
                raise click.ClickException(
                    "Cơ sở dữ liệu đã có dữ liệu; không nạp lại dữ liệu mẫu."
                )
            click.echo("Dữ liệu mẫu đã có sẵn; các tài khoản giữ mật khẩu đã in lần đầu.")
            if not hold:
                _print_urls(app.config["PUBLIC_BASE_URL"])
            return
        credentials = seed_demo()
        click.echo("Đã nạp dữ liệu mẫu Xã Ngọc Kỳ (2022).")
        if hold:
            # Printed now, they would scroll away under the server's output (issue #14).
            _hold(held_accounts(app), _account_lines(credentials))
            click.echo("Tài khoản mẫu sẽ được in một lần, sau khi máy chủ khởi động.")
            return
        _print_urls(app.config["PUBLIC_BASE_URL"])
        click.echo("Tài khoản mẫu (mật khẩu ngẫu nhiên, chỉ in một lần: hãy ghi lại):")
        for line in _account_lines(credentials):
            click.echo(line)

    @app.cli.command("run-demo")
    @click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ lắng nghe.")
    @click.option("--port", default=5000, show_default=True, type=int, help="Cổng.")
    def run_demo_command(host: str, port: int) -> None:
        """Serve the demo; once it answers, print the URLs and the held accounts once."""
        base = f"http://{host}:{port}"
        announcer = threading.Thread(
            target=_announce,
            args=(base, held_accounts(app), f"{base}/healthz"),
            daemon=True,
        )
        announcer.start()
        # Flask ignores app.run() inside its own CLI; werkzeug's server, as `flask run`.
        from werkzeug.serving import run_simple

        run_simple(host, port, app, threaded=True)


def _print_urls(base: str, out=click.echo) -> None:
    """The addresses worth trying first."""
    out("Thử các địa chỉ sau:")
    out(f"  Phiếu đánh giá nhanh: {base}/f/ngoc-ky/hai-long?counter=tu-phap")
    out(f"  Phiếu đánh giá TTHC:  {base}/f/ngoc-ky/danh-gia-tthc")
    out(f"  Phiếu SIPAS:          {base}/f/ngoc-ky/sipas")
    out(f"  Trang cán bộ:         {base}/staff/")
