"""The citizen form page, rendered once per unit, form version, counter, language, mount point.

Only two things differ between two citizens' copies of a clean form: the CSRF
token and the submission id. The caller keys a page on everything else that
changes it, and never caches a page with anything of one visitor's in it (a
signed-in staff member's name, a flash message): forms.views._render.
Rendering the template each time cost about four times a bare Flask route
(bench/, docs/PERFORMANCE.md), so the page is rendered once with placeholders
and the two values are put in per request.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

# Random per process, so no citizen text can contain them by accident.
CSRF_SLOT = f"csrf-{secrets.token_hex(12)}"
SUBMISSION_SLOT = f"submission-{secrets.token_hex(12)}"
MAX_PAGES = 1024

_pages: dict[tuple, str] = {}


def cached_page(key: tuple, render: Callable[[str, str], str], csrf: str, submission: str) -> str:
    """The page for key, rendered once with placeholders, then filled in."""
    page = _pages.get(key)
    if page is None:
        if len(_pages) >= MAX_PAGES:
            _pages.clear()
        page = _pages[key] = render(CSRF_SLOT, SUBMISSION_SLOT)
    return page.replace(CSRF_SLOT, csrf, 1).replace(SUBMISSION_SLOT, submission, 1)


def clear() -> None:
    """Forget every cached page (tests, and after a unit or counter is renamed)."""
    _pages.clear()
