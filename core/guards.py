"""Checks on the shape of a request body, run before CSRF and every view.

Flask-WTF trusts a body's shape in two places, and both gave a 500 to anyone:
it builds a form from `request.get_json()` (a JSON `false`, `1` or `[1]` is not a
mapping), and it calls `str` methods on every form field name (werkzeug names a
multipart part whose name holds a newline `None`). Such requests are refused
here with a 400 before any of that code runs (tests/test_security_hostile.py).
So is JSON nested deeper than any page of ours sends: `[[[...]]]` 100,000 deep
made json raise RecursionError, a 500 (issue #12, item 12). And JSON sent to a
page that takes a form: Flask-WTF fills its fields from the JSON, so an object
where a text was expected reached the view (`{"recommendations": {}}` was a 500).
"""

from typing import NoReturn

import flask
from flask import Flask
from flask_babel import gettext as _

from core.errors import fail

BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# The tablet's change is two levels deep ({"values": {...}}); nothing of ours goes near this.
MAX_JSON_DEPTH = 16

# Views that take no part in Flask-WTF's check and refuse every bad body shape
# themselves (the citizen form: forms/citizen_input.py); the guard would only
# repeat their work on every submission (docs/PERFORMANCE.md).
_SELF_CHECKING: set = set()


# Views that take a JSON body (the tablet's change); every other view takes forms.
_TAKES_JSON: set = set()


def takes_json(view):
    """Mark a view that reads a JSON body; JSON sent to any other view is refused."""
    _TAKES_JSON.add(view)
    return view


def checks_own_body(view):
    """Mark a CSRF-exempt view that validates its own body, so the guard skips it."""
    _SELF_CHECKING.add(view)
    return view


def check_body() -> None:
    """400 for a JSON body that is not an object or nests too deep, or a form field with no name."""
    # Runs on every request: the request and app themselves, not through the
    # proxies' slow attribute lookup (forms.views.fill).
    request = flask.request._get_current_object()
    if request.method not in BODY_METHODS:
        return
    app = flask.current_app._get_current_object()
    view = app.view_functions.get(request.endpoint)
    if view in _SELF_CHECKING:
        return
    if request.is_json:
        try:
            body = request.get_json(silent=True)
        except RecursionError:
            _refuse_nesting()
        if not isinstance(body, dict):
            fail(400, _("Dữ liệu gửi lên phải là một đối tượng JSON hợp lệ."))
        if _depth(body) > MAX_JSON_DEPTH:
            _refuse_nesting()
        if view not in _TAKES_JSON:
            fail(415, _("Trang này nhận dữ liệu từ biểu mẫu, không nhận JSON."))
        return
    if request.mimetype == "application/x-www-form-urlencoded":
        # Werkzeug bounds multipart fields by MAX_FORM_MEMORY_SIZE but reads a
        # url-encoded body whole; cached, so views can still read the raw bytes.
        limit = app.config["MAX_FORM_MEMORY_SIZE"]
        if len(request.get_data(cache=True)) > limit:
            fail(413, _("Nội dung gửi lên vượt quá dung lượng cho phép."))
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        names = [*request.form.keys(), *request.files.keys()]
        if not all(isinstance(name, str) and name for name in names):
            fail(400, _("Dữ liệu gửi lên có trường không có tên."))


def _depth(value) -> int:
    """How deeply lists and objects nest in a parsed JSON value (a scalar is 0)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        )
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_JSON_DEPTH:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _refuse_nesting() -> NoReturn:
    """400 for JSON nested deeper than MAX_JSON_DEPTH."""
    fail(400, _("Dữ liệu JSON gửi lên lồng nhau quá nhiều tầng."))


def init_app(app: Flask) -> None:
    """Register the check; app.py calls this before CSRFProtect registers its own."""
    app.before_request(check_body)
