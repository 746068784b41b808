"""Lists shown a page at a time: the ?page= argument checked, and the page links to show."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from core.errors import fail

PER_PAGE = 25


@dataclass(frozen=True)
class Pages:
    """One page of a list of `total` things, `per_page` to a page."""

    number: int
    total: int
    per_page: int = PER_PAGE

    @property
    def count(self) -> int:
        """How many pages there are; an empty list still has its one (empty) page."""
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    def numbers(self) -> list[int | None]:
        """Page numbers to link, None where an ellipsis stands: 1 … 4 5 6 … 10 (GOV.UK)."""
        near = {1, self.count, self.number - 1, self.number, self.number + 1}
        shown = sorted(n for n in near if 1 <= n <= self.count)
        out: list[int | None] = []
        for n in shown:
            if out and n - out[-1] > 1:
                out.append(None)
            out.append(n)
        return out

    def url(self, number: int) -> str:
        """This page's address with another page number, the other arguments kept."""
        args = request.args.to_dict() | {"page": number}
        return url_for(request.endpoint, **args)


def page_of(total: int, per_page: int = PER_PAGE) -> Pages:
    """The page the request asks for: 400 for a page that is not a number, 404 past the end."""
    raw = request.args.get("page", "1")
    if not (raw.isdigit() and len(raw) <= 6):
        fail(400, _("Số trang không hợp lệ: %(page)s.", page=raw[:20]))
    pages = Pages(int(raw), total, per_page)
    if not 1 <= pages.number <= pages.count:
        # Literal twice (Vietnamese has one plural form) so that pybabel extracts it.
        message = ngettext(
            "Không có trang %(page)d; danh sách có %(num)d trang.",
            "Không có trang %(page)d; danh sách có %(num)d trang.",
            pages.count,
            page=pages.number,
        )
        fail(404, message)
    return pages
