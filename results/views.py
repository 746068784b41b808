"""Results pages (issue #3): tallies with charts, exports, paper slip batches."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from auth import staff
from auth.access import visible_unit
from core.db import get_db
from core.errors import fail
from core.units import counters, get_counter, subtree
from forms import citizen_input
from forms.answers import parse_answers
from forms.registry import get_form
from forms.store import DuplicateReceipt
from results import bursts, export_csv, export_xlsx, figures, paper, slips, tallies
from results.entry import (
    BurstWithdrawForm,
    Stack,
    WithdrawForm,
    batch_form,
    slip_form,
    stack_from,
)
from results.filter_form import chosen_period, filter_error_list
from results.naming import attachment, export_name
from results.pages import page_of
from results.periods import CHOICES, Period
from results.query import filters_from, read_filters
from results.report import build_report
from results.tallies import Filters, channel_label, counter_names

bp = Blueprint("results", __name__, url_prefix="/staff/results")
ROLES = ("staff", "secretary")  # and admin, who holds every role


@bp.url_value_preprocessor
def pull_unit_and_form(endpoint: str | None, values: dict) -> None:
    """Put the URL's unit and form on g, refusing (before loading them) who may not see them."""
    g.unit = visible_unit(values.pop("unit_code"), *ROLES)
    form_def = get_form(values.pop("form_slug"), g.unit)
    if form_def is None:
        fail(404, _("Không có phiếu khảo sát này."))
    g.form_def = form_def


@bp.url_defaults
def add_unit_and_form(endpoint: str, values: dict) -> None:
    """Link within the same unit and form unless url_for names others."""
    if "unit" in g:
        values.setdefault("unit_code", g.unit.code)
    if "form_def" in g:
        values.setdefault("form_slug", g.form_def.slug)


def _query(filters: Filters) -> dict[str, str]:
    """The query string that selects the same filters (for export links)."""
    args = dict(filters.period.query())
    for name in ("channel", "counter"):
        if request.args.get(name):
            args[name] = request.args[name]
    return args


@bp.route("/<unit_code>/<form_slug>")
def results():
    """A form's results for a unit and its subtree; bad filters re-render with their errors."""
    unit, form = g.unit, g.form_def
    # Without a period the page answers for the current (Vietnamese) year: issue #14, item 3.
    filters, errors = read_filters(request.args, unit, default="year")
    report, charts = None, {}
    if filters is not None:
        report = build_report(get_db(), form, unit, filters)
        # Which charts there are and their sizes; each is drawn when its <img> asks
        # (.chart below), so the page's tables never wait for matplotlib (issue #18).
        charts = figures.report_charts(report)
    return render_template(
        "results/results.html",
        unit=unit,
        form=form,
        report=report,
        charts=charts,
        choices=CHOICES,
        chosen=chosen_period(request.args, filters),
        errors=errors,
        summary=filter_error_list(errors),
        counters=counters(unit, active_only=False),
        args=request.args,
        query=_query(filters) if filters else {},
        takes_counts=paper.takes_counts(form),
        withdrawn=bursts.list_withdrawn(get_db(), form, [u.id for u in subtree(unit)]),
        burst_rule=bursts,
        channel_label=channel_label,
    ), (400 if errors else 200)


@bp.route("/<unit_code>/<form_slug>/chart/<name>.svg")
def chart(name: str):
    """One chart of the results page as an SVG image, for the same unit, form and filters."""
    unit, form = g.unit, g.form_def
    filters = filters_from(request.args, unit, default="year")  # the page's default
    found = figures.report_charts(tallies.count_form(get_db(), form, unit, filters)).get(name)
    if found is None or not found.drawable:
        fail(404, _("Không có biểu đồ này."))
    # Kept by the browser and asked again each time (no-cache): a reload gets a 304
    # for the cost of the tallies, without drawing; new figures give a new ETag.
    # X-Content-Type-Options: nosniff comes with every response (app.SECURITY_HEADERS).
    headers = {"ETag": f'"{found.etag}"', "Cache-Control": "private, no-cache"}
    if found.etag in request.if_none_match:
        return Response(status=304, headers=headers)
    return Response(figures.draw(found), mimetype="image/svg+xml", headers=headers)


@bp.route("/<unit_code>/<form_slug>/export.<fmt>")
def download(fmt: str):
    """The responses as CSV (streamed) or XLSX (built in a temporary file)."""
    unit, form = g.unit, g.form_def
    if fmt not in ("csv", "xlsx"):
        fail(404, _("Chỉ xuất được CSV hoặc XLSX."))
    filters = filters_from(request.args, unit)
    db = get_db()
    name = export_name(unit, form, filters.period, fmt)
    if fmt == "csv":
        parts = stream_with_context(export_csv.csv_parts(db, form, unit, filters))
        return Response(
            parts,
            mimetype="text/csv",
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": attachment(name)},
        )
    limit = current_app.config["XLSX_MAX_ROWS"]
    try:
        # Refused before the tallies are counted or a byte is written (issue #18).
        export_xlsx.check_fits(db, form, unit, filters, limit)
        counted = tallies.count_form(db, form, unit, filters)
        # A temporary file, not memory: XlsxWriter streams rows to disk, the zip is
        # built at the end. The file vanishes when closed.
        out = tempfile.TemporaryFile()  # noqa: SIM115 - send_file closes it after sending
        export_xlsx.write_xlsx(out, db, form, unit, counted, limit)
    except export_xlsx.TooManyRows as refused:
        csv_link = url_for(".download", fmt="csv", **_query(filters))
        page = render_template(
            "results/too_many_rows.html", unit=unit, form=form, refused=refused, csv_link=csv_link
        )
        return page, 422
    out.seek(0)
    sent = send_file(
        out,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=name,
    )
    sent.headers["Content-Disposition"] = attachment(name)
    return sent


@bp.route("/<unit_code>/<form_slug>/paper", methods=["GET", "POST"])
def paper_batches():
    """Enter a batch of paper slips, and list the batches entered."""
    unit, form = g.unit, g.form_def
    if not paper.takes_counts(form):
        fail(404, _("Phiếu này không nhập theo số lượng từng mức."))
    unit_counters = counters(unit)
    entry = batch_form(form, unit_counters)
    db = get_db()
    status = 200
    if request.method == "POST":
        if entry.validate_on_submit():
            counter = get_counter(unit, entry.counter.data) if entry.counter.data else None
            counts = entry.counts()
            try:
                paper.enter_batch(
                    db,
                    form,
                    unit,
                    counter,
                    entry.day_value,
                    paper.slips_from_counts(form, counts),
                    user_id=current_user.id,
                    key=entry.key.data,
                    note=(entry.note.data or "").strip(),
                )
                entered = sum(counts.values())
                flash(
                    ngettext("Đã nhập %(num)d phiếu giấy.", "Đã nhập %(num)d phiếu giấy.", entered),
                    "success",
                )
            except paper.DuplicateBatch:
                flash(_("Đợt phiếu này đã được lưu trước đó; không nhập lại."), "success")
            return redirect(url_for(".paper_batches"))
        status = 422
    return render_template(
        "results/paper.html",
        unit=unit,
        form=form,
        entry=entry,
        summary=form.question(form.summary),
        **_batch_list(db, unit, form),
    ), status


@bp.route("/<unit_code>/<form_slug>/paper/slip", methods=["GET", "POST"])
def paper_slip():
    """Type in one paper slip of any form, every question as the citizen saw it."""
    unit, form = g.unit, g.form_def
    unit_counters = counters(unit)
    stack = stack_from(request.args, unit_counters)
    entry = slip_form(unit_counters, stack)
    values: dict[str, list[str]] = {}
    receipt_text = ""
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        posted = citizen_input.read_posted(request, current_app.config["MAX_FORM_MEMORY_SIZE"])
        values = {q.key: posted.getlist(q.key) for q in form.questions}
        receipt_text = citizen_input.first(posted, "receipt_code")
        # The same checks as the citizen's form: validation lives in forms.answers.
        details_ok = entry.validate_on_submit()
        parsed = parse_answers(form, values)
        receipt, receipt_error = citizen_input.receipt_code(form, receipt_text)
        errors = ({"receipt_code": receipt_error} if receipt_error else {}) | parsed.errors
        status = 422
        if details_ok and not errors:
            code = entry.slip_counter.data
            try:
                slips.enter_slip(
                    get_db(),
                    form,
                    unit,
                    get_counter(unit, code) if code else None,
                    entry.day_value,
                    parsed.answers,
                    user_id=current_user.id,
                    submission_id=entry.submission_id.data,
                    receipt_code=receipt,
                )
                entered = stack.entered + 1
                saved = _("Đã lưu phiếu giấy.")
            except paper.DuplicateBatch:
                entered = stack.entered
                saved = _("Phiếu này đã được lưu trước đó; không nhập lại.")
            except DuplicateReceipt:
                errors = {
                    "receipt_code": _(
                        "Hồ sơ %(code)s đã có phiếu đánh giá trên mẫu phiếu này;"
                        " mỗi hồ sơ chỉ đánh giá một lần.",
                        code=receipt,
                    )
                }
                status = 409
            if not errors:
                count = ngettext(
                    "Đã nhập %(num)d phiếu trong đợt này.",
                    "Đã nhập %(num)d phiếu trong đợt này.",
                    entered,
                )
                flash(f"{saved} {count}", "success")
                # The next blank slip of the stack: same counter and day, the count so far.
                next_slip = Stack(code or "", entry.slip_day.data, entered)
                return redirect(url_for(".paper_slip", **next_slip.query(entered)), code=303)
    summary = staff.form_error_list(entry) + citizen_input.error_summary(form, errors)
    return render_template(
        "results/paper_slip.html",
        unit=unit,
        form=form,
        entry=entry,
        values=values,
        receipt_text=receipt_text,
        errors=errors,
        summary=summary,
        conditions=citizen_input.conditions(form),
        # After a saved slip, the first question takes the focus: the next slip's first tap.
        autofocus_key=form.questions[0].key if stack.entered and not summary else None,
        stack=stack,
        takes_counts=paper.takes_counts(form),
        **_batch_list(get_db(), unit, form),
    ), status


@bp.route("/<unit_code>/<form_slug>/paper/<int:batch_id>/withdraw", methods=["GET", "POST"])
def withdraw(batch_id: int):
    """Withdraw a wrong batch with a reason; its slips stay stored, out of the tallies."""
    unit, form = g.unit, g.form_def
    db = get_db()
    batch = paper.get_batch(db, batch_id, unit, form)
    if batch is None:
        fail(404, _("Không có đợt phiếu này."))
    confirm = WithdrawForm()
    status = 200
    if batch.withdrawn_at is None and confirm.validate_on_submit():
        done = paper.withdraw_batch(
            db, batch.id, unit, user_id=current_user.id, reason=confirm.reason.data.strip()
        )
        if done:
            flash(_("Đã rút đợt phiếu số %(id)d.", id=batch.id), "success")
        else:
            flash(_("Đợt phiếu này đã được rút trước đó."), "success")
        return redirect(_paper_page(form))
    if request.method == "POST":
        status = 409 if batch.withdrawn_at else 422
    return render_template(
        "results/withdraw.html",
        unit=unit,
        form=form,
        batch=batch,
        confirm=confirm,
        summary=form.question(form.summary) if form.summary else None,
        back=_paper_page(form),
    ), status


@bp.route(
    "/<unit_code>/<form_slug>/bursts/<int:counter_id>/<int:first>/<int:last>/withdraw",
    methods=["GET", "POST"],
)
def withdraw_burst(counter_id: int, first: int, last: int):
    """Withdraw a flagged burst of QR responses with a reason; they stay stored, uncounted."""
    unit, form = g.unit, g.form_def
    db = get_db()
    burst = _flagged(db, form, unit, counter_id, first, last)
    confirm = BurstWithdrawForm()
    if confirm.validate_on_submit():
        bursts.withdraw_burst(
            db, form, burst, user_id=current_user.id, reason=confirm.reason.data.strip()
        )
        flash(
            _("Đã rút %(n)d phiếu của đợt tăng đột biến.", n=burst.responses),
            "success",
        )
        day = burst.days[0].isoformat()
        return redirect(url_for(".results", period="month", date=day))
    return render_template(
        "results/withdraw_burst.html",
        unit=unit,
        form=form,
        burst=burst,
        confirm=confirm,
        back=url_for(".results", period="month", date=burst.days[0].isoformat()),
    ), (422 if request.method == "POST" else 200)


def _flagged(db, form, unit, counter_id: int, first: int, last: int) -> bursts.Burst:
    """The burst of these windows at this counter of the unit, if it is flagged now; else 404."""
    gone = _("Không có đợt phiếu tăng đột biến này (có thể đã được rút).")
    now = int(datetime.now(UTC).timestamp()) // bursts.WINDOW_SECONDS
    # Bounds first: ids from the URL go into SQL and datetime only once they are sane.
    if not 0 < first <= last <= now or last - first >= bursts.WINDOWS_A_DAY:
        fail(404, gone)
    names = counter_names(db, [unit.id])
    if counter_id and counter_id not in names:
        fail(404, gone)
    probe = bursts.Burst(unit, None, None, first, last, 0, 0.0)
    filters = Filters(Period("range", *probe.days))
    windows = tallies.qr_windows(db, form, [unit.id], filters)
    lo, hi = filters.period.bounds
    for burst in bursts.find(windows, lo, hi, {unit.id: unit}, names):
        if (burst.counter_id or 0, burst.first, burst.last) == (counter_id, first, last):
            return burst
    fail(404, gone)


def _batch_list(db, unit, form) -> dict:
    """The page of the batch list the request asks for, and its page links."""
    pages = page_of(paper.count_batches(db, unit, form))
    batches = paper.list_batches(db, unit, form, limit=pages.per_page, offset=pages.offset)
    return {"batches": batches, "pages": pages}


def _paper_page(form) -> str:
    """Where this unit's paper slips of a form are listed: the batch page, or slip entry."""
    return url_for(".paper_batches" if paper.takes_counts(form) else ".paper_slip")


@staff.provide_links
def results_links(unit, user) -> list[staff.Link]:
    """The year's results of each form, and paper slip entry for units that have counters."""
    if not user.has_role(*ROLES):
        return []
    from results.tasks import results_tasks

    return results_tasks(unit)
