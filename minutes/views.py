"""Download routes of the minutes: .docx, .pdf, and the HTML preview."""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from auth.access import require_login
from auth.staff import ORDER_MINUTES, Link, provide_links
from core.errors import fail
from inspections.model import list_inspections, load_inspection
from minutes.access import may_download

bp = Blueprint("minutes", __name__, url_prefix="/staff/minutes")

MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
# Inspections listed one by one under "minutes to download"; older ones are on the list page.
MINUTES_SHOWN = 10


@bp.url_value_preprocessor
def pull_inspection(endpoint: str | None, values: dict) -> None:
    """Put the inspection on g for those who may download its minutes; others are refused."""
    require_login()
    inspection = load_inspection(values.pop("inspection_id"))
    if inspection is None:
        fail(404, _("Không tìm thấy cuộc kiểm tra này."))
    if not current_user.can_see(inspection.unit):
        abort(403)
    if not may_download(current_user, inspection):
        fail(403, _("Chỉ thư ký, trưởng đoàn hoặc quản trị viên được tải biên bản."))
    g.inspection = inspection


def _minutes():
    """The minutes of the inspection in the URL."""
    from minutes.model import build_minutes

    return build_minutes(g.inspection.id)


@bp.route("/<int:inspection_id>")
def preview():
    """The minutes as a web page, laid out as they print."""
    return render_template("minutes/minutes.html", minutes=_minutes())


@bp.route("/<int:inspection_id>.<any(docx, pdf):fmt>")
def download(fmt: str):
    """The minutes as a Word or PDF file."""
    from minutes.render import render

    minutes = _minutes()
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


@provide_links
def minutes_tasks(unit, user) -> list[Link]:
    """'Minutes to download': each inspection by name, its Word and PDF, on the user's own unit."""
    from inspections.tasks import inspection_name

    if unit.id != user.unit_id:
        return []
    items, finals = [], 0
    for row in list_inspections(user.unit)[:MINUTES_SHOWN]:
        inspection = load_inspection(row.id)
        if inspection is None or not may_download(user, inspection):
            continue
        finals += inspection.is_final
        status = _("Bản chính thức") if inspection.is_final else _("Bản dự thảo: chưa hoàn thành")
        files = tuple(
            Link(label, url_for("minutes.download", inspection_id=inspection.id, fmt=fmt))
            for label, fmt in ((_("Tải Word"), "docx"), (_("Tải PDF"), "pdf"))
        )
        items.append(
            Link(
                inspection_name(inspection),
                url_for("minutes.preview", inspection_id=inspection.id),
                status,
                files,
            )
        )
    if not items:
        return []
    return [
        Link(
            _("Biên bản kiểm tra để tải về"),
            url_for("inspections.index"),
            _("%(n)d biên bản, %(final)d đã hoàn thành", n=len(items), final=finals),
            tuple(items),
            ORDER_MINUTES,
        )
    ]
