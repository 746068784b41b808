"""Targets on staff pages (issue #14, item 6): controls 44 px, stand-alone links 24 px,
a header of at most two lines on a phone behind an account menu, no sideways scroll."""

import pytest

from tests.browser import PHONE, TABLET, check_axe, login_page, new_page, no_horizontal_scroll
from tests.conftest import PASSWORD

# Controls (not radios or checkboxes: their whole label row is the target) and links
# that are not part of a sentence, with their size; only the visible ones count.
MEASURE = """() => {
  const seen = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
    && getComputedStyle(el).visibility !== 'hidden'; };
  const describe = el => (el.outerHTML || '').slice(0, 120);
  const small = [];
  for (const el of document.querySelectorAll(
      'button, select, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), summary')) {
    if (seen(el) && el.getBoundingClientRect().height < 43.5) small.push(
      [Math.round(el.getBoundingClientRect().height), describe(el)]);
  }
  for (const el of document.querySelectorAll('a[href]')) {
    if (el.closest('p, li, .skip-link') || !seen(el)) continue;
    if (el.getBoundingClientRect().height < 23.5) small.push(
      [Math.round(el.getBoundingClientRect().height), describe(el)]);
  }
  return small;
}"""
ROLES = [
    ("thuky", "secretary", "ngoc-ky"),
    ("motcua", "staff", "ngoc-ky"),
    ("kiemtra", "inspector", "ngoc-ky"),
    ("quantri", "admin", "hai-duong"),
]


def check_targets(page) -> None:
    small = page.evaluate(MEASURE)
    assert not small, f"{page.url}: targets too small: {small}"
    no_horizontal_scroll(page)


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
@pytest.mark.parametrize(("username", "role", "unit"), ROLES, ids=[r[1] for r in ROLES])
def test_staff_pages_have_big_targets(browser, live_server, make_user, size, username, role, unit):
    make_user(username, role, unit)
    page = new_page(browser, size)
    login_page(page, live_server.url, username, PASSWORD)
    # Under load the click's navigation may not have finished yet, nor its stylesheet
    # loaded: measured unstyled, the header's links were 17 px tall (found in CI).
    page.wait_for_selector(".user-menu summary")
    page.wait_for_load_state("load")
    home = page.url
    header = page.locator(".site-header").bounding_box()["height"]
    assert header < 120, f"the header is {header}px tall"
    check_targets(page)
    menu = page.locator(".user-menu summary")
    menu.click()
    page.wait_for_selector(".menu-panel button[type=submit]", state="visible")
    check_targets(page)
    check_axe(page)
    links = page.evaluate(
        """() => [...new Set([...document.querySelectorAll('main a[href]')]
            .map(a => a.href)
            .filter(h => h.includes('/staff/') && !/\\.(xlsx|csv|docx|pdf|png|svg)/.test(h)))]"""
    )
    for link in links[:15]:
        page.goto(link)
        if page.url.startswith(home) and page.url != link:
            continue
        check_targets(page)
    page.context.close()
