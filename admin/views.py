"""Admin pages: child units, counters and accounts of a unit in the admin's subtree."""

import secrets
import sqlite3

from flask import Blueprint, current_app, flash, g, redirect, render_template, url_for
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


@bp.route("/counters/<int:counter_id>/toggle", methods=["POST"])
@role_required("admin")
def toggle_counter(counter_id: int):
    """Close a counter (its QR stops working) or open it again."""
    db = get_db()
    row = rows_by_name(
        db, "SELECT unit_id, active FROM counters WHERE id = ?", [counter_id]
    ).fetchone()
    if row is None or not ButtonForm().validate():
        fail(404 if row is None else 400, _("Không tìm thấy quầy hoặc yêu cầu không hợp lệ."))
    unit = check_unit(units.get_unit(row["unit_id"]))
    with write_transaction(db):
        db.execute("UPDATE counters SET active = 1 - active WHERE id = ?", [counter_id])
        action = "deactivate" if row["active"] else "activate"
        audit.record(db, current_user.id, action, "counter", counter_id, {}, unit.id)
    return redirect(url_for(".unit", code=unit.code))


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


def _account(user_id: int):
    """An account the current admin may manage, with its unit."""
    row = rows_by_name(
        get_db(), "SELECT username, unit_id FROM users WHERE id = ?", [user_id]
    ).fetchone()
    if row is None:
        fail(404, _("Không tìm thấy tài khoản."))
    if not ButtonForm().validate():
        fail(400, _("Phiên làm việc đã hết hạn. Vui lòng tải lại trang và thử lại."))
    return row["username"], check_unit(units.get_unit(row["unit_id"]))


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


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@role_required("admin")
def reset_password(user_id: int):
    """Give an account a new random password, shown once; its sessions end."""
    username, unit = _account(user_id)
    password = secrets.token_urlsafe(9)
    password_hash = hash_password(password)
    db = get_db()
    with write_transaction(db):
        # Also ends every session of the account: whoever held it is signed out.
        store_password_hash(user_id, password_hash)
        audit.record(db, current_user.id, "reset-password", "user", user_id, {}, unit.id)
    return _page(unit, new_password=(username, password))
