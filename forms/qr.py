"""QR codes that open a unit's form at a counter, as PNG or SVG (segno)."""

from __future__ import annotations

import io
from urllib.parse import quote, urlencode

from flask import current_app

from core.units import Counter, Unit

KINDS = ("png", "svg")


def form_url(unit: Unit, slug: str, counter: Counter | None = None) -> str:
    """The public URL printed on a poster: PUBLIC_BASE_URL/f/<unit>/<form>?counter=<code>."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    url = f"{base}/f/{quote(unit.code)}/{quote(slug)}"
    if counter is not None:
        url += "?" + urlencode({"counter": counter.code})
    return url


def qr_image(url: str, kind: str, scale: int = 10) -> bytes:
    """The QR code of a URL as PNG or SVG bytes."""
    # segno is pure Python and writes PNG itself, so no Pillow on this path.
    import segno

    if kind not in KINDS:
        raise ValueError(f"unknown QR image kind {kind!r}")
    # Level M survives a scuffed or partly covered poster and keeps the code small.
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    if kind == "png":
        code.save(buffer, kind="png", scale=scale, border=4)
    else:
        code.save(
            buffer,
            kind="svg",
            scale=scale,
            border=4,
            xmldecl=False,
            svgclass=None,
            lineclass=None,
            title=url,
        )
    return buffer.getvalue()


def file_name(unit: Unit, slug: str, counter: Counter | None, kind: str) -> str:
    """A download name that says what the code opens: qr-ngoc-ky-hai-long-tu-phap.png."""
    parts = ["qr", unit.code, slug] + ([counter.code] if counter else [])
    return "-".join(parts) + f".{kind}"
