"""One entry point for both formats, shared by the routes, the command and the benchmark."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from minutes.model import Minutes

FORMATS = ("docx", "pdf")


def render(minutes: Minutes, fmt: str) -> bytes:
    """The minutes as a .docx or .pdf file."""
    if fmt == "docx":
        from minutes.docx import render_docx

        return render_docx(minutes)
    if fmt == "pdf":
        from minutes.pdf import render_pdf

        return render_pdf(minutes)
    raise ValueError(f"unknown format {fmt!r}")
