"""Corrective-action pages: the open list, an inspection's actions, one action's steps."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from actions import access, store
from actions.forms import ActionForm, ReportForm, ReviewForm
from actions.model import actions_for_units, actions_of, load_action, previous_actions
from auth.access import require_login
from auth.staff import ORDER_ACTIONS, Link, form_error_list, provide_links
from core import units
from core.errors import fail

bp = Blueprint("actions", __name__, url_prefix="/staff/actions")


@bp.url_value_preprocessor
def pull_records(endpoint: str | None, values: dict) -> None:
    """Put the action or inspection a URL names on g; refuse (before loading) a visitor."""
    if not values:
        return
    require_login()
    if "action_id" in values:
        action = load_action(values.pop("action_id"))
        if action is None:
            fail(404, _("Không tìm thấy biện pháp khắc phục này."))
        if not access.may_see(current_user, action):
            fail(403, _("Biện pháp khắc phục này không thuộc đơn vị của bạn."))
        g.action = action
    if "inspection_id" in values:
        from inspections.access import conducting_unit
        from inspections.model import load_inspection

        inspection = load_inspection(values.pop("inspection_id"))
        if inspection is None:
            fail(404, _("Không tìm thấy cuộc kiểm tra này."))
        if not (
            current_user.can_see(inspection.unit)
            or current_user.can_see(conducting_unit(inspection))
        ):
            fail(403, _("Cuộc kiểm tra này không thuộc đơn vị của bạn."))
        g.inspection = inspection


@bp.route("/")
@login_required
def index():
    """Open actions of the account's units, the overdue first."""
    found = actions_for_units(current_user.unit)
    today = date.today()
    found.sort(key=lambda a: (not a.overdue(today), a.due, a.id))
    return render_template("actions/index.html", actions=found, today=today)


def _action_form(inspection) -> ActionForm:
    form = ActionForm()
    form.item.choices = [SelectChoice("", _("(Không gắn với mục cụ thể)"))] + [
        SelectChoice(item.key, f"{i}.{j}. {item.label}")
        for i, area in enumerate(inspection.areas, 1)
        for j, item in enumerate(area.items, 1)
    ]
    form.unit.choices = [SelectChoice(u.code, u.name) for u in units.subtree(inspection.unit)]
    return form


def _may_direct(inspection) -> bool:
    from inspections.access import conducting_unit

    return access.may_direct(current_user, inspection.id, conducting_unit(inspection))


@bp.route("/inspections/<int:inspection_id>", methods=["GET", "POST"])
def for_inspection():
    """An inspection's actions; the conducting unit adds more from the conclusion."""
    inspection = g.inspection
    may_add = _may_direct(inspection)
    form = _action_form(inspection)
    if request.method == "POST":
        if not may_add:
            fail(403, _("Chỉ đơn vị tiến hành kiểm tra được thêm biện pháp khắc phục."))
        if form.validate_on_submit():
            unit = units.get_unit_by_code(form.unit.data)
            store.add_action(
                inspection.id,
                form.item.data or None,
                form.what.data.strip(),
                unit.id,
                (form.person.data or "").strip(),
                form.due.data.isoformat(),
                current_user.id,
            )
            flash(_("Đã thêm biện pháp khắc phục."), "success")
            return redirect(url_for("actions.for_inspection"))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "actions/inspection.html",
        inspection=inspection,
        actions=actions_of(inspection.id),
        labels={i.key: i.label for a in inspection.areas for i in a.items},
        form=form if may_add else None,
        errors=form_error_list(form) if request.method == "POST" else [],
        today=date.today(),
    ), status


@bp.url_defaults
def add_ids(endpoint: str, values: dict) -> None:
    """Link to the same action or inspection unless url_for names another."""
    for name, key in (("action", "action_id"), ("inspection", "inspection_id")):
        if name in g and current_app.url_map.is_endpoint_expecting(endpoint, key):
            values.setdefault(key, getattr(g, name).id)


@bp.route("/inspections/<int:inspection_id>/report.<any(docx, pdf):fmt>")
def followup_report(fmt: str):
    """'Báo cáo kết quả khắc phục' of an inspection as Word or PDF."""
    from actions.documents import build_report
    from minutes.render import render
    from minutes.views import MIMETYPES

    report = build_report(g.inspection.id)
    response = Response(render(report, fmt), mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{report.filename}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _show(report_form=None, status: int = 200, errors=None):
    action = g.action
    from inspections.model import load_inspection

    inspection = load_inspection(action.inspection_id)
    item = inspection.item(action.item_key) if action.item_key else None
    return render_template(
        "actions/show.html",
        action=action,
        item=item,
        steps=store.steps_of(action.id),
        report_form=report_form or ReportForm(status=action.status),
        may_report=access.may_report(current_user, action),
        may_review=access.may_review(current_user, action),
        may_open_inspection=current_user.can_see(action.inspected_unit)
        or current_user.can_see(action.conducting_unit),
        errors=errors or [],
        today=date.today(),
    ), status


@bp.route("/<int:action_id>")
def show():
    """One action: what, who, when, its steps, and the forms the account may use."""
    return _show()


@bp.route("/<int:action_id>/report", methods=["POST"])
def report():
    """The inspected unit reports progress, or a fix with a note and photo evidence."""
    action = g.action
    if not access.may_report(current_user, action):
        fail(403, _("Chỉ đơn vị được kiểm tra báo cáo kết quả khắc phục."))
    form = ReportForm()
    if not form.validate_on_submit():
        return _show(form, 422, form_error_list(form))
    upload = request.files.get("photo")
    has_photo = bool(upload and upload.filename)
    try:
        note = store.clean_text(form.note.data, store.NOTE_MAX)
        if form.status.data == "fixed" and not note:
            raise store.ActionError(_("Ghi kết quả khắc phục và minh chứng."))
    except store.ActionError as error:
        form.note.errors = [str(error)]
        return _show(form, 422, form_error_list(form))
    if has_photo:
        from inspections.photos import PhotoError

        try:
            store.add_photo(action.id, upload.read(), current_user.id, action.unit.id)
        except PhotoError as error:
            fail(error.code, str(error))
    try:
        store.take_step(action.id, form.status.data, note, current_user.id, action.unit.id)
    except store.StaleStatus:
        fail(409, _("Biện pháp này đã được xác nhận hoặc đang chờ xem xét; hãy tải lại trang."))
    flash(_("Đã gửi báo cáo."), "success")
    return redirect(url_for("actions.show"))


@bp.route("/<int:action_id>/review", methods=["GET", "POST"])
def review():
    """The conducting unit confirms, then verifies a fix or sends it back."""
    action = g.action
    if not access.may_review(current_user, action):
        if action.status != "fixed":
            fail(409, _("Biện pháp này chưa được báo cáo đã khắc phục nên chưa thể xem xét."))
        fail(403, _("Chỉ đơn vị tiến hành kiểm tra được xác nhận hoặc trả lại."))
    form = ReviewForm()
    if request.method == "GET":
        form.decision.data = request.args.get("decision", "verify")
        return render_template("actions/review.html", action=action, form=form, errors=[])
    errors = []
    if form.validate_on_submit():
        try:
            note = store.clean_text(form.note.data, store.NOTE_MAX, form.decision.data == "return")
        except store.ActionError as error:
            form.note.errors = [str(error)]
        else:
            try:
                store.take_step(
                    action.id, form.decision.data, note, current_user.id, action.unit.id
                )
            except store.StaleStatus:
                fail(409, _("Biện pháp này đã được xem xét; hãy tải lại trang."))
            if form.decision.data == "verify":
                flash(_("Đã xác nhận hoàn thành khắc phục."), "success")
            else:
                flash(_("Đã trả lại để đơn vị khắc phục tiếp."), "success")
            return redirect(url_for("actions.show"))
    errors = form_error_list(form)
    return render_template("actions/review.html", action=action, form=form, errors=errors), 422


@bp.route("/<int:action_id>/photos/<sha256>.jpg")
def photo(sha256: str):
    """An evidence photo, only to those who may see the action."""
    from inspections.model import photo_path

    if sha256 not in g.action.photo_hashes or not photo_path(sha256).exists():
        abort(404)
    response = send_file(photo_path(sha256), mimetype="image/jpeg", max_age=0)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@provide_links
def action_links(unit: units.Unit, user) -> list[Link]:
    """'Open corrective actions' of the account's units, the overdue ones named, on its own unit."""
    if unit.id != user.unit_id:
        return []
    found = actions_for_units(unit)
    if not found:
        return []
    today = date.today()
    overdue = [a for a in found if a.overdue(today)]
    return [
        Link(
            _("Biện pháp khắc phục chưa đóng"),
            url_for("actions.index"),
            _(
                "%(open)s chưa đóng, %(late)s quá hạn",
                open=len(found),
                late=len(overdue),
            ),
            tuple(
                Link(
                    _(
                        "Quá hạn %(due)s: %(what)s (%(unit)s)",
                        due=date.fromisoformat(action.due).strftime("%d/%m/%Y"),
                        what=action.what,
                        unit=action.unit.name,
                    ),
                    url_for("actions.show", action_id=action.id),
                )
                for action in overdue[:5]
            ),
            ORDER_ACTIONS,
        )
    ]


def prior_actions(inspection) -> dict:
    """Actions of the unit's previous inspection by item key, once per request (area pages)."""
    cache = g.setdefault("prior_actions", {})
    if inspection.id not in cache:
        cache[inspection.id] = previous_actions(inspection.id, inspection.unit.id, inspection.date)
    return cache[inspection.id]
