"""`flask qr --unit U --form F [--counter C] -o FILE.png|.svg` (DESIGN.md's CLI contract)."""

from pathlib import Path

import click
from flask import Flask
from flask_babel import force_locale

from core.units import get_counter, get_unit_by_code
from forms.qr import KINDS, form_url, public_url_warning, qr_image
from forms.registry import get_form


def init_app(app: Flask) -> None:
    @app.cli.command("qr")
    @click.option("--unit", "unit_code", required=True, help="Mã đơn vị, ví dụ ngoc-ky.")
    @click.option("--form", "slug", required=True, help="Mã phiếu, ví dụ hai-long.")
    @click.option("--counter", "counter_code", default=None, help="Mã quầy, ví dụ tu-phap.")
    @click.option(
        "-o", "--output", required=True, type=click.Path(dir_okay=False), help="Tệp .png hoặc .svg."
    )
    def qr_command(unit_code: str, slug: str, counter_code: str | None, output: str) -> None:
        """Write the QR code that opens a unit's form (at a counter) as PNG or SVG."""
        path = Path(output)
        kind = path.suffix.lower().lstrip(".")
        if kind not in KINDS:
            raise click.ClickException(
                f"Tệp ra phải có đuôi .png hoặc .svg, không phải '{output}'."
            )
        unit = get_unit_by_code(unit_code)
        if unit is None:
            raise click.ClickException(f"Không có đơn vị mã '{unit_code}'.")
        if get_form(slug, unit) is None:
            raise click.ClickException(f"Không có phiếu mã '{slug}'.")
        counter = None
        if counter_code is not None:
            counter = get_counter(unit, counter_code)
            if counter is None:
                raise click.ClickException(
                    f"Đơn vị '{unit_code}' không có quầy mã '{counter_code}'."
                )
        url = form_url(unit, slug, counter)
        try:
            path.write_bytes(qr_image(url, kind))
        except OSError as error:
            raise click.ClickException(
                f"Không ghi được tệp '{output}': {error.strerror}."
            ) from None
        # Outside a request: Vietnamese, without asking the request's language.
        with force_locale("vi"):
            warning = public_url_warning()
        if warning:
            click.echo(warning, err=True)
        click.echo(f"{path}\t{url}")
