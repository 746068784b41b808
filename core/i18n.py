"""The language of a request: Vietnamese first, English on request."""

from flask import Flask, Response, current_app, g, request
from markupsafe import Markup

from core import definitions

LOCALES = ("vi", "en")
# The choice made with ?lang= is kept in a cookie of its own holding only "vi" or
# "en", not in the session: the citizen form sets no session cookie (issue #12,
# item 13), and a staff member's choice survives the session renewed at login.
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def select_locale() -> str:
    """Vietnamese first; ?lang=en switches, and is remembered in the lang cookie."""
    try:
        req = request._get_current_object()
    except RuntimeError:
        # No request: a command (init-db, import-form) or the app being built, whose
        # messages (a definition's problems among them) are Vietnamese.
        return "vi"
    wanted = req.args.get("lang")
    # Not parsing an absent Cookie header: most citizens send none.
    kept = req.cookies.get(COOKIE) if "HTTP_COOKIE" in req.environ else None
    if wanted in LOCALES:
        if wanted != kept:
            g.remember_locale = wanted
        locale = wanted
    else:
        locale = kept if kept in LOCALES else "vi"
    g.locale = locale
    return locale


def current_language() -> str:
    """The request's language code, without building a babel Locale for it."""
    return g.locale if "locale" in g else select_locale()


def remember_locale(response: Response) -> Response:
    """Set the lang cookie on the answer to a ?lang= that changed the language."""
    wanted = g.pop("remember_locale", None)
    if wanted is not None:
        response.set_cookie(
            COOKIE,
            wanted,
            max_age=COOKIE_MAX_AGE,
            path=request.script_root or "/",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    return response


def label_language() -> str | None:
    """The language labels are shown in: Babel's locale, forced or the request's."""
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale else None


def lang_attribute(label) -> Markup:
    """` lang="vi"` on an element whose definition text stays Vietnamese in an English page.

    A form or checklist lacking some English is shown wholly in Vietnamese
    (core.definitions.Label); screen readers then need to read it as Vietnamese.
    """
    page = label_language()
    shown = label.language(page) if hasattr(label, "language") else page
    return Markup(' lang="%s"') % shown if shown != (page or "vi") else Markup("")


def init_app(app: Flask) -> None:
    """Register the hook that remembers a language chosen with ?lang=, label texts, problems."""
    from flask_babel import gettext

    app.after_request(remember_locale)
    definitions.read_labels_in(label_language)
    definitions.word_problems_with(gettext)
    app.jinja_env.filters["lang_of"] = lang_attribute
