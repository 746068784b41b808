"""Admin pages that publish a form definition from a file: upload, check, preview, publish.

Issue #16: a province or district admin uploads a Phiếu YAML (or an XLSForm),
sees every problem at once or the form as a citizen's phone shows it, and
publishes it as a new version to units of their subtree; every worker serves
it at once (forms/published.py, through the public-URL stamp).
Checklists have their own pages beside these (admin/checklists.py).
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
from forms import citizen_input
from forms.published import publications
from forms.publishing import SUFFIXES, prepare_form, publish_form, read_definition

bp = Blueprint("definitions", __name__, url_prefix="/staff/admin/units/<code>/definitions")
bp.url_value_preprocessor(publish_scope.pull_unit)
bp.url_defaults(publish_scope.add_unit_code)


def _page(status: int = 200, problems: list[tuple[str, str]] | None = None):
    """The upload form, every problem of the last file, and the publications of the subtree."""
    subtree = units.subtree(g.unit)
    return render_template(
        "admin/definitions.html",
        unit=g.unit,
        problems=problems or [],
        publications=publications(get_db(), subtree),
        button=ButtonForm(),
        max_kb=MAX_UPLOAD // 1024,
    ), status


@bp.route("/")
def index():
    """Upload a form definition; the forms published in this subtree."""
    return _page()


@bp.route("/preview", methods=["POST"])
def preview():
    """Check an uploaded file; show every problem, or the form as a phone shows it."""
    # CSRF is checked for every POST by the app's CSRFProtect before this runs.
    try:
        upload = checked_upload(
            request.files.get("definition"),
            SUFFIXES,
            missing=_("Chọn tệp mẫu phiếu (.yaml hoặc .xlsx)."),
            wrong_suffix=_("Tệp phải là mẫu phiếu Phiếu YAML (.yaml) hoặc XLSForm (.xlsx)."),
        )
        form, data = prepare_form(read_upload(upload, read_definition))
    except UploadRefused as refused:
        return _page(400, problem_lines(refused))
    except DefinitionError as error:
        return _page(400, problem_lines(error))
    return _preview_page(form, data)


def _preview_page(form, data, status: int = 200, problem: str | None = None):
    """The form as a citizen's phone shows it, and where to publish it."""
    return render_template(
        "admin/definition_preview.html",
        unit=g.unit,
        form_def=form,
        data_json=json.dumps(data, ensure_ascii=False),
        subtree=units.subtree(g.unit),
        chosen=publish_scope.ticked(),
        problem=problem,
        conditions=citizen_input.conditions(form),
        errors={},
        values={},
        button=ButtonForm(),
    ), status


@bp.route("/publish", methods=["POST"])
def publish():
    """Publish the previewed definition as a new version to the chosen units of the subtree."""
    try:
        data = json.loads(request.form.get("definition", ""))
        form, data = prepare_form(Source(_("bản xem trước"), data, {}))
    except (ValueError, DefinitionError):
        fail(400, _("Mẫu phiếu gửi lên không hợp lệ. Hãy tải tệp lên lại."))
    chosen = publish_scope.chosen_units(
        _("Chỉ được đăng mẫu phiếu cho đơn vị thuộc quyền quản lý.")
    )
    if not chosen:
        return _preview_page(form, data, 400, _("Chọn ít nhất một đơn vị nhận mẫu phiếu."))
    db = get_db()
    with write_transaction(db):
        published = publish_form(db, data, chosen, current_user.id)
        audit.record(
            db,
            current_user.id,
            "publish",
            "form",
            published.slug,
            {"version": published.version, "units": [u.code for u in chosen]},
            g.unit.id,
        )
    flash(
        _(
            "Đã đăng mẫu phiếu %(slug)s, phiên bản %(version)s.",
            slug=published.slug,
            version=published.version,
        )
    )
    return redirect(url_for(".index"), 303)
