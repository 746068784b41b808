"""`flask kiosk-pair --unit U --counter C [--form F]`: a pairing link for a counter's tablet."""

import click
from flask import Flask

from core.units import get_counter, get_unit_by_code
from forms.registry import get_form, get_forms
from kiosk import devices


def init_app(app: Flask) -> None:
    @app.cli.command("kiosk-pair")
    @click.option("--unit", "unit_code", required=True, help="Mã đơn vị, ví dụ ngoc-ky.")
    @click.option("--counter", "counter_code", required=True, help="Mã quầy, ví dụ tu-phap.")
    @click.option("--form", "slug", default="hai-long", help="Mã phiếu (mặc định hai-long).")
    def kiosk_pair(unit_code: str, counter_code: str, slug: str) -> None:
        """Print a pairing link (10 minutes, one use) that turns a tablet into a counter's kiosk."""
        unit = get_unit_by_code(unit_code)
        if unit is None:
            raise click.ClickException(f"Không có đơn vị mã '{unit_code}'.")
        counter = get_counter(unit, counter_code)
        if counter is None:
            raise click.ClickException(f"Đơn vị '{unit_code}' không có quầy mã '{counter_code}'.")
        form = get_form(slug, unit)
        if form is None:
            raise click.ClickException(f"Không có phiếu mã '{slug}'.")
        if form not in devices.kiosk_forms(get_forms(unit)):
            raise click.ClickException(
                f"Phiếu '{slug}' hỏi mã hồ sơ nên không dùng được trên máy đánh giá tại quầy."
            )
        token = devices.create_pairing(unit, counter, form.slug, None)
        minutes = int(devices.PAIRING_TTL.total_seconds() // 60)
        click.echo(f"{unit.name} · {counter.name} · {form.slug}")
        click.echo(f"Mở liên kết dưới đây trên máy tính bảng trong {minutes} phút (dùng một lần):")
        click.echo(devices.pairing_url(token))
