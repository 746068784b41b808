"""Every input on every staff page, in Chromium, has the type of the WTForms field behind it.

Issue #12, item 1: the shared field macro rendered type="None", which Chromium
shows as a text box, so the login page displayed the password in clear. This
walks each role's staff pages (everything reachable from the staff home, and
the GET pages of the access matrix) and compares each <input>'s real `type`
property with the field WTForms rendered it from.
"""

from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from wtforms.fields.core import Field

from tests.browser import TABLET, login_page, new_page
from tests.conftest import PASSWORD
from tests.test_access_matrix import TABLE, make_world

ROLES = ("admin", "secretary", "inspector", "staff")
# Answers that are files or JSON, not pages with inputs.
NOT_PAGES = (".csv", ".xlsx", ".docx", ".pdf", ".svg", ".png", ".jpg", "/csrf", "/healthz")
MAX_PAGES = 60
INPUTS = """() => Array.from(document.querySelectorAll('input')).map(
    e => ({name: e.name, type: e.type, attribute: e.getAttribute('type')}))"""
LINKS = "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"


@pytest.fixture
def rendered(monkeypatch):
    """The input type of every WTForms field rendered since the last clear(), by name."""
    types: dict[str, set[str]] = defaultdict(set)
    render = Field.__call__

    def recording(field, **kwargs):
        input_type = (
            kwargs.get("type")
            or (field.render_kw or {}).get("type")
            or getattr(field.widget, "input_type", None)
        )
        if input_type:
            types[field.name].add(input_type)
        return render(field, **kwargs)

    monkeypatch.setattr(Field, "__call__", recording)
    return types


def _problems(page, url: str, rendered: dict) -> tuple[list[str], int]:
    """What is wrong with the inputs of a loaded page; and how many password boxes it has."""
    wrong, passwords = [], 0
    for box in page.evaluate(INPUTS):
        name, real, attribute = box["name"], box["type"], box["attribute"]
        where = f"{url} input {name!r}"
        if attribute is None or attribute.lower() != real:
            wrong.append(f"{where}: type attribute {attribute!r}, Chromium sees {real!r}")
        expected = rendered.get(name)
        if expected and real not in expected:
            wrong.append(f"{where}: WTForms field is {sorted(expected)}, Chromium sees {real!r}")
        if expected == {"password"}:
            passwords += 1
    return wrong, passwords


def _matrix_pages(world: dict) -> list[str]:
    return [
        url.format(**world)
        for (endpoint, method, url), _ in TABLE
        if method == "GET" and endpoint != "static" and not url.endswith(NOT_PAGES)
    ]


def _is_staff_page(base: str, href: str) -> bool:
    parts = urlsplit(href)
    return (
        href.startswith(base)
        and parts.path.startswith("/staff/")
        and not parts.path.endswith(NOT_PAGES)
        and "lang=" not in parts.query
    )


def _walk(page, base: str, start: list[str], rendered: dict) -> tuple[list[str], int, int]:
    """Visit the start pages and every staff page linked from them, checking each."""
    queue, seen, wrong, passwords = list(start), set(), [], 0
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        key = urlsplit(path).path
        if key in seen:
            continue
        seen.add(key)
        rendered.clear()
        page.goto(base + path)
        found, boxes = _problems(page, path, rendered)
        wrong += found
        passwords += boxes
        for href in page.evaluate(LINKS):
            if _is_staff_page(base, href):
                parts = urlsplit(href)
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return wrong, passwords, len(seen)


def test_login_page_password_box_is_a_password_in_chromium(browser, live_server, rendered):
    page = new_page(browser, TABLET)
    page.goto(f"{live_server.url}/staff/login")
    assert page.locator("#password").evaluate("e => e.type") == "password"
    wrong, passwords = _problems(page, "/staff/login", rendered)
    assert not wrong and passwords == 1
    page.context.close()


@pytest.mark.parametrize("role", ROLES)
def test_every_input_of_every_staff_page_has_its_real_type(
    app, browser, live_server, make_user, rendered, role
):
    world = make_world(app, make_user)
    make_user(f"{role}-ngoc-ky", role, "ngoc-ky")
    page = new_page(browser, TABLET)
    login_page(page, live_server.url, f"{role}-ngoc-ky", PASSWORD)
    assert page.url.endswith("/staff/")
    start = ["/staff/", *_matrix_pages(world)]
    wrong, passwords, pages = _walk(page, live_server.url, start, rendered)
    assert not wrong, "\n".join(wrong)
    # The change-password page is reachable from every staff page: three boxes.
    assert passwords >= 3, f"only {passwords} password boxes in {pages} pages"
    page.context.close()
