"""Every results chart fits its box at 360, 800 and 1280 px (issue #14, item 4)."""

import pytest

from tests.browser import (
    PHONE,
    TABLET,
    check_axe,
    load_lazy_images,
    login_page,
    new_page,
    screenshot,
)
from tests.conftest import PASSWORD
from tests.results_helpers import load_known

DESKTOP = {"width": 1280, "height": 900}
PAGES = {
    "hai-long": "/staff/results/ngoc-ky/hai-long?period=year&year=2022",
    "sipas": "/staff/results/ngoc-ky/sipas?period=year&year=2022",
    "danh-gia-tthc-district": "/staff/results/tu-ky/danh-gia-tthc?period=year&year=2022",
}
# Each chart image's box, the box of its figure, and its width / height as drawn and as the
# page's width and height attributes reserved it.
MEASURE = """() => [...document.querySelectorAll('img.chart-img')].map(img => {
  const box = img.getBoundingClientRect();
  const holder = img.closest('figure').getBoundingClientRect();
  return {src: img.src, box: [box.left, box.right], holder: [holder.left, holder.right],
          ratio: [img.naturalWidth / img.naturalHeight,
                  img.getAttribute('width') / img.getAttribute('height')]};
})"""
# In a chart opened by itself: its words drawn outside the drawing (an SVG clips what
# lies beyond its viewBox: a legend cut in half, issue #14, item 4).
CUT = """() => {
  const svg = document.documentElement, box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].filter(t => {
    const r = t.getBoundingClientRect();
    return r.width && (r.left < box.left - 1 || r.right > box.right + 1
      || r.top < box.top - 1 || r.bottom > box.bottom + 1);
  }).map(t => t.textContent);
}"""


@pytest.mark.parametrize(
    ("size", "name"), [(PHONE, "phone"), (TABLET, "tablet"), (DESKTOP, "desktop")]
)
def test_every_chart_fits_its_box(app, make_user, live_server, browser, size, name):
    load_known(app, make_user)
    make_user("thuky-test", "secretary", "tu-ky")
    page = new_page(browser, size)
    login_page(page, live_server.url, "thuky-test", PASSWORD)
    sources = []
    for form, path in PAGES.items():
        page.goto(live_server.url + path)
        load_lazy_images(page)
        screenshot(page, f"results-charts-{form}-{name}")
        charts = page.evaluate(MEASURE)
        assert len(charts) >= 2, form
        for chart in charts:
            left, right = chart["box"]
            assert chart["holder"][0] - 1 <= left and right <= chart["holder"][1] + 1, chart
            assert left >= 0 and right <= size["width"], chart
            # Drawn at the size the page reserved for it: nothing shifts as it loads.
            assert abs(chart["ratio"][0] - chart["ratio"][1]) < 0.02, chart
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{form}: page {widths[0]}px wide in {widths[1]}px"
        check_axe(page)
        sources += [chart["src"] for chart in charts]
    for src in sources:
        page.goto(src)
        assert page.evaluate("() => document.documentElement.localName") == "svg", src
        assert page.evaluate(CUT) == [], src
    page.context.close()
