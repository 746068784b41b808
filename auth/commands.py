"""The create-user command."""

import secrets
import sqlite3

import click
from flask import Flask

from auth.users import ROLES, create_user
from core.units import get_unit_by_code


def init_app(app: Flask) -> None:
    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--unit", "unit_code", required=True, help="Mã đơn vị, ví dụ ngoc-ky.")
    @click.option("--role", type=click.Choice(ROLES), required=True)
    @click.option("--name", "full_name", required=True, help="Họ và tên.")
    @click.option("--title", default="", help="Chức vụ.")
    @click.option("--password", default=None, help="Bỏ trống để tạo mật khẩu ngẫu nhiên.")
    def create_user_command(username, unit_code, role, full_name, title, password):
        """Create a staff account; prints the password when one is generated."""
        unit = get_unit_by_code(unit_code)
        if unit is None:
            raise click.ClickException(f"Không có đơn vị mã '{unit_code}'.")
        if not username.isascii() or not username.replace("-", "").replace(".", "").isalnum():
            raise click.ClickException("Tên đăng nhập chỉ gồm chữ, số, '-' và '.' (ASCII).")
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        if len(password) < 10:
            raise click.ClickException("Mật khẩu cần ít nhất 10 ký tự.")
        try:
            create_user(username, password, full_name, role, unit, title)
        except sqlite3.IntegrityError:
            raise click.ClickException(f"Tên đăng nhập '{username}' đã tồn tại.") from None
        click.echo(f"Đã tạo tài khoản {username} ({role}, {unit.name}).")
        if generated:
            click.echo(f"Mật khẩu: {password}")
