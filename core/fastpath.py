"""The fast path: every override of Flask, Werkzeug or Flask-Login, and every per-worker cache
made for speed, in one place.

Each entry says what it saves (docs/PERFORMANCE.md has the measured table), what it
relies on and how to undo it; tests/test_fastpath.py fails if the framework behaviour
it relies on changes. Nothing else in the code overrides the framework or keeps
answers across requests for speed (the results' tallies are roll-up tables in SQLite,
forms/rollups.py, not a per-worker cache).
"""

import secrets
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager
from werkzeug.datastructures import Headers


def with_security_headers(wsgi_app, headers: tuple[tuple[str, str], ...]):
    """Wrap a WSGI app so every response, error pages and static files too, carries `headers`.

    Saves: adding them through each Response's Headers, whose per-value checks
    cost a citizen's submission more than the plain list at start_response.
    Relies on: WSGI only. Undo: an after_request hook that updates response.headers.
    """

    def app(environ, start_response):
        def start(status, response_headers, exc_info=None):
            response_headers.extend(headers)
            return start_response(status, response_headers, exc_info)

        return wsgi_app(environ, start)

    return app


def compiled_templates_on_disk(app: Flask) -> None:
    """Keep Jinja's compiled templates in the instance folder, for every worker and restart.

    Saves: a fresh worker compiles each template on its first page; the results page's
    templates cost 0.19 of a commune page's 0.21 s of CPU in a new process (0.02 s
    with the compiled code on disk; issue #18, docs/PERFORMANCE.md). Relies on: Jinja
    comparing each template's source checksum with the kept code (an edited template
    is compiled again), rejecting code of another Jinja or Python version, and writing
    a file whole or not at all (a temporary file renamed). Anyone who can write the
    instance folder can already change the database. Undo: delete the call in create_app.
    """
    from jinja2 import FileSystemBytecodeCache

    folder = Path(app.instance_path) / "compiled-templates"
    folder.mkdir(exist_ok=True)
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(folder))


class LeanSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, made cheap for the citizen, who has none.

    Saves: Flask builds the signing serializer on every request, for opening and
    again for saving; a request without cookies skips the cookie parse, and an
    empty session that nothing modified skips the settings Flask reads before
    doing nothing. Relies on: the serializer depending only on the secret key and
    its fallbacks. Undo: delete the `app.session_interface` line in create_app.
    """

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached = getattr(self, "_cached", None)
        if cached is None or cached[0] != keys:
            cached = self._cached = (keys, super().get_signing_serializer(app))
        return cached[1]

    def open_session(self, app: Flask, request: Request):
        if "HTTP_COOKIE" not in request.environ:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session, response: Response) -> None:
        if not session and not session.modified:
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


def remember_cookie_only_with_cookies(app: Flask, login_manager: LoginManager) -> None:
    """Run Flask-Login's remember-me cookie upkeep only for requests that carry cookies.

    Saves: the hook reads the session of every response, which marks a citizen's
    cookieless answer 'Vary: Cookie' and costs its submission time. Without a
    cookie there is no remember-me cookie to refresh or clear. Relies on: the hook
    being `login_manager._update_remember_cookie` in the app's after_request list.
    Undo: delete the call in auth.init_app.
    """
    from flask import request

    def upkeep(response: Response) -> Response:
        if "HTTP_COOKIE" not in request._get_current_object().environ:
            return response
        return login_manager._update_remember_cookie(response)

    hooks = app.after_request_funcs.setdefault(None, [])
    hooks[hooks.index(login_manager._update_remember_cookie)] = upkeep


class HeadersAsBuilt(Response):
    """A response whose headers go out as they were built: the citizen's 303 to the thank-you page.

    Saves: werkzeug's get_wsgi_headers copies the headers, converts the Location
    from an IRI and encodes the body to count it, on every response. Relies on: a
    Location that is ASCII and percent-encoded already, and an empty body.
    Undo: use flask.redirect in forms.views._to_thanks.
    """

    def get_wsgi_headers(self, environ) -> Headers:
        headers = Headers(self.headers)
        headers["Content-Length"] = "0"
        return headers


class RenderedOnce:
    """Pages rendered once with placeholders, then filled in per request: the citizen form.

    Saves: rendering the form template each time cost about four times a bare
    Flask route. Only two things differ between two citizens' copies of a clean
    form, the CSRF token and the submission id; the caller keys a page on
    everything else that changes it and never keeps a page holding anything of
    one visitor's (forms.views._render). Relies on: Jinja's output holding each
    placeholder once. Undo: call the render function directly.
    """

    def __init__(self, bound: int = 1024):
        # Random per process, so no citizen text can contain them by accident.
        self.csrf_slot = f"csrf-{secrets.token_hex(12)}"
        self.submission_slot = f"submission-{secrets.token_hex(12)}"
        self.bound = bound
        self._pages: dict[Hashable, str] = {}

    def page(
        self, key: Hashable, render: Callable[[str, str], str], csrf: str, submission: str
    ) -> str:
        """The page for key, rendered once with placeholders, then filled in."""
        page = self._pages.get(key)
        if page is None:
            if len(self._pages) >= self.bound:
                self._pages.clear()
            page = self._pages[key] = render(self.csrf_slot, self.submission_slot)
        return page.replace(self.csrf_slot, csrf, 1).replace(self.submission_slot, submission, 1)

    def clear(self) -> None:
        """Forget every page."""
        self._pages.clear()


class KeptByStamp:
    """Answers kept per worker while a stamp stays the same: public form URLs, definitions.

    Saves: each citizen request reads one stamp row instead of joining units,
    counters and closures. Relies on: triggers that set a new random stamp on
    every change of what the answers are made from (forms/migrations.py
    004_targets_stamp); the stamp is read before the rows, so rows changed in
    between are kept under the older stamp and looked up again. Undo: call the
    look-up directly in forms.targets.resolve.
    """

    def __init__(self, bound: int = 4096):
        self.bound = bound
        self._kept: dict[Hashable, tuple[Any, Any]] = {}

    def get(self, key: Hashable, stamp: Any, look_up: Callable[[], Any]) -> Any:
        """The answer kept under this stamp, else a fresh one from look_up."""
        found = self._kept.get(key)
        if found is not None and found[0] == stamp:
            return found[1]
        answer = look_up()
        if len(self._kept) >= self.bound:
            self._kept.clear()
        self._kept[key] = (stamp, answer)
        return answer


# Definition folders parsed once per process while their files' names, times and
# sizes stay the same (core.definitions.load_folder): every app built in a process,
# each test's among them, parsed the same YAML again (issue #13). A failed parse is
# not kept, so a broken file is reported every time. Undo: parse in load_folder.
parsed_folders = KeptByStamp(bound=64)

# Stored versions of published definitions, validated once per process (issue #16):
# a unit's citizen form or checklist published from a file is read from the database
# on each request, and validating its JSON again each time cost more than the look-up.
# Keyed by slug and version, kept while the version's sha256 is the one validated (a
# stored version never changes; the digest makes that checked rather than assumed).
# Undo: validate in forms.published.stored_form and inspections.publishing.
validated_forms = KeptByStamp(bound=256)
validated_checklists = KeptByStamp(bound=256)

# The minutes' charts as PNG bytes, drawn once per process for each set of figures
# (minutes/chart_images.py): the .docx, the .pdf and the preview of the same minutes
# share one drawing, matplotlib's Agg drawing being most of a chart's cost (about
# 0.15 s each). Keyed by the chart's kind, labels and counts, so a new count is a new
# key; at most 32 drawings of about 60 KB. Relies on: a drawing depending on nothing
# but its key (tests/test_fastpath.py draws twice and compares the bytes). Undo: draw
# in minutes.chart_images.level_bars and stacked_bars.
drawn_charts = KeptByStamp(bound=32)
