"""Shared pieces of the results tests: a known data set and an HTML table reader."""

import random
import re
from collections import Counter as Tally
from datetime import UTC, datetime
from html import unescape
from html.parser import HTMLParser

from core.db import get_db
from core.units import counters, get_unit_by_code
from forms.expand import expand_pending
from forms.registry import get_form
from forms.store import store_response

# A full danh-gia-tthc answer: nine indicators, 12 points in all.
TTHC_12 = {
    "tong-thoi-gian": "2",
    "thoi-gian-tung-co-quan": "1",
    "so-lan-lien-he": "0",
    "so-co-quan": "2",
    "tiep-nhan-tra-ket-qua": "2",
    "cong-khai": "1",
    "thai-do": "2",
    "phan-anh-kien-nghi": "2",
    "truc-tuyen": "0",
}


def load_known(app, make_user) -> list[dict]:
    """The demo's data (695 paper slips + QR) and known QR responses at Tân Kỳ.

    Returns the Tân Kỳ rows as inserted, for tests that recompute from them.
    """
    make_user("motcua", "staff", "ngoc-ky")
    inserted = []
    with app.app_context():
        from results import demo

        with get_db().atomic():
            demo.seed()
        unit = get_unit_by_code("tan-ky")
        desk = counters(unit)[0]
        rng = random.Random(7)
        form = get_form("hai-long")
        for n in range(37):
            level = rng.choice(["rat-hai-long", "hai-long", "khong-hai-long"])
            answers = {"muc-do": level}
            if level == "khong-hai-long":
                answers["chua-hai-long"] = ["thoi-gian-cho"]
            when = datetime(2022, rng.randint(1, 12), rng.randint(1, 28), 3, tzinfo=UTC)
            store_response(
                get_db(),
                form,
                unit,
                answers,
                submission_id=f"tk-{n}",
                counter=desk,
                submitted_at=when,
            )
            inserted.append({"unit": "tan-ky", "day": when.date().isoformat(), **answers})
    return inserted


def raw_answers(app, form_slug: str) -> list[dict]:
    """Every live answer row with its response's facts: a plain SELECT, no aggregation."""
    with app.app_context():
        expand_pending(get_db())
        rows = (
            get_db()
            .execute(
                "SELECT r.id, u.code, r.day, r.channel, c.code, a.question, a.value, a.number"
                " FROM answers a JOIN responses r ON r.id = a.response_id"
                " JOIN units u ON u.id = r.unit_id LEFT JOIN counters c ON c.id = r.counter_id"
                " WHERE r.form_slug = ? AND r.withdrawn = 0",
                [form_slug],
            )
            .fetchall()
        )
    keys = ("response", "unit", "day", "channel", "counter", "question", "value", "number")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def count(rows, question, **match) -> Tally:
    """Answers to a question per value among rows matching every given field."""
    return Tally(
        r["value"]
        for r in rows
        if r["question"] == question and all(r[k] == v for k, v in match.items())
    )


def vn_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def vn_pct(x: float) -> str:
    return f"{x:.1f}".replace(".", ",") + "%"


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.stack: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.stack.append(attrs.get("id") or f"table-{len(self.tables)}")
            self.tables[self.stack[-1]] = []
        elif tag == "tr" and self.stack:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.stack:
            self.tables[self.stack[-1]].append(self.row)
            self.row = None
        elif tag == "table" and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def read_tables(html: str) -> dict[str, list[list[str]]]:
    """Every table by id: rows of cell texts (header rows included)."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


CHART_IMG = re.compile(r'<img class="chart-img" src="([^"]+)"[^>]*>')


def chart_sources(html: str) -> list[str]:
    """The chart URLs a results page's <img> elements ask for, in page order."""
    return [unescape(src) for src in CHART_IMG.findall(html)]


def fetch_charts(client, html: str) -> dict[str, str]:
    """Each chart of a results page as its SVG text, by URL, fetched as the browser would."""
    found = {}
    for src in chart_sources(html):
        response = client.get(src)
        assert response.status_code == 200, (src, response.status_code)
        assert response.mimetype == "image/svg+xml"
        found[src] = response.get_data(as_text=True)
    return found
