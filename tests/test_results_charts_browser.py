"""Every results chart fits its box at 360, 800 and 1280 px (issue #14, item 4)."""

import pytest

from tests.browser import PHONE, TABLET, check_axe, login_page, new_page, screenshot
from tests.conftest import PASSWORD
from tests.results_helpers import load_known

DESKTOP = {"width": 1280, "height": 900}
PAGES = {
    "hai-long": "/staff/results/ngoc-ky/hai-long?period=year&year=2022",
    "sipas": "/staff/results/ngoc-ky/sipas?period=year&year=2022",
    "danh-gia-tthc-district": "/staff/results/tu-ky/danh-gia-tthc?period=year&year=2022",
}
# Each chart's box, the box of its figure, and any of its words drawn outside the chart
# (an SVG clips what lies beyond its viewBox: a legend cut in half).
MEASURE = """() => [...document.querySelectorAll('svg.chart-svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  const holder = svg.closest('figure').getBoundingClientRect();
  const cut = [...svg.querySelectorAll('text')].filter(t => {
    const r = t.getBoundingClientRect();
    return r.width && (r.left < box.left - 1 || r.right > box.right + 1
      || r.top < box.top - 1 || r.bottom > box.bottom + 1);
  }).map(t => t.textContent);
  return {id: svg.id || svg.getAttribute('aria-labelledby'), box: [box.left, box.right],
          holder: [holder.left, holder.right], cut};
})"""


@pytest.mark.parametrize(
    ("size", "name"), [(PHONE, "phone"), (TABLET, "tablet"), (DESKTOP, "desktop")]
)
def test_every_chart_fits_its_box(app, make_user, live_server, browser, size, name):
    load_known(app, make_user)
    make_user("thuky-test", "secretary", "tu-ky")
    page = new_page(browser, size)
    login_page(page, live_server.url, "thuky-test", PASSWORD)
    for form, path in PAGES.items():
        page.goto(live_server.url + path)
        screenshot(page, f"results-charts-{form}-{name}")
        charts = page.evaluate(MEASURE)
        assert len(charts) >= 2, form
        for chart in charts:
            left, right = chart["box"]
            assert chart["holder"][0] - 1 <= left and right <= chart["holder"][1] + 1, chart
            assert left >= 0 and right <= size["width"], chart
            assert chart["cut"] == [], chart
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{form}: page {widths[0]}px wide in {widths[1]}px"
        check_axe(page)
    page.context.close()
