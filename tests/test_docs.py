"""Every command and setting is documented in the README (Datasette's habit)."""

from pathlib import Path

import click
from flask import Flask
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

from app import create_app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
# Flask's own commands, documented by Flask.
FLASK_COMMANDS = {"routes", "run", "shell"}
# Settings fixed by the code for safety or by Flask's extensions, not meant to be tuned.
INTERNAL_SETTINGS = {
    "BABEL_DEFAULT_LOCALE",
    "BABEL_DEFAULT_TIMEZONE",
    "BABEL_TRANSLATION_DIRECTORIES",
    "MAX_CONTENT_LENGTH",
    "MAX_FORM_MEMORY_SIZE",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_HTTPONLY",
    "PASSWORD_HASH_METHOD",
}


def test_every_command_is_in_the_readme(app):
    with click.Context(app.cli) as ctx:
        commands = set(app.cli.list_commands(ctx)) - FLASK_COMMANDS
    assert commands >= {"init-db", "seed-demo", "create-user", "qr", "export-responses"}
    missing = sorted(c for c in commands if f"| `{c}" not in README)
    assert not missing, f"commands missing from the README: {missing}"


def test_every_setting_is_in_the_readme(tmp_path):
    """Every setting create_app() sets (not Flask's or an extension's default) is documented."""
    configured = create_app(
        {"SECRET_KEY": "docs-" + "k" * 32, "DATABASE": str(tmp_path / "x.db")}
    ).config
    bare = Flask("bare")
    CSRFProtect(bare)
    Babel(bare)
    ours = {k for k, v in configured.items() if k not in bare.config or bare.config[k] != v}
    assert {"DATABASE", "UPLOAD_DIR", "PUBLIC_BASE_URL", "FORMS_DIR", "SECRET_KEY"} <= ours
    undocumented = sorted(
        k for k in ours if k not in INTERNAL_SETTINGS and f"`FLASK_{k}`" not in README
    )
    assert not undocumented, f"settings neither documented nor internal: {undocumented}"
