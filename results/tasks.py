"""Home-page tasks of the results part: the year's results and entering paper slips."""

from __future__ import annotations

from datetime import UTC, date

from flask import g, url_for
from flask_babel import gettext as _
from flask_login import current_user

from auth.staff import ORDER_PAPER, ORDER_RESULTS, Link
from core import dates
from core.db import get_db
from core.units import Unit, counters, subtree
from forms.definition import FormDef
from forms.registry import get_forms
from results import paper, vn_int


def latest_day(form: FormDef, unit_id: int) -> str:
    """A unit's last day with a counted response of a form, '' if none; once per request.

    One index seek (responses_live_tally starts form, unit, day); kept on g because a
    province admin's home asks it again for the province, the district and each commune.
    """
    cache = g.setdefault("latest_days", {})
    if (form.slug, unit_id) not in cache:
        row = (
            get_db()
            .execute(
                "SELECT max(day) FROM responses"
                " WHERE form_slug = ? AND unit_id = ? AND withdrawn = 0 AND day <= ?",
                [form.slug, unit_id, f"{dates.today().year}-12-31"],
            )
            .fetchone()
        )
        cache[form.slug, unit_id] = row[0] or ""
    return cache[form.slug, unit_id]


def latest_year(unit_ids: list[int], forms: list[FormDef]) -> int:
    """This year, or the last year with responses when this year has none yet.

    The demo holds 2022: a home page reading "0 phiếu năm 2026" would hide the work.
    """
    this_year = dates.today().year
    latest = max((latest_day(form, unit_id) for form in forms for unit_id in unit_ids), default="")
    if not latest or latest[:4] == str(this_year):
        return this_year
    return int(latest[:4])


def year_counts(form: FormDef, year: int) -> dict[int, int]:
    """Counted responses of a form in a year per unit of the signed-in user's subtree.

    Once per request: each card of the home page sums its own units from it, so a
    province's million responses are counted once, not once for the province, once
    for the district and once for each commune (docs/PERFORMANCE.md).
    """
    cache = g.setdefault("year_counts", {})
    if (form.slug, year) not in cache:
        unit_ids = [u.id for u in subtree(current_user.unit)]
        marks = ", ".join("?" * len(unit_ids))
        rows = get_db().execute(
            "SELECT unit_id, count(*) FROM responses WHERE form_slug = ?"  # noqa: S608 - placeholders only
            f" AND unit_id IN ({marks}) AND day BETWEEN ? AND ? AND withdrawn = 0"
            " GROUP BY unit_id",
            [form.slug, *unit_ids, f"{year}-01-01", f"{year}-12-31"],
        )
        cache[form.slug, year] = dict(rows.fetchall())
    return cache[form.slug, year]


def responses_in_year(unit_ids: list[int], form: FormDef, year: int) -> int:
    """Counted responses (QR, kiosk and paper) of a form in the units during a year."""
    counts = year_counts(form, year)
    return sum(counts.get(unit_id, 0) for unit_id in unit_ids)


def paper_slips_this_month(unit: Unit) -> int:
    """Paper slips entered at a unit since the first of this month (Vietnam time)."""
    first = dates.local_now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    since = first.astimezone(UTC).isoformat(timespec="seconds")
    row = (
        get_db()
        .execute(
            "SELECT count(*) FROM responses r JOIN paper_batches b ON b.id = r.batch_id"
            " WHERE b.unit_id = ? AND b.entered_at >= ? AND b.withdrawn_at IS NULL",
            [unit.id, since],
        )
        .fetchone()
    )
    return row[0]


def results_tasks(unit: Unit) -> list[Link]:
    """'Results of the year' with each form's count, and 'enter paper slips' per form."""
    forms = list(get_forms(unit).values())
    unit_ids = [u.id for u in subtree(unit)]
    year = latest_year(unit_ids, forms)
    period = {"period": "year", "date": date(year, 1, 1).isoformat()}
    per_form = []
    total = 0
    for form in forms:
        n = responses_in_year(unit_ids, form, year)
        total += n
        per_form.append(
            Link(
                str(form.title),
                url_for("results.results", unit_code=unit.code, form_slug=form.slug, **period),
                _("%(n)s phiếu", n=vn_int(n)),
            )
        )
    tasks = [
        Link(
            _("Kết quả đánh giá năm %(year)d", year=year),
            url_for("results.results", unit_code=unit.code, form_slug=forms[0].slug, **period),
            _("%(n)s phiếu năm %(year)d", n=vn_int(total), year=year),
            tuple(per_form),
            ORDER_RESULTS,
        )
    ]
    if counters(unit):
        tasks.append(paper_task(unit, forms))
    return tasks


def paper_task(unit: Unit, forms: list[FormDef]) -> Link:
    """'Enter paper slips': counts per level where a form allows it, else one slip at a time."""
    items = tuple(
        Link(
            str(form.title),
            url_for(
                "results.paper_batches" if paper.takes_counts(form) else "results.paper_slip",
                unit_code=unit.code,
                form_slug=form.slug,
            ),
            _("nhập số phiếu theo từng mức")
            if paper.takes_counts(form)
            else _("nhập từng phiếu giấy"),
        )
        for form in forms
    )
    # The task opens the quickest entry: counts per level, where a form allows it.
    counted = [item for item, form in zip(items, forms, strict=True) if paper.takes_counts(form)]
    first = (counted or items)[0].url
    n = paper_slips_this_month(unit)
    return Link(
        _("Nhập phiếu giấy"),
        first,
        _("%(n)s phiếu giấy nhập tháng này", n=vn_int(n)),
        items,
        ORDER_PAPER,
    )
