"""The foundation: configuration, health check, schema, staff login and accounts."""

import sqlite3

from app import create_app
from core.db import get_db


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_database_is_wal_with_foreign_keys(app):
    with app.app_context():
        database = get_db()
        assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_init_db_is_repeatable(runner):
    assert runner.invoke(args=["init-db"]).exit_code == 0
    assert runner.invoke(args=["init-db"]).exit_code == 0


def test_secret_key_is_generated_into_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    app = create_app({"DATABASE": str(tmp_path / "x.db"), "INSTANCE_PATH": str(tmp_path)})
    assert len(app.config["SECRET_KEY"]) == 64
    assert (tmp_path / "secret_key").read_text() == app.config["SECRET_KEY"]
    again = create_app({"DATABASE": str(tmp_path / "x.db"), "INSTANCE_PATH": str(tmp_path)})
    assert again.config["SECRET_KEY"] == app.config["SECRET_KEY"]


def test_prefixed_environment_configures_database(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DATABASE", str(tmp_path / "env.db"))
    monkeypatch.setenv("FLASK_SECRET_KEY", "an-env-secret-of-some-length")
    app = create_app()
    assert app.config["DATABASE"] == str(tmp_path / "env.db")
    assert app.config["SECRET_KEY"] == "an-env-secret-of-some-length"


def test_well_known_secret_key_is_refused(monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "dev")
    try:
        create_app()
    except RuntimeError as error:
        assert "SECRET_KEY" in str(error)
    else:
        raise AssertionError("started with SECRET_KEY=dev")


def test_staff_pages_need_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


def test_login_and_logout(app, client, make_user):
    from tests.conftest import PASSWORD

    make_user("thuky", "secretary")
    app.config["WTF_CSRF_ENABLED"] = False
    bad = client.post("/staff/login", data={"username": "thuky", "password": "nope"})
    assert bad.status_code == 400
    assert "không đúng" in bad.get_data(as_text=True)
    good = client.post("/staff/login", data={"username": "thuky", "password": PASSWORD})
    assert good.status_code == 302
    home = client.get("/staff/")
    assert home.status_code == 200
    assert "Thuky" in home.get_data(as_text=True)
    client.post("/staff/logout")
    assert client.get("/staff/").status_code == 302


def test_login_is_rate_limited(app, client, make_user):
    make_user("thuky", "secretary")
    app.config.update(WTF_CSRF_ENABLED=False, RATE_LIMIT_LOGINS=3)
    answers = [
        client.post("/staff/login", data={"username": "thuky", "password": "x"}) for _ in range(5)
    ]
    assert [a.status_code for a in answers] == [400, 400, 400, 429, 429]
    assert int(answers[-1].headers["Retry-After"]) >= 1


def test_login_form_needs_csrf(client):
    response = client.post("/staff/login", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)


def test_login_next_stays_on_site(app, client, make_user):
    from tests.conftest import PASSWORD

    make_user("thuky", "secretary")
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post(
        "/staff/login?next=https://evil.example/",
        data={"username": "thuky", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/staff/"


def test_create_user_command(runner, app):
    result = runner.invoke(
        args=[
            "create-user",
            "chutich",
            "--unit",
            "ngoc-ky",
            "--role",
            "inspector",
            "--name",
            "Nguyễn Xuân Thoảng",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Mật khẩu:" in result.output
    with app.app_context():
        row = get_db().execute("SELECT password_hash, role FROM users").fetchone()
    assert row[1] == "inspector"
    assert not row[0].startswith("Mật") and "$" in row[0]


def test_create_user_rejects_bad_arguments(runner):
    unknown_unit = runner.invoke(
        args=["create-user", "a", "--unit", "nowhere", "--role", "staff", "--name", "A"]
    )
    assert unknown_unit.exit_code != 0
    assert "Không có đơn vị" in unknown_unit.output
    runner.invoke(args=["create-user", "b", "--unit", "ngoc-ky", "--role", "staff", "--name", "B"])
    duplicate = runner.invoke(
        args=["create-user", "b", "--unit", "ngoc-ky", "--role", "staff", "--name", "B"]
    )
    assert duplicate.exit_code != 0
    assert "đã tồn tại" in duplicate.output


def test_foreign_keys_are_enforced(app):
    with app.app_context():
        try:
            get_db().execute("INSERT INTO counters (unit_id, code, name) VALUES (9999, 'x', 'x')")
        except sqlite3.IntegrityError:
            return
    raise AssertionError("a counter of a missing unit was stored")


def test_unknown_page_is_vietnamese_404(client):
    response = client.get("/khong-co")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_security_headers(client):
    headers = client.get("/healthz").headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_english_locale(client):
    page = client.get("/staff/login?lang=en").get_data(as_text=True)
    assert 'lang="en"' in page
