"""QR codes that open a unit's form at a counter, as PNG or SVG (segno)."""

from __future__ import annotations

import io
import ipaddress
from urllib.parse import quote, urlencode, urlsplit

from flask import current_app

from core.units import Counter, Unit

KINDS = ("png", "svg")
# Names that only resolve inside a home or office network (RFC 6762, 8375, 6761).
LOCAL_SUFFIXES = (".local", ".localhost", ".lan", ".home.arpa", ".internal")


def form_url(unit: Unit, slug: str, counter: Counter | None = None) -> str:
    """The public URL printed on a poster: PUBLIC_BASE_URL/f/<unit>/<form>?counter=<code>."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    url = f"{base}/f/{quote(unit.code)}/{quote(slug)}"
    if counter is not None:
        url += "?" + urlencode({"counter": counter.code})
    return url


def unreachable_from_phones(base_url: str) -> bool:
    """Whether a base URL names this machine or a private network, which a citizen's
    phone on mobile data cannot open: loopback, private and link-local addresses,
    localhost, *.local and bare host names without a dot."""
    try:
        host = (urlsplit(base_url.strip()).hostname or "").rstrip(".")
    except ValueError:  # an unclosed [ in the address
        return True
    if not host:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host or host == "localhost" or host.endswith(LOCAL_SUFFIXES)
    return not address.is_global


def public_url_warning() -> str | None:
    """Why posters printed now would not open on phones, or None when they would."""
    from flask_babel import gettext as _

    base = current_app.config["PUBLIC_BASE_URL"]
    if not unreachable_from_phones(base):
        return None
    return _(
        "Địa chỉ công khai %(url)s chỉ mở được trên máy chủ này hoặc trong mạng nội bộ:"
        " mã QR in ra sẽ không mở được trên điện thoại của người dân. Hãy đặt"
        " FLASK_PUBLIC_BASE_URL là địa chỉ Internet của dịch vụ rồi in lại.",
        url=base,
    )


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
