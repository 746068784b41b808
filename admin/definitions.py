"""Admin pages that publish a form definition from a file: upload, check, preview, publish.

Issue #16: a province or district admin uploads a Phiếu YAML (or an XLSForm),
sees every problem at once or the form as a citizen's phone shows it, and
publishes it as a new version to units of their subtree; every worker serves
it at once (forms/published.py, through the public-URL stamp).
"""

import json
import tempfile
from pathlib import Path

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from admin.forms import ButtonForm
from auth.access import visible_unit
from core import audit, units
from core.db import get_db, write_transaction
from core.definitions import DefinitionError, Source
from core.errors import fail
from forms import citizen_input
from forms.published import publications
from forms.publishing import SUFFIXES, prepare_form, publish_form, read_definition

bp = Blueprint("definitions", __name__, url_prefix="/staff/admin/units/<code>/definitions")

# A definition is a few kilobytes; the shipped ones are under 10 KB.
MAX_UPLOAD = 256 * 1024
# What an .xlsx (a zip) starts with; YAML must be UTF-8 text.
ZIP_MAGIC = b"PK\x03\x04"
# Units whose admins publish: a commune's admin uses what the district or province publishes.
PUBLISHING_LEVELS = ("tinh", "huyen")


@bp.url_value_preprocessor
def pull_unit(endpoint: str | None, values: dict) -> None:
    """The URL's unit for its province or district admins (or those above); others refused."""
    g.unit = visible_unit(values.pop("code"), "admin")
    if current_user.unit.level not in PUBLISHING_LEVELS:
        fail(403, _("Chỉ quản trị cấp tỉnh hoặc cấp huyện được đăng mẫu phiếu."))


@bp.url_defaults
def add_unit_code(endpoint: str, values: dict) -> None:
    """Link to the same unit's pages."""
    if "unit" in g:
        values.setdefault("code", g.unit.code)


def _page(status: int = 200, problems: list[str] | None = None):
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
    upload = request.files.get("definition")
    if upload is None or not upload.filename:
        return _page(400, [_("Chọn tệp mẫu phiếu (.yaml hoặc .xlsx).")])
    name = Path(upload.filename).name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        return _page(400, [_("Tệp phải là mẫu phiếu Phiếu YAML (.yaml) hoặc XLSForm (.xlsx).")])
    content = upload.stream.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        return _page(400, [_("Tệp lớn hơn %(kb)s KB.", kb=MAX_UPLOAD // 1024)])
    if (suffix == ".xlsx") != content.startswith(ZIP_MAGIC):
        return _page(400, [_("Nội dung tệp không khớp với đuôi tệp %(suffix)s.", suffix=suffix)])
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix}"
            path.write_bytes(content)
            form, data = prepare_form(read_definition(path, name))
    except DefinitionError as error:
        return _page(400, [str(p) for p in error.problems])
    return _preview_page(form, data)


def _preview_page(form, data, status: int = 200, problem: str | None = None):
    """The form as a citizen's phone shows it, and where to publish it."""
    return render_template(
        "admin/definition_preview.html",
        unit=g.unit,
        form_def=form,
        data_json=json.dumps(data, ensure_ascii=False),
        subtree=units.subtree(g.unit),
        chosen=request.form.getlist("unit") or [g.unit.code],
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
    chosen = []
    for code in dict.fromkeys(request.form.getlist("unit")):
        unit = units.get_unit_by_code(code)
        # Only into the admin's own subtree (an attacker's sibling code is refused).
        if unit is None or not g.unit.contains(unit) or not current_user.can_see(unit):
            fail(403, _("Chỉ được đăng mẫu phiếu cho đơn vị thuộc quyền quản lý."))
        chosen.append(unit)
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
