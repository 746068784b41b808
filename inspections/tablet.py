"""The tablet pages: one area at a time, each change saved at once (or one area per POST)."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from core.errors import fail
from inspections import access, store
from inspections.checklist import Checklist
from inspections.model import Inspection, checklist_version, load_inspection, photo_path
from inspections.photos import PhotoError, photo_belongs, store_photo
from inspections.views import bp


def locked_message() -> str:
    """Why a final inspection refuses changes."""
    return _("Cuộc kiểm tra đã hoàn thành nên không thể sửa. Quản trị viên có thể mở lại.")


def _checklist(inspection: Inspection) -> Checklist:
    """The checklist version the inspection was created with."""
    checklist = checklist_version(inspection.checklist_slug, inspection.checklist_version)
    if checklist is None:
        abort(404)
    return checklist


def _fillable(inspection: Inspection) -> Checklist:
    """The checklist of an inspection the user may fill, or the reason why not."""
    if not access.can_fill(inspection):
        fail(403, _("Bạn không thuộc đoàn kiểm tra này nên không được ghi kết quả."))
    if inspection.is_final:
        fail(409, locked_message())
    return _checklist(inspection)


def _area_page(inspection: Inspection, area_key: str, status: int = 200, problems=None):
    """The tablet page of one area, with any problems of the changes just sent."""
    checklist = _checklist(inspection)
    definition = checklist.area(area_key)
    if definition is None:
        abort(404)
    keys = [a.key for a in checklist.areas]
    index = keys.index(area_key)
    return render_template(
        "inspections/area.html",
        inspection=inspection,
        checklist=checklist,
        definition=definition,
        result=inspection.area(area_key),
        previous=keys[index - 1] if index > 0 else None,
        next=keys[index + 1] if index + 1 < len(keys) else None,
        editable=access.can_fill(inspection) and not inspection.is_final,
        problems=problems or {},
    ), status


@bp.route("/<int:inspection_id>/areas/<area_key>", methods=["GET"])
def area(area_key: str):
    """One area on the tablet: big pass / fail / N/A buttons, figures, evidence, photos."""
    return _area_page(g.inspection, area_key)


@bp.route("/<int:inspection_id>/areas/<area_key>", methods=["POST"])
def save_area(area_key: str):
    """The plain-form fallback: save every changed item of one area (no JavaScript)."""
    inspection = g.inspection
    checklist = _fillable(inspection)
    definition = checklist.area(area_key)
    if definition is None:
        abort(404)
    problems: dict[str, dict] = {}
    cleaned: dict[str, tuple[dict, int]] = {}
    for item in definition.items:
        if not item.is_entered:
            continue
        submitted = {
            name: request.form.get(f"{name}-{item.key}")
            for name in store.ITEM_FIELDS
            if f"{name}-{item.key}" in request.form
        }
        try:
            values = store.clean_change(item, submitted)
            base = int(request.form.get(f"version-{item.key}", "0"))
        except (store.ItemError, ValueError) as error:
            problems[item.key] = _refused(error, submitted)
            continue
        cleaned[item.key] = (values, base)
    # Figures are checked against each other as they will be after this form is saved.
    stored = store.stored_figures(inspection.id)
    figures = stored | {k: v["figure"] for k, (v, _base) in cleaned.items() if "figure" in v}
    # A part above its whole is blamed on the part: numerators are checked first.
    wholes = {r.denominator for a in checklist.areas for r in a.items if r.kind == "ratio"}
    for key, (values, _base) in sorted(cleaned.items(), key=lambda kv: kv[0] in wholes):
        if "figure" in values:
            try:
                store.check_ratios(checklist, checklist.item(key), values["figure"], figures)
            except store.ItemError as error:
                problems[key] = _refused(error, {"figure": request.form.get(f"figure-{key}")})
                del cleaned[key]
                figures[key] = stored.get(key)  # refused: its partner is checked as stored
    for item in definition.items:
        if item.key not in cleaned:
            continue
        values, base = cleaned[item.key]
        current, version, by, at = store.current_item(inspection.id, item.key)
        changed = {k: v for k, v in values.items() if current.get(k) != v}
        if changed:
            try:
                store.save_item(inspection.id, item.key, base, changed, current_user.id)
            except store.Conflict as conflict:
                problems[item.key] = {"conflict": conflict, "yours": changed}
            except store.Locked:
                fail(409, locked_message())
        upload = request.files.get(f"photo-{item.key}")
        if upload and upload.filename:
            try:
                store_photo(inspection.id, item.key, upload.read(), current_user.id)
            except PhotoError as error:
                problems[item.key] = {"error": str(error)}
    if problems:
        # Loaded again: the items that did save show their new values beside the problems.
        return _area_page(load_inspection(inspection.id), area_key, 409, problems)
    flash(_("Đã lưu khu vực này."), "success")
    return redirect(url_for("inspections.area", area_key=area_key))


def _refused(error: Exception, submitted: dict) -> dict:
    """A refused item of the plain form: the message, its field, and what was typed."""
    return {
        "error": str(error),
        "field": getattr(error, "field", None),
        "typed": {k: v for k, v in submitted.items() if isinstance(v, str)},
    }


@bp.route("/<int:inspection_id>/items/<item_key>", methods=["POST"])
def save_item(item_key: str):
    """Save one change sent by the tablet script (JSON, X-CSRFToken header)."""
    inspection = g.inspection
    if not access.can_fill(inspection):
        fail(403, _("Bạn không thuộc đoàn kiểm tra này nên không được ghi kết quả."))
    checklist = _checklist(inspection)
    item = checklist.item(item_key)
    if item is None:
        fail(404, _("Không có mục này trong bảng kiểm tra."))
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("values"), dict):
        fail(400, _("Dữ liệu gửi lên không đúng định dạng."))
    change_id = body.get("change_id")
    if not isinstance(change_id, str) or not 8 <= len(change_id) <= 64:
        fail(400, _("Thiếu mã thay đổi."))
    base = body.get("base_version")
    if isinstance(base, bool) or not isinstance(base, int) or base < 0:
        fail(400, _("Thiếu phiên bản gốc của mục."))
    # A replay of a change already stored gets the same answer, even after finalising.
    stored = store.stored_change(change_id, inspection.id)
    if stored is not None:
        return jsonify(stored | {"replayed": True, "progress": _progress(inspection.id, item_key)})
    if inspection.is_final:
        return jsonify(error=locked_message(), locked=True), 409
    try:
        values = store.clean_change(item, body["values"])
        if "figure" in values:
            figures = store.stored_figures(inspection.id)
            store.check_ratios(checklist, item, values["figure"], figures)
    except store.ItemError as error:
        return jsonify(error=str(error), field=error.field), 422
    try:
        answer = store.save_item(inspection.id, item_key, base, values, current_user.id, change_id)
    except store.Locked:
        return jsonify(error=locked_message(), locked=True), 409
    except store.ChangeIdTaken:
        message = _("Mã thay đổi này đã được dùng cho một lần kiểm tra khác. Hãy tải lại trang.")
        return jsonify(error=message), 409
    except store.Conflict as conflict:
        message = _("Người khác đã sửa mục này trước bạn. Hãy chọn giữ giá trị nào.")
        return jsonify(
            error=message,
            conflict={
                "item": item_key,
                "version": conflict.version,
                "theirs": conflict.theirs,
                "yours": values,
                "by": conflict.by,
                "at": conflict.at,
            },
        ), 409
    return jsonify(answer | {"progress": _progress(inspection.id, item_key)})


def _progress(inspection_id: int, item_key: str) -> dict:
    """Progress of the item's area and of the whole inspection, after a change."""
    inspection = load_inspection(inspection_id)
    area = next(a for a in inspection.areas if any(i.key == item_key for i in a.items))
    # A zero denominator is reported too: "không phát sinh" (issue #15).
    arising = {"not_arising": True}
    ratios = {
        i.key: {"ratio": i.ratio, "result": i.result} | (arising if i.not_arising else {})
        for a in inspection.areas
        for i in a.items
    }
    return {
        "area": {"key": area.key, "done": area.entered_done, "total": area.entered_total},
        "overall": {"done": inspection.entered_done, "total": inspection.entered_total},
        "points": {"area": area.points, "overall": inspection.points},
        "ratios": {k: v for k, v in ratios.items() if v["ratio"] is not None or "not_arising" in v},
    }


@bp.route("/<int:inspection_id>/items/<item_key>/photos", methods=["POST"])
def upload_photo(item_key: str):
    """Attach a camera photo to an item; with a change_id (a queued photo), stored once."""
    inspection = g.inspection
    if not access.can_fill(inspection):
        fail(403, _("Bạn không thuộc đoàn kiểm tra này nên không được ghi kết quả."))
    checklist = _checklist(inspection)
    item = checklist.item(item_key)
    if item is None:
        fail(404, _("Không có mục này trong bảng kiểm tra."))
    change_id = request.form.get("change_id")
    if change_id is not None:
        if not 8 <= len(change_id) <= 64:
            fail(400, _("Thiếu mã thay đổi."))
        # A queued photo sent again (the answer was lost): the same answer, even after finalising.
        stored = store.stored_change(change_id, inspection.id)
        if stored is not None:
            return jsonify(stored | {"url": _photo_url(stored["sha256"]), "replayed": True})
    if inspection.is_final:
        fail(409, locked_message())
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        fail(422, _("Chưa chọn ảnh."))
    try:
        photo = store_photo(inspection.id, item_key, upload.read(), current_user.id, change_id)
    except PhotoError as error:
        fail(error.code, str(error))
    if request.accept_mimetypes.best == "application/json":
        return jsonify(
            item=item_key,
            url=_photo_url(photo.sha256),
            sha256=photo.sha256,
            width=photo.width,
            height=photo.height,
        )
    area = checklist.area_of(item_key)
    return redirect(url_for("inspections.area", area_key=area.key))


def _photo_url(sha256: str) -> str:
    return url_for("inspections.photo", sha256=sha256)


@bp.route("/offline-worker.js")
def offline_worker():
    """The tablet's service worker, served here so that its scope covers every inspection."""
    # A script under /static/ could only control /static/; from here its default scope
    # is /staff/inspections/, with no Service-Worker-Allowed header needed (issue #15).
    response = send_from_directory(
        current_app.static_folder, "inspect-worker.js", mimetype="text/javascript", max_age=0
    )
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/<int:inspection_id>/photos/<sha256>.jpg")
def photo(sha256: str):
    """A stored photo, only to staff who may see the inspection."""
    inspection = g.inspection
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        abort(404)
    if not photo_belongs(inspection.id, sha256) or not photo_path(sha256).exists():
        abort(404)
    response = send_file(photo_path(sha256), mimetype="image/jpeg", max_age=0)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.route("/<int:inspection_id>/csrf")
def fresh_token():
    """A new CSRF token for a tablet page left open longer than the token lives."""
    from flask_wtf.csrf import generate_csrf

    return jsonify(token=generate_csrf())
