"""Demo data from the seed report: UBND xã Ngọc Kỳ in 2022 (DESIGN.md, 'Demo data')."""

import secrets
from importlib import import_module

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


def init_app(app: Flask) -> None:
    from admin import province

    # The synthetic province grows the demo's district: registered with the demo.
    province.init_app(app)

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Bỏ qua nếu đã có dữ liệu.")
    def seed_demo_command(if_empty: bool) -> None:
        """Load the Ngọc Kỳ demo and print the demo accounts (passwords shown once)."""
        if is_seeded():
            if not if_empty:
                raise click.ClickException(
                    "Cơ sở dữ liệu đã có dữ liệu; không nạp lại dữ liệu mẫu."
                )
            click.echo("Dữ liệu mẫu đã có sẵn; các tài khoản giữ mật khẩu đã in lần đầu.")
            _print_urls(app.config["PUBLIC_BASE_URL"])
            return
        credentials = seed_demo()
        click.echo("Đã nạp dữ liệu mẫu Xã Ngọc Kỳ (2022).")
        _print_urls(app.config["PUBLIC_BASE_URL"])
        click.echo("Tài khoản mẫu (mật khẩu ngẫu nhiên, chỉ in một lần: hãy ghi lại):")
        for username, role, password in credentials:
            click.echo(f"  {username:<10} {role:<10} {password}")


def _print_urls(base: str) -> None:
    """The addresses worth trying first."""
    click.echo("Thử các địa chỉ sau:")
    click.echo(f"  Phiếu đánh giá nhanh: {base}/f/ngoc-ky/hai-long?counter=tu-phap")
    click.echo(f"  Phiếu đánh giá TTHC:  {base}/f/ngoc-ky/danh-gia-tthc")
    click.echo(f"  Phiếu SIPAS:          {base}/f/ngoc-ky/sipas")
    click.echo(f"  Trang cán bộ:         {base}/staff/")
