"""The minutes as a web page: the browser preview, laid out as the printed document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:
    from minutes.model import Minutes


def render_html(minutes: Minutes, for_print: bool = False) -> str:
    """The minutes as an HTML page (linked to static/minutes.css unless printing).

    The template is rendered without the app's context processors: they read the
    request, which the `minutes` command and the benchmark do not have.
    """
    template = current_app.jinja_env.get_template("minutes/minutes.html")
    return template.render(minutes=minutes, for_print=for_print)
