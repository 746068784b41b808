"""Fixtures: an app on a temporary SQLite file, clients, and one logged-in client per role."""

import html
import re
import shutil
from pathlib import Path

import pytest

from app import create_app
from auth.users import create_user
from core import db
from tests import factories

PASSWORD = "correct horse battery"


TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-not-for-production",
    # Fast hashing in tests only (ihatemoney's habit).
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
}


def page_text(response) -> str:
    """What a reader sees of a page: its text without the tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """A database migrated once per run, with the demo units: each test gets a copy.

    Replaying every migration and recording every definition cost each test
    about 0.1 s; copying one small file costs a millisecond.
    """
    folder = tmp_path_factory.mktemp("template")
    path = folder / "phieu.db"
    app = create_app({**TEST_CONFIG, "DATABASE": str(path), "INSTANCE_PATH": str(folder)})
    db.init_db(str(path))
    with app.app_context():
        factories.make_units()
    db.close_all()
    # A closed WAL database has folded its log into the main file: one file is the copy.
    assert not (folder / "phieu.db-wal").exists()
    return path


@pytest.fixture
def app(tmp_path, template_db):
    """The app on a fresh database in a temporary folder, with the demo units."""
    path = tmp_path / "phieu.db"
    shutil.copyfile(template_db, path)
    app = create_app(
        {**TEST_CONFIG, "DATABASE": str(path), "UPLOAD_DIR": str(tmp_path / "uploads")}
    )
    yield app
    db.close_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def _login(app, username: str):
    client = app.test_client()
    user_id = app.extensions["phieu_test_users"][username]
    with app.app_context():
        from auth.users import load_user

        token = load_user(user_id).get_id()  # id and session version, as login stores it
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    return client


@pytest.fixture
def make_user(app):
    """Create a user in a unit with a role; returns the user."""

    def make(username: str, role: str, unit_code: str = "ngoc-ky"):
        with app.app_context():
            from core.units import get_unit_by_code

            user = create_user(
                username, PASSWORD, username.title(), role, get_unit_by_code(unit_code)
            )
        app.extensions.setdefault("phieu_test_users", {})[username] = user.id
        return user

    return make


@pytest.fixture
def login(app, make_user):
    """A test client logged in as a new user of a role and unit."""

    def log_in(role: str, unit_code: str = "ngoc-ky", username: str | None = None):
        username = username or f"{role}-{unit_code}"
        if username not in app.extensions.get("phieu_test_users", {}):
            make_user(username, role, unit_code)
        return _login(app, username)

    return log_in


def pytest_collection_modifyitems(items) -> None:
    """Mark every test that drives Chromium as `browser`, so `make test-fast` can leave it out."""
    for item in items:
        if {"browser", "live_server"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


# Browser fixtures live in tests/browser.py; import them so every test file can use them.
from tests.browser import browser, live_server  # noqa: E402, F401
