"""The language of a request: Vietnamese first, English on request."""

from flask import g, request, session

LOCALES = ("vi", "en")


def select_locale() -> str:
    """Vietnamese first; ?lang=en switches and is remembered in the session."""
    wanted = request.args.get("lang")
    if wanted in LOCALES:
        session["lang"] = wanted
    locale = session.get("lang", "vi")
    g.locale = locale if locale in LOCALES else "vi"
    return g.locale


def current_language() -> str:
    """The request's language code, without building a babel Locale for it."""
    return g.locale if "locale" in g else select_locale()
