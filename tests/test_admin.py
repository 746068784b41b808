"""Admin pages: units, counters and accounts, only within the admin's subtree."""

from core.db import get_db


def _csrf_off(app):
    app.config["WTF_CSRF_ENABLED"] = False


def test_only_admins_of_the_unit_tree(app, login):
    assert login("secretary").get("/staff/admin/units/ngoc-ky").status_code == 403
    commune_admin = login("admin", "tan-ky")
    assert commune_admin.get("/staff/admin/units/ngoc-ky").status_code == 403
    assert commune_admin.get("/staff/admin/units/tan-ky").status_code == 200
    assert login("admin", "hai-duong").get("/staff/admin/units/ngoc-ky").status_code == 200
    assert login("admin", "hai-duong").get("/staff/admin/units/nowhere").status_code == 404


def test_add_user_shows_password_once(app, login):
    _csrf_off(app)
    admin = login("admin", "tu-ky")
    response = admin.post(
        "/staff/admin/units/ngoc-ky/users",
        data={"full_name": "Lê Thị Mai", "title": "", "username": "mai", "role": "inspector"},
    )
    assert response.status_code == 201
    page = response.get_data(as_text=True)
    assert "chỉ hiện một lần" in page
    with app.app_context():
        row = get_db().execute("SELECT full_name, role FROM users WHERE username='mai'").fetchone()
        assert row == ("Lê Thị Mai", "inspector")
        assert (
            get_db()
            .execute("SELECT count(*) FROM audit_log WHERE entity='user' AND action='create'")
            .fetchone()[0]
            == 1
        )
    again = admin.post(
        "/staff/admin/units/ngoc-ky/users",
        data={"full_name": "X", "username": "mai", "role": "staff"},
    )
    assert again.status_code == 400
    assert "đã được dùng" in again.get_data(as_text=True)


def test_bad_codes_are_refused_in_vietnamese(app, login):
    _csrf_off(app)
    admin = login("admin", "hai-duong")
    response = admin.post(
        "/staff/admin/units/ngoc-ky/counters", data={"name": "Quầy 7", "code": "Quầy 7"}
    )
    assert response.status_code == 400
    assert "không dấu" in response.get_data(as_text=True)
    ok = admin.post(
        "/staff/admin/units/ngoc-ky/counters", data={"name": "Quầy 7", "code": "quay-7"}
    )
    assert ok.status_code == 302
    dup = admin.post("/staff/admin/units/ngoc-ky/counters", data={"name": "Y", "code": "quay-7"})
    assert dup.status_code == 400


def test_add_child_unit_gets_path(app, login):
    _csrf_off(app)
    admin = login("admin", "hai-duong")
    response = admin.post(
        "/staff/admin/units/hai-duong/units",
        data={"name": "Phường Mới", "code": "phuong-moi", "level": "xa"},
    )
    assert response.status_code == 302
    with app.app_context():
        path = get_db().execute("SELECT path FROM units WHERE code='phuong-moi'").fetchone()[0]
        root = get_db().execute("SELECT path FROM units WHERE code='hai-duong'").fetchone()[0]
    assert path.startswith(root) and path != root


def test_toggle_counter_needs_csrf(app, login):
    admin = login("admin", "hai-duong")
    with app.app_context():
        counter_id = get_db().execute("SELECT id FROM counters LIMIT 1").fetchone()[0]
    assert admin.post(f"/staff/admin/counters/{counter_id}/toggle").status_code == 400
    assert admin.post(f"/staff/admin/counters/{counter_id}/close").status_code == 400
    _csrf_off(app)
    assert admin.post(f"/staff/admin/counters/{counter_id}/close").status_code == 302
    with app.app_context():
        assert (
            get_db().execute("SELECT active FROM counters WHERE id = ?", [counter_id]).fetchone()[0]
            == 0
        )


def test_admin_cannot_lock_self(app, login):
    _csrf_off(app)
    admin = login("admin", "hai-duong", username="boss")
    with app.app_context():
        user_id = get_db().execute("SELECT id FROM users WHERE username='boss'").fetchone()[0]
    response = admin.post(f"/staff/admin/users/{user_id}/toggle")
    assert response.status_code == 400
    assert "Không thể khóa" in response.get_data(as_text=True)


def test_reset_password_of_other_unit_is_forbidden(app, login, make_user):
    _csrf_off(app)
    other = make_user("tk", "staff", "tan-ky")
    admin = login("admin", "ngoc-ky")
    assert admin.post(f"/staff/admin/users/{other.id}/password").status_code == 403
