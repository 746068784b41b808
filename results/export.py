"""What both exports share: the columns, the responses they cover, one row per response.

The rows come straight from one query over the responses and their answer rows
(results/export_csv.py and results/export_xlsx.py write them), so a million
responses never sit in memory at once. A text cell that a spreadsheet would read
as a formula (OWASP 'CSV injection') is neutralised by each writer its own way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import sqlite_utils
from flask_babel import gettext as _

from core.definitions import Label
from core.numbers import decimal_text, rounded
from core.units import Unit, subtree
from forms.definition import FormDef
from forms.expand import expand_pending, expanded_up_to
from results.tallies import Filters, Tallies, channel_label, counter_names

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Positions of the response's day and instant in header().
DAY, SUBMITTED = 1, 2


def neutralise(value):
    """A CSV cell a spreadsheet will not run as a formula: a leading ', shown as text."""
    if value.__class__ is str and value.startswith(FORMULA_START):
        return "'" + value
    return value


def risky(value) -> bool:
    """Whether a spreadsheet would read this cell as a formula if written as typed."""
    return value.__class__ is str and value.startswith(FORMULA_START)


def answered(form: FormDef) -> list:
    """The questions that take an answer, one column each (notes and headings have none)."""
    return [q for q in form.questions if q.kind.answered]


def facts(form: FormDef) -> list[str]:
    """The titles of the response's own columns, before the questions."""
    columns = [
        _("Mã phiếu"),
        _("Ngày"),
        _("Thời điểm gửi (UTC)"),
        _("Đơn vị"),
        _("Quầy"),
        _("Kênh"),
    ]
    if form.receipt_code != "none":
        columns.append(_("Mã hồ sơ"))
    # Which wording the citizen answered (issue #16): the labels of old versions differ.
    columns.append(_("Phiên bản phiếu"))
    return columns


def header(form: FormDef) -> list[str]:
    """Column titles: the response's facts, then each question's Vietnamese label."""
    columns = facts(form)
    for question in answered(form):
        # A label may repeat a fact's title ("Ngày") or another label: the key,
        # unique in the form, keeps each column apart for the reader.
        label = str(question.label)
        columns.append(f"{label} ({question.key})" if label in columns else label)
    if form.grades:
        columns.append(_("Tổng điểm"))
    return columns


def where(
    form: FormDef, unit_ids: list[int], filters: Filters, alias: str = ""
) -> tuple[str, list]:
    """The responses the tallies count (withdrawn = 0 selects the partial indexes)."""
    a = f"{alias}." if alias else ""
    marks = ", ".join("?" * len(unit_ids))
    sql = (
        f"{a}form_slug = ? AND {a}unit_id IN ({marks}) AND {a}withdrawn = 0"
        f" AND {a}day BETWEEN ? AND ?"
    )
    params: list = [form.slug, *unit_ids, *filters.period.bounds]
    if filters.channel:
        sql += f" AND {a}channel = ?"
        params.append(filters.channel)
    if filters.counter_id:
        sql += f" AND {a}counter_id = ?"
        params.append(filters.counter_id)
    return sql, params


def count(db: sqlite_utils.Database, form: FormDef, unit: Unit, filters: Filters) -> int:
    """How many rows rows() will give (read from the tally index, before writing any)."""
    sql, params = where(form, [u.id for u in subtree(unit)], filters)
    expand_pending(db)
    return db.execute(
        f"SELECT count(*) FROM responses WHERE {sql} AND id <= ?",  # noqa: S608 - clause and placeholders from where()
        [*params, expanded_up_to(db)],
    ).fetchone()[0]


def option_labels(db: sqlite_utils.Database, form: FormDef) -> dict[int, dict[str, dict]]:
    """Per stored version, per question, each option key's label in that version's words."""
    current = {q.key: {o.key: str(o.label) for o in q.options} for q in form.questions}
    versions = {form.version: current}
    for version, text in db.execute(
        "SELECT version, definition FROM form_versions WHERE slug = ? AND version != ?",
        [form.slug, form.version],
    ):
        try:
            questions = json.loads(text).get("questions") or []
            versions[version] = {
                q["key"]: {o["key"]: str(_label(o["label"])) for o in q.get("options") or []}
                for q in questions
            }
        except (ValueError, KeyError, TypeError, AttributeError):
            versions[version] = current  # an unreadable old definition: today's words
    return versions


def _label(raw) -> Label:
    """A stored label: {"vi": ..., "en": ...}, or plain text from an older dump."""
    return Label(raw.get("vi", ""), raw.get("en")) if isinstance(raw, dict) else Label(str(raw))


def rows(
    db: sqlite_utils.Database,
    form: FormDef,
    unit: Unit,
    filters: Filters,
    neutralised: bool = False,
) -> Iterator[list]:
    """One list per response, in the order of header(), straight from the cursor.

    neutralised: every text cell that comes from people (names, codes, labels,
    answers) goes through neutralise(), as the CSV needs; the XLSX marks its
    cells itself.
    """
    mark = neutralise if neutralised else _as_is
    units = subtree(unit)
    unit_ids = [u.id for u in units]
    sql, params = where(form, unit_ids, filters, alias="r")
    expand_pending(db)
    # A response stored while the export runs has no answer rows yet: left out.
    sql, params = f"{sql} AND r.id <= ?", [*params, expanded_up_to(db)]
    # Names are looked up here rather than joined: two fewer B-tree searches a row.
    unit_names = {u.id: mark(u.name) for u in units}
    counters = {k: mark(v) for k, v in counter_names(db, unit_ids).items()}
    channels = {c: channel_label(c) for c in ("qr", "kiosk", "paper")}
    # Per version, per question: its column, how its type writes the cell, whether its
    # points add up, and the option labels in that version's words (issue #16).
    offset = len(facts(form))
    asked = answered(form)
    questions_by_version = {
        version: {
            q.key: (offset + i, q.kind.cell, q.kind.choice, _marked(labels.get(q.key), mark))
            for i, q in enumerate(asked)
        }
        for version, labels in option_labels(db, form).items()
    }
    latest = questions_by_version[form.version]
    # Only typed answers need marking per row: option labels were marked above.
    typed = [offset + i for i, q in enumerate(asked) if not q.kind.choice]
    typed = typed if neutralised else []
    receipt = form.receipt_code != "none"
    grades = bool(form.grades)
    blank = [None] * len(asked)
    cursor = db.execute(
        "SELECT r.id, r.day, r.submitted_at, r.unit_id, r.counter_id, r.channel,"  # noqa: S608 - clause and placeholders from where()
        " r.receipt_code, r.form_version, a.question, a.value, a.number"
        " FROM responses r LEFT JOIN answers a ON a.response_id = r.id"
        # (day, id) is the order of the responses index for one unit, and answers come
        # in rowid order from theirs: no sort of a commune's export.
        f" WHERE {sql} ORDER BY r.day, r.id",
        params,
    )
    current = None
    row: list = []
    questions: dict = {}
    points = 0.0
    for rid, day, at, unit_id, counter_id, channel, code, version, key, value, number in cursor:
        if rid != current:
            if current is not None:
                yield _finish(row, typed, points, grades)
            current = rid
            row = [rid, day, at, unit_names.get(unit_id, ""), counters.get(counter_id, "")]
            row.append(channels[channel])
            if receipt:
                row.append(mark(code) if code else "")
            row.append(version)
            row += blank
            questions = questions_by_version.get(version, latest)
            points = 0.0
        found = questions.get(key)
        if found is None:
            continue  # no answer, or a question this version no longer asks
        i, cell, choice, labels = found
        row[i] = cell(row[i], value, number, labels)
        if choice and number is not None:
            points += number  # an option's points
    if current is not None:
        yield _finish(row, typed, points, grades)


def _marked(labels: dict | None, mark) -> dict:
    """Option labels as written in the cells (for the CSV, already neutralised)."""
    return {key: mark(label) for key, label in (labels or {}).items()}


def _finish(row: list, typed: list[int], points: float, grades: bool) -> list:
    """The row once its last answer is read: typed answers neutralised, the total appended."""
    for i in typed:
        value = row[i]
        if value.__class__ is str and value.startswith(FORMULA_START):
            row[i] = "'" + value
    if grades:
        # A whole total as 12, not 12.0 (issue #16).
        row.append(int(points) if points.is_integer() else points)
    return row


def _as_is(value):
    return value


def tally_frame(report: Tallies):
    """The second sheet: counts and percentages per question and option, then breakdowns."""
    import pandas as pd

    records = []
    for tally in report.questions:
        for _key, label, count, percent in tally.rows:
            records.append([str(tally.question.label), label, count, rounded(percent, 2)])
    for numbers in report.numbers:  # integer and decimal questions (issue #16)
        name = str(numbers.question.label)
        for label, value in numbers.figures:
            records.append(
                [name, label, numbers.count, None if value is None else rounded(value, 2)]
            )
        for low, high, n in numbers.histogram():
            span = decimal_text(low, 2, trim=True)
            if high != low:
                span += " – " + decimal_text(high, 2, trim=True)
            records.append([name, f"{_('Phân bố')}: {span}", n, None])
    for title, tab in (
        (_("Theo quầy"), report.by_counter),
        (_("Theo kỳ"), report.by_period),
        (_("Theo kênh"), report.by_channel),
    ):
        if tab is None:
            continue
        for name, values in tab.rows:
            for column, count in zip(tab.columns, values, strict=True):
                records.append([f"{title}: {name}", column, count, None])
    for label, mean in report.indicators:
        records.append([label, _("Điểm trung bình"), None, rounded(mean, 4)])
    for label, index in report.factors:
        records.append([label, _("Chỉ số hài lòng (%)"), None, rounded(index, 2)])
    for grade, bounds, count, percent in report.grades:
        records.append([f"{_('Xếp loại')}: {grade}", bounds, count, rounded(percent, 2)])
    # Cells are written as text with a quote prefix where they look like formulas.
    return pd.DataFrame(
        records, columns=[_("Câu hỏi"), _("Lựa chọn"), _("Số phiếu"), _("Tỷ lệ (%)")]
    )
