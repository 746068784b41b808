"""Admin pages that publish an inspection checklist from a file: upload, check, preview, publish.

Issue #16, the checklist side of admin/definitions.py: a province or district
admin uploads a Phiếu YAML or XLSForm checklist, sees every problem at once or the
checklist as the inspection tablet shows it, and publishes it as a new version
to units of their subtree; their new inspections offer it at once
(inspections/registry.py reads publications on every request, in every worker).
"""

import json

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from admin import publish_scope
from admin.forms import ButtonForm
from admin.uploads import MAX_UPLOAD, UploadRefused, checked_upload, problem_lines, read_upload
from core import audit, units
from core.db import get_db, write_transaction
from core.definitions import DefinitionError, Source
from core.errors import fail
from inspections.checklist import Checklist
from inspections.model import blank_areas
from inspections.publishing import (
    SUFFIXES,
    checklist_publications,
    prepare_checklist,
    publish_checklist,
    read_checklist_file,
)

bp = Blueprint(
    "checklist_definitions",
    __name__,
    url_prefix="/staff/admin/units/<code>/definitions/checklists",
)
bp.url_value_preprocessor(publish_scope.pull_unit)
bp.url_defaults(publish_scope.add_unit_code)


def _page(status: int = 200, problems: list[tuple[str, str]] | None = None):
    """The upload form, every problem of the last file, and the publications of the subtree."""
    return render_template(
        "admin/checklists.html",
        unit=g.unit,
        problems=problems or [],
        publications=checklist_publications(get_db(), units.subtree(g.unit)),
        button=ButtonForm(),
        max_kb=MAX_UPLOAD // 1024,
    ), status


@bp.route("/")
def index():
    """Upload a checklist; the checklists published in this subtree."""
    return _page()


@bp.route("/preview", methods=["POST"])
def preview():
    """Check an uploaded checklist; show every problem, or the checklist as the tablet shows it."""
    # CSRF is checked for every POST by the app's CSRFProtect before this runs.
    try:
        upload = checked_upload(
            request.files.get("definition"),
            SUFFIXES,
            missing=_("Chọn tệp danh mục kiểm tra (.yaml hoặc .xlsx)."),
            wrong_suffix=_(
                "Danh mục kiểm tra phải là tệp Phiếu YAML (.yaml) hoặc XLSForm (.xlsx)."
            ),
        )
        checklist, data = prepare_checklist(read_upload(upload, read_checklist_file))
    except UploadRefused as refused:
        return _page(400, problem_lines(refused))
    except DefinitionError as error:
        return _page(400, problem_lines(error))
    return _preview_page(checklist, data)


def _preview_page(checklist: Checklist, data: dict, status: int = 200, problem: str | None = None):
    """The checklist's areas and items as the tablet shows them, and where to publish it."""
    return render_template(
        "admin/checklist_preview.html",
        unit=g.unit,
        checklist=checklist,
        results=blank_areas(checklist),
        data_json=json.dumps(data, ensure_ascii=False),
        subtree=units.subtree(g.unit),
        chosen=publish_scope.ticked(),
        refusal=problem,
        button=ButtonForm(),
    ), status


@bp.route("/publish", methods=["POST"])
def publish():
    """Publish the previewed checklist as a new version to the chosen units of the subtree."""
    try:
        data = json.loads(request.form.get("definition", ""))
        checklist, data = prepare_checklist(Source(_("bản xem trước"), data, {}))
    except (ValueError, DefinitionError):
        fail(400, _("Danh mục kiểm tra gửi lên không hợp lệ. Hãy tải tệp lên lại."))
    chosen = publish_scope.chosen_units(
        _("Chỉ được đăng danh mục kiểm tra cho đơn vị thuộc quyền quản lý.")
    )
    if not chosen:
        return _preview_page(
            checklist, data, 400, _("Chọn ít nhất một đơn vị nhận danh mục kiểm tra.")
        )
    db = get_db()
    with write_transaction(db):
        published = publish_checklist(db, data, chosen, current_user.id)
        audit.record(
            db,
            current_user.id,
            "publish",
            "checklist",
            published.slug,
            {"version": published.version, "units": [u.code for u in chosen]},
            g.unit.id,
        )
    flash(
        _(
            "Đã đăng danh mục kiểm tra %(slug)s, phiên bản %(version)s.",
            slug=published.slug,
            version=published.version,
        )
    )
    return redirect(url_for(".index"), 303)
