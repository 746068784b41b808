"""Staff accounts stored in the users table, with hashed passwords."""

from dataclasses import dataclass
from functools import cache

from flask import current_app
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from core.audit import now_utc
from core.db import get_db, rows_by_name
from core.units import Unit, get_unit

ROLES = ("admin", "secretary", "inspector", "staff")


@dataclass
class User(UserMixin):
    """A staff member; sees the records of their unit and the units below it."""

    id: int
    username: str
    full_name: str
    title: str
    role: str
    unit_id: int
    active: bool
    # Raised by logout and password changes; sessions signed with another end.
    session_version: int = 0

    def get_id(self) -> str:
        """The session token Flask-Login keeps: id and session version (its 'alternative token')."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def unit(self) -> Unit:
        unit = get_unit(self.unit_id)
        assert unit is not None  # the foreign key guarantees it
        return unit

    def can_see(self, unit: Unit) -> bool:
        """Whether a unit lies in this user's subtree."""
        return self.unit.contains(unit)

    def has_role(self, *roles: str) -> bool:
        """Whether the user holds one of the roles (admin holds them all)."""
        return self.role == "admin" or self.role in roles


USER_COLUMNS = "id, username, full_name, title, role, unit_id, active, session_version"


def load_user(user_id: int) -> User | None:
    """A user by id."""
    row = rows_by_name(
        get_db(),
        f"SELECT {USER_COLUMNS} FROM users WHERE id = ?",  # noqa: S608 - columns are constants
        [user_id],
    ).fetchone()
    return User(**row) if row else None


def load_session_user(token: str) -> User | None:
    """The user of a session token 'id:version', if that version is still current.

    A bare 'id' (sessions from before versions existed, and the benchmarks'
    hand-made sessions) counts as version 0: valid until the first logout or
    password change of the account.
    """
    user_id, _, version = token.partition(":")
    if not user_id.isdigit() or not (version or "0").isdigit():
        return None
    user = load_user(int(user_id))
    if user is None or user.session_version != int(version or "0"):
        return None
    return user


def end_sessions(user_id: int) -> None:
    """End every session of an account (logout everywhere)."""
    get_db().execute(
        "UPDATE users SET session_version = session_version + 1 WHERE id = ?", [user_id]
    )


def hash_password(password: str) -> str:
    """A password's hash, slow on purpose: compute it before taking the write lock."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def set_password(user_id: int, password: str) -> None:
    """Store a new password and end every session signed with the old one."""
    store_password_hash(user_id, hash_password(password))


def store_password_hash(user_id: int, password_hash: str) -> None:
    """Store a password hash and end every session signed with the old password."""
    get_db().execute(
        "UPDATE users SET password_hash = ?, session_version = session_version + 1 WHERE id = ?",
        [password_hash, user_id],
    )


def password_matches(user_id: int, password: str) -> bool:
    """Whether a password is the account's current one."""
    row = get_db().execute("SELECT password_hash FROM users WHERE id = ?", [user_id]).fetchone()
    return row is not None and check_password_hash(row[0], password)


def find_user(username: str) -> tuple[User, str] | None:
    """A user and their password hash, by username."""
    row = rows_by_name(
        get_db(),
        f"SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = ?",  # noqa: S608 - columns are constants
        [username.strip().lower()],
    ).fetchone()
    if row is None:
        return None
    fields = dict(row)
    password_hash = fields.pop("password_hash")
    return User(**fields), password_hash


def authenticate(username: str, password: str) -> User | None:
    """The active user whose password matches, else None."""
    found = find_user(username)
    if found is None:
        # Hash anyway, once, as for a real account: the time taken must not
        # reveal which usernames exist (issue #12).
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    user, password_hash = found
    # The hash is checked for an inactive account too, so it answers as slowly.
    matches = check_password_hash(password_hash, password)
    return user if matches and user.is_active else None


@cache
def _dummy_hash(method: str) -> str:
    """A hash of nothing, made once per method: checking it costs what a real check does."""
    return generate_password_hash("not-a-password", method=method)


def create_user(
    username: str,
    password: str,
    full_name: str,
    role: str,
    unit: Unit,
    title: str = "",
) -> User:
    """Store a new account with a hashed password."""
    return store_user(username, hash_password(password), full_name, role, unit, title)


def store_user(
    username: str,
    password_hash: str,
    full_name: str,
    role: str,
    unit: Unit,
    title: str = "",
) -> User:
    """Store a new account whose password is hashed already (see hash_password)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    cursor = get_db().execute(
        "INSERT INTO users (username, password_hash, full_name, title, role, unit_id,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [username.strip().lower(), password_hash, full_name, title, role, unit.id, now_utc()],
    )
    return User(
        id=cursor.lastrowid,
        username=username.strip().lower(),
        full_name=full_name,
        title=title,
        role=role,
        unit_id=unit.id,
        active=True,
    )
