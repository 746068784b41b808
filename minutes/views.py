"""Download routes of the minutes: .docx, .pdf, and the HTML preview."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import fail
from minutes.access import may_download

bp = Blueprint("minutes", __name__, url_prefix="/staff/minutes")

MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _minutes_for(inspection_id: int):
    """Load the inspection, check access, and build its minutes."""
    from inspections.model import load_inspection
    from minutes.model import build_minutes

    inspection = load_inspection(inspection_id)
    if inspection is None:
        fail(404, _("Không tìm thấy cuộc kiểm tra này."))
    if not current_user.can_see(inspection.unit):
        abort(403)
    if not may_download(current_user, inspection):
        fail(403, _("Chỉ thư ký, trưởng đoàn hoặc quản trị viên được tải biên bản."))
    return build_minutes(inspection_id)


@bp.route("/<int:inspection_id>")
@login_required
def preview(inspection_id: int):
    """The minutes as a web page, laid out as they print."""
    return render_template("minutes/minutes.html", minutes=_minutes_for(inspection_id))


@bp.route("/<int:inspection_id>.<any(docx, pdf):fmt>")
@login_required
def download(inspection_id: int, fmt: str):
    """The minutes as a Word or PDF file."""
    from minutes.render import render

    minutes = _minutes_for(inspection_id)
    response = Response(render(minutes, fmt), mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{minutes.filename}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def minutes_links(inspection) -> list[tuple[str, str]]:
    """(label, url) of the downloads the current user has for an inspection page."""
    if not may_download(current_user, inspection):
        return []
    return [
        (
            _("Tải biên bản (Word)"),
            url_for("minutes.download", inspection_id=inspection.id, fmt="docx"),
        ),
        (
            _("Tải biên bản (PDF)"),
            url_for("minutes.download", inspection_id=inspection.id, fmt="pdf"),
        ),
        (_("Xem trước biên bản"), url_for("minutes.preview", inspection_id=inspection.id)),
    ]
