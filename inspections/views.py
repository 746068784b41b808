"""Inspection pages: the list, creating one, its overview, concluding, reopening, comparing."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from auth.access import role_required
from auth.staff import Link, provide_links
from core import dates, units
from core.errors import fail
from inspections import access, store
from inspections.compare import counterpart, differences
from inspections.forms import (
    ButtonForm,
    ConclusionForm,
    InspectionForm,
    ReopenForm,
    member_account,
)
from inspections.model import Member, list_inspections
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
    """Create an inspection: unit, kind, period, legal basis, team."""
    checklists = get_checklists(current_user.unit)
    form = InspectionForm()
    visible = units.subtree(current_user.unit)
    form.unit.choices = [SelectChoice(u.code, u.name) for u in visible]
    form.checklist.choices = [SelectChoice(c.slug, str(c.title)) for c in checklists.values()]
    if request.method == "GET":
        today = dates.today()
        year = today.year
        form.year.data = year
        form.period_start.data = date(year, 1, 1)
        form.period_end.data = date(year, 12, 31)
        form.date.data = today
        form.team[0].form.role.data = "head"
        form.team[0].form.name.data = current_user.full_name
        form.team[0].form.title.data = current_user.title
        form.team[0].form.username.data = current_user.username
    errors: list[tuple[str, str]] = []
    if form.validate_on_submit():
        new_inspection, errors = _collect(form, checklists)
        if new_inspection is not None:
            inspection_id = store.create_inspection(new_inspection, current_user.id)
            flash(_("Đã tạo cuộc kiểm tra."), "success")
            return redirect(url_for("inspections.show", inspection_id=inspection_id))
    status = 422 if form.is_submitted() else 200
    return render_template("inspections/new.html", form=form, extra_errors=errors), status


def _collect(form: InspectionForm, checklists: dict):
    """Turn a valid form into a NewInspection, or list what is wrong with it."""
    errors: list[tuple[str, str]] = []
    unit = units.get_unit_by_code(form.unit.data)
    if unit is None or not current_user.can_see(unit):
        errors.append((form.unit.id, _("Chọn một đơn vị bạn được quản lý.")))
    if form.period_start.data and form.period_end.data < form.period_start.data:
        errors.append((form.period_end.id, _("Ngày kết thúc kỳ phải sau ngày bắt đầu.")))
    owner = unit
    if unit is not None and form.kind.data == "external":
        owner = current_user.unit
        if owner.id == unit.id or not owner.contains(unit):
            errors.append(
                (form.kind.id, _("Kiểm tra của cấp trên phải do đơn vị cấp trên thực hiện."))
            )
    team: list[Member] = []
    for row in form.team:
        data = row.form
        if not (data.name.data or "").strip():
            continue
        user_id = None
        if data.username.data:
            user_id = member_account(data.username.data, current_user)
            if user_id is None:
                errors.append((data.username.id, _("Không có tài khoản này.")))
        team.append(
            Member(data.name.data.strip(), (data.title.data or "").strip(), data.role.data, user_id)
        )
    heads = [m for m in team if m.role == "head"]
    if len(heads) != 1:
        errors.append((form.team[0].form.role.id, _("Đoàn cần đúng một trưởng đoàn.")))
    participants = [
        Member(r.form.name.data.strip(), (r.form.title.data or "").strip(), "participant")
        for r in form.participants
        if (r.form.name.data or "").strip()
    ]
    if errors:
        return None, errors
    title = (form.title.data or "").strip() or _(
        "Kiểm tra công tác cải cách hành chính, hoạt động công vụ năm %(year)s tại %(unit)s",
        year=form.year.data,
        unit=unit.name,
    )
    return (
        store.NewInspection(
            unit=unit,
            owner_unit=owner,
            kind=form.kind.data,
            checklist=checklists[form.checklist.data],
            year=form.year.data,
            period_start=form.period_start.data.isoformat(),
            period_end=form.period_end.data.isoformat(),
            title=title,
            legal_basis=form.legal_basis.data.strip(),
            date=form.date.data.isoformat(),
            started_at=form.started_at.data or "",
            place=form.place.data.strip(),
            team=team,
            participants=participants,
        ),
        [],
    )


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
        button_form=ButtonForm(),
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


@bp.route("/<int:inspection_id>/finalise", methods=["POST"])
def finalise():
    """Lock the inspection: from now on it is read-only."""
    inspection = g.inspection
    if not access.can_conclude(inspection):
        fail(
            403,
            _(
                "Chỉ trưởng đoàn hoặc quản trị viên của đơn vị kiểm tra"
                " được kết thúc cuộc kiểm tra."
            ),
        )
    if not ButtonForm().validate_on_submit():
        fail(400, _("Phiên làm việc đã hết hạn. Vui lòng tải lại trang và thử lại."))
    if inspection.problems:
        # Impossible figures would print as a verdict in the minutes (issue #15).
        names = "; ".join(i.label for i in inspection.problems)
        fail(422, _("Số liệu không hợp lệ, hãy sửa trước khi kết thúc: %(names)s.", names=names))
    if not store.finalise(inspection.id, current_user.id, inspection.unit.id):
        fail(409, _("Cuộc kiểm tra đã hoàn thành từ trước."))
    flash(_("Đã kết thúc cuộc kiểm tra; kết quả không thể sửa nữa."), "success")
    return redirect(url_for("inspections.show"))


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
    """Home-page links: the inspection list for the user's own unit."""
    if not user.has_role(*access.VIEW_ROLES) or unit.id != user.unit_id:
        return []
    links = [Link(_("Các cuộc kiểm tra CCHC, công vụ"), url_for("inspections.index"))]
    if user.has_role("inspector"):
        links.append(Link(_("Tạo cuộc kiểm tra"), url_for("inspections.new")))
    return links
