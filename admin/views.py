"""Admin pages: child units, counters and accounts of a unit in the admin's subtree."""

import secrets
import sqlite3

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from admin.forms import ROLE_LABELS, ButtonForm, CounterForm, UnitForm, UserForm
from auth.access import check_unit, role_required, visible_unit
from auth.users import end_sessions, hash_password, store_password_hash, store_user
from core import audit, units
from core.db import get_db, rows_by_name, write_transaction
from core.errors import fail

bp = Blueprint("admin", __name__, url_prefix="/staff/admin")


@bp.url_value_preprocessor
def pull_unit(endpoint: str | None, values: dict) -> None:
    """Put the unit a URL names on g for its admins (or those above); others are refused first."""
    if "code" in values:
        g.unit = visible_unit(values.pop("code"), "admin")


@bp.url_defaults
def add_unit_code(endpoint: str, values: dict) -> None:
    """Link to the same unit's pages unless url_for names another."""
    if "unit" in g and current_app.url_map.is_endpoint_expecting(endpoint, "code"):
        values.setdefault("code", g.unit.code)


def _page(unit, status=200, new_password=None, **forms):
    """The admin page of a unit with its three forms (fresh unless given)."""
    db = get_db()
    accounts = db.execute(
        "SELECT id, username, full_name, title, role, active FROM users"
        " WHERE unit_id = ? ORDER BY username",
        [unit.id],
    ).fetchall()
    all_counters = db.execute(
        "SELECT id, code, name, active FROM counters WHERE unit_id = ? ORDER BY position, id",
        [unit.id],
    ).fetchall()
    return render_template(
        "admin/unit.html",
        unit=unit,
        parents=units.ancestors(unit),
        children=units.children(unit),
        counters=all_counters,
        accounts=accounts,
        role_labels=ROLE_LABELS,
        unit_form=forms.get("unit_form") or UnitForm(formdata=None, level="xa"),
        counter_form=forms.get("counter_form") or CounterForm(formdata=None),
        user_form=forms.get("user_form") or UserForm(formdata=None, role="staff"),
        button=ButtonForm(),
        new_password=new_password,
    ), status


@bp.route("/units/<code>")
def unit():
    """A unit's child units, counters and accounts."""
    return _page(g.unit)


@bp.route("/units/<code>/units", methods=["POST"])
def add_unit():
    """Add a unit below this one."""
    parent = g.unit
    form = UnitForm()
    if not form.validate():
        return _page(parent, 400, unit_form=form)
    db = get_db()
    try:
        with write_transaction(db):
            child = units.add_unit(form.code.data, form.name.data.strip(), form.level.data, parent)
            audit.record(
                db, current_user.id, "create", "unit", child.id, {"code": child.code}, parent.id
            )
    except sqlite3.IntegrityError:
        form.code.errors.append(_("Mã đơn vị này đã được dùng."))
        return _page(parent, 400, unit_form=form)
    flash(_("Đã thêm đơn vị %(name)s.", name=child.name), "success")
    return redirect(url_for(".unit"))


@bp.route("/units/<code>/counters", methods=["POST"])
def add_counter():
    """Add a counter to this unit's one-stop shop."""
    unit = g.unit
    form = CounterForm()
    if not form.validate():
        return _page(unit, 400, counter_form=form)
    db = get_db()
    try:
        with write_transaction(db):
            position = len(units.counters(unit, active_only=False))
            counter = units.add_counter(unit, form.code.data, form.name.data.strip(), position)
            audit.record(
                db,
                current_user.id,
                "create",
                "counter",
                counter.id,
                {"code": counter.code},
                unit.id,
            )
    except sqlite3.IntegrityError:
        form.code.errors.append(_("Đơn vị đã có quầy mang mã này."))
        return _page(unit, 400, counter_form=form)
    flash(_("Đã thêm quầy %(name)s.", name=counter.name), "success")
    return redirect(url_for(".unit"))


def _counter(counter_id: int):
    """A counter the current admin may manage, with its unit; 404 if there is none."""
    row = rows_by_name(
        get_db(), "SELECT unit_id, name, code, active FROM counters WHERE id = ?", [counter_id]
    ).fetchone()
    if row is None:
        fail(404, _("Không tìm thấy quầy."))
    return row, check_unit(units.get_unit(row["unit_id"]))


def _set_counter_active(counter_id: int, unit, active: bool) -> bool:
    """Open or close a counter, audited; False when it already was."""
    db = get_db()
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE counters SET active = ? WHERE id = ? AND active = ?",
            [int(active), counter_id, int(not active)],
        )
        if cursor.rowcount:
            action = "activate" if active else "deactivate"
            audit.record(db, current_user.id, action, "counter", counter_id, {}, unit.id)
    return bool(cursor.rowcount)


@bp.route("/counters/<int:counter_id>/toggle", methods=["POST"])
@role_required("admin")
def toggle_counter(counter_id: int):
    """Open a closed counter again; an open one is closed only through its confirmation page."""
    row, unit = _counter(counter_id)
    if not ButtonForm().validate():
        fail(400, _("Không tìm thấy quầy hoặc yêu cầu không hợp lệ."))
    if row["active"]:
        # Closing stops the counter's printed QR codes: it needs the confirmation (issue #14).
        return redirect(url_for(".close_counter", counter_id=counter_id))
    _set_counter_active(counter_id, unit, True)
    flash(_("Đã mở lại quầy %(name)s.", name=row["name"]), "success")
    return redirect(url_for(".unit", code=unit.code))


@bp.route("/counters/<int:counter_id>/close", methods=["GET", "POST"])
@role_required("admin")
def close_counter(counter_id: int):
    """Confirm, then close a counter: its QR codes stop taking ratings."""
    row, unit = _counter(counter_id)
    if request.method == "POST":
        if not ButtonForm().validate():
            fail(400, _("Phiên làm việc đã hết hạn. Vui lòng tải lại trang và thử lại."))
        if _set_counter_active(counter_id, unit, False):
            flash(_("Đã đóng quầy %(name)s.", name=row["name"]), "success")
        else:
            flash(_("Quầy %(name)s đã được đóng từ trước.", name=row["name"]), "success")
        return redirect(url_for(".unit", code=unit.code))
    if not row["active"]:
        flash(_("Quầy %(name)s đã được đóng từ trước.", name=row["name"]), "success")
        return redirect(url_for(".unit", code=unit.code))
    return render_template(
        "staff/confirm.html",
        heading=_("Đóng quầy %(name)s?", name=row["name"]),
        facts=[(_("Đơn vị"), unit.name), (_("Mã quầy"), row["code"])],
        consequences=[
            _("Mã QR in tại quầy này sẽ báo quầy đã đóng; công dân không gửi được đánh giá."),
            _("Quầy không còn trong danh sách in mã QR và nhập phiếu giấy."),
            _("Các đánh giá đã nhận được giữ nguyên; có thể mở lại quầy trên trang quản lý."),
        ],
        action=url_for(".close_counter", counter_id=counter_id),
        button=_("Đóng quầy"),
        back=url_for(".unit", code=unit.code) + "#counters",
    )


@bp.route("/units/<code>/users", methods=["POST"])
def add_user():
    """Create an account; its random password is shown once, on this response only."""
    unit = g.unit
    form = UserForm()
    if not form.validate():
        return _page(unit, 400, user_form=form)
    password = secrets.token_urlsafe(9)
    password_hash = hash_password(password)
    db = get_db()
    try:
        with write_transaction(db):
            user = store_user(
                form.username.data,
                password_hash,
                form.full_name.data.strip(),
                form.role.data,
                unit,
                (form.title.data or "").strip(),
            )
            audit.record(
                db, current_user.id, "create", "user", user.id, {"role": user.role}, unit.id
            )
    except sqlite3.IntegrityError:
        form.username.errors.append(_("Tên đăng nhập này đã được dùng."))
        return _page(unit, 400, user_form=form)
    return _page(unit, 201, new_password=(user.username, password))


def _account_row(user_id: int):
    """An account the current admin may manage: its username, full name and unit."""
    row = rows_by_name(
        get_db(), "SELECT username, full_name, unit_id FROM users WHERE id = ?", [user_id]
    ).fetchone()
    if row is None:
        fail(404, _("Không tìm thấy tài khoản."))
    return row["username"], row["full_name"], check_unit(units.get_unit(row["unit_id"]))


def _account(user_id: int):
    """An account the current admin may manage, with its unit, for a POST with its token."""
    username, _name, unit = _account_row(user_id)
    if not ButtonForm().validate():
        fail(400, _("Phiên làm việc đã hết hạn. Vui lòng tải lại trang và thử lại."))
    return username, unit


@bp.route("/users/<int:user_id>/toggle", methods=["POST"])
@role_required("admin")
def toggle_user(user_id: int):
    """Lock an account or unlock it; admins cannot lock themselves out."""
    username, unit = _account(user_id)
    if user_id == current_user.id:
        fail(400, _("Không thể khóa tài khoản đang đăng nhập."))
    db = get_db()
    with write_transaction(db):
        db.execute("UPDATE users SET active = 1 - active WHERE id = ?", [user_id])
        # A locked account's sessions end now and stay ended when it is unlocked.
        end_sessions(user_id)
        audit.record(db, current_user.id, "toggle-active", "user", user_id, {}, unit.id)
    return redirect(url_for(".unit", code=unit.code))


@bp.route("/users/<int:user_id>/password", methods=["GET"])
@role_required("admin")
def confirm_reset_password(user_id: int):
    """Say what resetting an account's password does before the admin does it."""
    username, full_name, unit = _account_row(user_id)
    return render_template(
        "staff/confirm.html",
        heading=_("Đặt lại mật khẩu của %(name)s?", name=full_name),
        facts=[(_("Tên đăng nhập"), username), (_("Đơn vị"), unit.name)],
        consequences=[
            _("Mật khẩu cũ thôi dùng được; người dùng bị đăng xuất trên mọi thiết bị."),
            _("Mật khẩu mới hiện một lần trên trang sau: hãy ghi lại và trao tận tay."),
        ],
        action=url_for(".reset_password", user_id=user_id),
        button=_("Đặt lại mật khẩu"),
        back=url_for(".unit", code=unit.code) + "#accounts",
    )


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@role_required("admin")
def reset_password(user_id: int):
    """Give an account a new random password, shown once; its sessions end (the confirm step)."""
    username, unit = _account(user_id)
    password = secrets.token_urlsafe(9)
    password_hash = hash_password(password)
    db = get_db()
    with write_transaction(db):
        # Also ends every session of the account: whoever held it is signed out.
        store_password_hash(user_id, password_hash)
        audit.record(db, current_user.id, "reset-password", "user", user_id, {}, unit.id)
    return _page(unit, new_password=(username, password))
