"""Inspection pages: the list, creating one, its overview, concluding, reopening, comparing."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from auth.access import role_required
from auth.staff import Link, provide_links
from core import dates, units
from core.errors import fail
from inspections import access, creation, store, team
from inspections.compare import counterpart, differences
from inspections.finalising import readiness
from inspections.forms import (
    MAX_ROWS,
    ButtonForm,
    ConclusionForm,
    InspectionForm,
    ReopenForm,
)
from inspections.model import list_inspections
from inspections.registry import get_checklists

bp = Blueprint("inspections", __name__, url_prefix="/staff/inspections")


@bp.url_value_preprocessor
def pull_inspection(endpoint: str | None, values: dict) -> None:
    """Put the inspection a URL names on g, refusing (before loading it) who may not see it."""
    if "inspection_id" in values:
        g.inspection = access.visible_inspection(values.pop("inspection_id"))


@bp.url_defaults
def add_inspection_id(endpoint: str, values: dict) -> None:
    """Link to the same inspection's pages unless url_for names another."""
    if "inspection" in g and current_app.url_map.is_endpoint_expecting(endpoint, "inspection_id"):
        values.setdefault("inspection_id", g.inspection.id)


@bp.route("/")
@role_required(*access.VIEW_ROLES)
def index():
    """Inspections of the units the user sees."""
    rows = list_inspections(current_user.unit)
    return render_template("inspections/index.html", rows=rows)


@bp.route("/new", methods=["GET", "POST"])
@role_required("inspector")
def new():
    """Create an inspection: unit, kind, period, legal basis, team chosen among the inspectors."""
    checklists = get_checklists(current_user.unit)
    people = team.eligible_members(current_user.unit)
    form = InspectionForm()
    if request.method == "GET":
        _defaults(form, people)
    # "Thêm thành viên" / "Thêm người" without a script: the same form, one row more.
    adding = request.form.get("add") if request.method == "POST" else None
    adding = adding if adding in ("team", "participants") else None
    if adding:
        creation.add_row(form, adding)
    creation.prepare(form, checklists, people)
    if form.is_submitted() and not adding:
        valid = form.validate()
        new_inspection, _errors = creation.collect(form, checklists, people)
        if valid and new_inspection is not None:
            inspection_id = store.create_inspection(new_inspection, current_user.id)
            flash(_("Đã tạo cuộc kiểm tra."), "success")
            return redirect(url_for("inspections.show", inspection_id=inspection_id))
    status = 422 if form.is_submitted() and not adding else 200
    return render_template(
        "inspections/new.html",
        form=form,
        errors=creation.error_list(form),
        max_rows=MAX_ROWS,
    ), status


def _defaults(form: InspectionForm, people: list) -> None:
    """This year, its whole period, today, and the user heading the team if an inspector."""
    today = dates.today()
    year = today.year
    form.year.data = year
    form.period_start.data = date(year, 1, 1)
    form.period_end.data = date(year, 12, 31)
    form.date.data = today
    if any(p.id == current_user.id for p in people):
        form.team[0].form.member.data = str(current_user.id)
        form.team[0].form.role.data = "head"


@bp.route("/<int:inspection_id>")
def show():
    """The overview: header, team, progress per area, conclusion and finalising."""
    inspection = g.inspection
    conclusion = ConclusionForm(
        conclusion=inspection.conclusion, recommendations=inspection.recommendations
    )
    return render_template(
        "inspections/show.html",
        inspection=inspection,
        conclusion_form=conclusion,
        reopen_form=ReopenForm(),
        can_fill=access.can_fill(inspection),
        can_conclude=access.can_conclude(inspection),
        can_reopen=access.can_reopen(inspection),
        other=counterpart(inspection),
    )


@bp.route("/<int:inspection_id>/conclusion", methods=["POST"])
def conclude():
    """Save the conclusion and recommendations (team head or admin)."""
    inspection = g.inspection
    if not access.can_conclude(inspection):
        fail(403, _("Chỉ trưởng đoàn hoặc quản trị viên của đơn vị kiểm tra được ghi kết luận."))
    form = ConclusionForm()
    if not form.validate_on_submit():
        fail(422, _("Kết luận hoặc kiến nghị quá dài."))
    if not store.set_conclusion(
        inspection.id,
        (form.conclusion.data or "").strip(),
        (form.recommendations.data or "").strip(),
    ):
        fail(409, _("Cuộc kiểm tra đã hoàn thành, không thể sửa."))
    flash(_("Đã lưu kết luận."), "success")
    return redirect(url_for("inspections.show"))


@bp.route("/<int:inspection_id>/finalise", methods=["GET", "POST"])
def finalise():
    """Confirm, then lock the inspection: from now on it is read-only.

    The GET says what will happen and what is missing; the POST is the confirmation
    and acts only on an inspection with nothing left to tick (issue #14, item 5).
    """
    inspection = g.inspection
    if not access.can_conclude(inspection):
        fail(
            403,
            _(
                "Chỉ trưởng đoàn hoặc quản trị viên của đơn vị kiểm tra"
                " được kết thúc cuộc kiểm tra."
            ),
        )
    if inspection.is_final:
        fail(409, _("Cuộc kiểm tra đã hoàn thành từ trước."))
    ready = readiness(inspection)
    if request.method == "GET" or ready.blocked:
        return _finalise_page(inspection, ready), (422 if request.method == "POST" else 200)
    if not ButtonForm().validate_on_submit():
        fail(400, _("Phiên làm việc đã hết hạn. Vui lòng tải lại trang và thử lại."))
    if not store.finalise(inspection.id, current_user.id, inspection.unit.id):
        fail(409, _("Cuộc kiểm tra đã hoàn thành từ trước."))
    flash(_("Đã kết thúc cuộc kiểm tra; kết quả không thể sửa nữa."), "success")
    return redirect(url_for("inspections.show"))


def _finalise_page(inspection, ready) -> str:
    """The 'are you sure' page of finalising, or its refusal with the items to tick."""
    from inspections.tasks import inspection_name, progress

    return render_template(
        "staff/confirm.html",
        heading=_("Kết thúc cuộc kiểm tra?"),
        facts=[
            (_("Cuộc kiểm tra"), inspection_name(inspection)),
            (_("Tiến độ"), progress(inspection)),
        ],
        refusal=_("Chưa kết thúc được") if ready.blocked else None,
        refusal_detail=_(
            "Còn %(n)d mục chưa đánh giá hoặc số liệu không hợp lệ. Hãy đánh giá từng mục"
            " (chọn Không áp dụng nếu mục cho phép), rồi kết thúc.",
            n=ready.missing,
        ),
        blockers=ready.blockers,
        warnings=ready.warnings,
        consequences=[
            _("Kết quả bị khóa: không ai sửa được nữa; chỉ quản trị viên mở lại được."),
            _("Biên bản tải về trở thành bản chính thức."),
            _("Các mục không đạt tạo thành biện pháp khắc phục cần theo dõi."),
        ],
        action=url_for("inspections.finalise"),
        button=_("Kết thúc cuộc kiểm tra"),
        back=url_for("inspections.show"),
    )


@bp.route("/<int:inspection_id>/reopen", methods=["POST"])
def reopen():
    """Unlock a final inspection: admins only, with a reason kept in the audit log."""
    inspection = g.inspection
    if not access.can_reopen(inspection):
        fail(
            403, _("Chỉ quản trị viên của đơn vị kiểm tra được mở lại cuộc kiểm tra đã hoàn thành.")
        )
    form = ReopenForm()
    if not form.validate_on_submit():
        fail(422, _("Nhập lý do mở lại (ít nhất 5 ký tự)."))
    reason = form.reason.data.strip()
    if not store.reopen(inspection.id, reason, current_user.id, inspection.unit.id):
        fail(409, _("Cuộc kiểm tra chưa hoàn thành nên không cần mở lại."))
    flash(_("Đã mở lại cuộc kiểm tra."), "success")
    return redirect(url_for("inspections.show"))


@bp.route("/<int:inspection_id>/history")
def history():
    """Every change of every item: who, when, old and new."""
    inspection = g.inspection
    labels = {i.key: i.label for a in inspection.areas for i in a.items}
    return render_template(
        "inspections/history.html",
        inspection=inspection,
        changes=store.item_history(inspection.id),
        labels=labels,
    )


@bp.route("/<int:inspection_id>/compare")
def compare():
    """A self-inspection beside the level above's inspection of the same unit and year."""
    inspection = g.inspection
    other = counterpart(inspection)
    if other is None:
        fail(404, _("Chưa có cuộc kiểm tra tương ứng để so sánh."))
    own, external = (inspection, other) if inspection.kind == "self" else (other, inspection)
    return render_template(
        "inspections/compare.html",
        own=own,
        external=external,
        differing=differences(own, external),
    )


@provide_links
def inspection_links(unit: units.Unit, user) -> list[Link]:
    """Home-page tasks: my inspections with progress, starting one, the list."""
    from inspections.tasks import inspection_tasks

    return inspection_tasks(unit, user)
