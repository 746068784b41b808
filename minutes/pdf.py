"""The minutes as PDF: WeasyPrint prints the same HTML the browser preview shows.

WeasyPrint installs with pip alone (Pango is on stock Debian/Ubuntu), unlike a
LibreOffice conversion of the .docx; and HTML with print CSS keeps one layout for
the preview and the PDF (issue #5).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app

from minutes import fonts

if TYPE_CHECKING:
    from minutes.model import Minutes


def render_html(minutes: Minutes, for_print: bool = False) -> str:
    """The minutes as an HTML page (linked to static/minutes.css unless printing).

    The template is rendered without the app's context processors: they read the
    request, which the `minutes` command and the benchmark do not have.
    """
    template = current_app.jinja_env.get_template("minutes/minutes.html")
    return template.render(minutes=minutes, for_print=for_print)


def render_pdf(minutes: Minutes) -> bytes:
    """The .pdf file of the minutes, as bytes, with its font embedded."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    static = Path(current_app.static_folder or "static")
    sheets = [
        CSS(string=fonts.font_face_css(), font_config=font_config),
        CSS(filename=str(static / "minutes.css"), font_config=font_config),
    ]
    if minutes.draft:
        # The whole document is a draft: the mark goes in every page's top-right margin.
        mark = json.dumps(minutes.draft_mark, ensure_ascii=False)
        sheets.append(
            CSS(
                string=f"@page {{ @top-right {{ content: {mark}; font-family: '{fonts.FAMILY}';"
                " font-weight: bold; font-size: 13pt; letter-spacing: 1pt; } }",
                font_config=font_config,
            )
        )
    document = HTML(string=render_html(minutes, for_print=True), base_url=str(static))
    return document.write_pdf(
        stylesheets=sheets, font_config=font_config, presentational_hints=True
    )
