"""The creation form read into a NewInspection, or the list of what is wrong with it.

The conducting unit is the signed-in user's: it inspects itself or a unit below it, and
its team is chosen among its own inspectors (issue #14, item 9).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from auth.users import User
from core import units
from inspections import kinds, store, titles
from inspections.forms import MAX_ROWS, InspectionForm, typed_time
from inspections.model import HONORIFICS, KINDS, ROLES, Member

Errors = list[tuple[str, str]]


def refuse(errors: Errors, field, message: str) -> None:
    """Note a refusal for the summary and beside its field (GOV.UK: both places)."""
    field.errors = [*field.errors, message]
    errors.append((field.id, message))


def error_list(form: InspectionForm) -> Errors:
    """Every message of the form as (field id, message), rows included, in page order."""
    found: Errors = []
    for field in form:
        if field.type == "FieldList":
            for row in field:
                found += [(sub.id, m) for sub in row.form for m in sub.errors]
        elif field.type == "CSRFTokenField" and field.errors:
            # Flask-WTF's own words are English; the usual cause is a page left open.
            expired = _("Phiên làm việc đã hết hạn. Vui lòng tải lại trang và thử lại.")
            found.append(("unit", expired))
        else:
            found += [(field.id, m) for m in field.errors]
    return found


def unit_choices(conducting: units.Unit) -> list[SelectChoice]:
    """The units the user may inspect, each carrying what the page's script derives from it."""
    return [
        SelectChoice(
            u.code,
            u.name,
            render_kw={
                "data-kind": kinds.default_kind(conducting, u) or "",
                "data-committee": titles.committee_name(u),
            },
        )
        for u in units.subtree(conducting)
    ]


def member_choices(people: list[User]) -> list[SelectChoice]:
    """The team rows' options: '' (row unused), then each inspector by name and title."""
    first = [SelectChoice("", _("Chọn cán bộ"))]
    return first + [
        SelectChoice(str(p.id), f"{p.full_name} – {p.title}" if p.title else p.full_name)
        for p in people
    ]


def prepare(form: InspectionForm, checklists: dict, people: list[User]) -> None:
    """Fill the choices that depend on the user and on the loaded checklists."""
    form.unit.choices = unit_choices(current_user.unit)
    form.checklist.choices = [SelectChoice(c.slug, str(c.title)) for c in checklists.values()]
    for row in form.team:
        row.form.member.choices = member_choices(people)
    # What the page's script needs to fill the title in as the unit, kind and year change.
    form.title.render_kw = {f"data-pattern-{k}": titles.title_pattern(k) for k in KINDS}


def add_row(form: InspectionForm, which: str) -> bool:
    """One more empty team or participant row (the 'Thêm' buttons without a script)."""
    rows = form.team if which == "team" else form.participants
    if len(rows) >= MAX_ROWS:
        return False
    rows.append_entry()
    return True


def collect(form: InspectionForm, checklists: dict, people: list[User]):
    """A NewInspection from a validated form, or (None, errors) naming each field."""
    errors: Errors = []
    conducting = current_user.unit
    unit = units.get_unit_by_code(form.unit.data or "")
    if unit is None or not current_user.can_see(unit):
        refuse(errors, form.unit, _("Chọn một đơn vị bạn được quản lý."))
    kind = form.kind.data or ""
    if kind not in ("", "self", "external"):
        refuse(errors, form.kind, _("Chọn hình thức kiểm tra trong danh sách."))
    elif unit is not None and current_user.can_see(unit):
        kind = kind or kinds.default_kind(conducting, unit)
        problem = kinds.kind_problem(kind, conducting, unit)
        if problem:
            refuse(errors, form.kind, problem)
    checklist = checklists.get(form.checklist.data or "")
    if checklist is None:
        refuse(errors, form.checklist, _("Chọn một bảng kiểm tra trong danh sách."))
    start, end = form.period_start.data, form.period_end.data
    if start and end and end < start:
        refuse(errors, form.period_end, _("Ngày kết thúc kỳ phải sau ngày bắt đầu."))
    members = _team(form, people, errors)
    participants = _participants(form, errors)
    if errors or form.errors:
        return None, errors
    title = (form.title.data or "").strip() or titles.default_title(kind, form.year.data, unit)
    return (
        store.NewInspection(
            unit=unit,
            owner_unit=conducting,
            kind=kind,
            checklist=checklist,
            year=form.year.data,
            period_start=form.period_start.data.isoformat(),
            period_end=form.period_end.data.isoformat(),
            title=title,
            legal_basis=form.legal_basis.data.strip(),
            date=form.date.data.isoformat(),
            started_at=typed_time(form.started_at.data) or "",
            place=form.place.data.strip(),
            team=members,
            participants=participants,
        ),
        [],
    )


def _team(form: InspectionForm, people: list[User], errors: Errors) -> list[Member]:
    """The chosen inspectors; an id outside the conducting unit's list is refused."""
    by_id = {str(p.id): p for p in people}
    members: list[Member] = []
    seen: set[str] = set()
    for row in form.team:
        data = row.form
        chosen = (data.member.data or "").strip()
        if not chosen:
            continue  # a row left unused
        person = by_id.get(chosen)
        if person is None:
            refuse(
                errors, data.member, _("Chọn cán bộ trong danh sách kiểm tra viên của đơn vị bạn.")
            )
            continue
        if chosen in seen:
            refuse(errors, data.member, _("%(name)s đã có trong đoàn.", name=person.full_name))
            continue
        seen.add(chosen)
        if data.role.data not in ROLES:
            refuse(errors, data.role, _("Chọn vai trò trong đoàn."))
            continue
        if data.honorific.data not in HONORIFICS:
            refuse(
                errors, data.honorific, _("Chọn Ông hoặc Bà cho %(name)s.", name=person.full_name)
            )
            continue
        members.append(
            Member(person.full_name, person.title, data.role.data, person.id, data.honorific.data)
        )
    if sum(1 for m in members if m.role == "head") != 1:
        refuse(errors, form.team[0].form.role, _("Đoàn cần đúng một trưởng đoàn."))
    return members


def _participants(form: InspectionForm, errors: Errors) -> list[Member]:
    """The inspected unit's representatives, as typed."""
    people: list[Member] = []
    for row in form.participants:
        data = row.form
        name = (data.name.data or "").strip()
        if not name:
            continue
        if data.honorific.data not in HONORIFICS:
            refuse(errors, data.honorific, _("Chọn Ông hoặc Bà cho %(name)s.", name=name))
            continue
        title = (data.title.data or "").strip()
        people.append(Member(name, title, "participant", None, data.honorific.data))
    return people
