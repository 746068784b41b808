"""Fixtures: an app on a temporary SQLite file, clients, and one logged-in client per role."""

import pytest

from app import create_app
from auth.users import create_user
from core import db
from tests import factories

PASSWORD = "correct horse battery"


@pytest.fixture
def app(tmp_path):
    """The app on a fresh database in a temporary folder, with the demo units."""
    path = tmp_path / "phieu.db"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "DATABASE": str(path),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            # Fast hashing in tests only (ihatemoney's habit).
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        }
    )
    db.init_db(str(path))
    with app.app_context():
        factories.make_units()
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
    with client.session_transaction() as session:
        user_id = app.extensions["phieu_test_users"][username]
        session["_user_id"] = str(user_id)
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


# Browser fixtures live in tests/browser.py; import them so every test file can use them.
from tests.browser import browser, live_server  # noqa: E402, F401
