"""Every command and setting is documented in the README (Datasette's habit)."""

from pathlib import Path

import click

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
# Read with config.get() elsewhere, with their defaults there.
OPTIONAL_SETTINGS = {"FORMS_DIR", "MINUTES_COPIES"}


def test_every_command_is_in_the_readme(app):
    with click.Context(app.cli) as ctx:
        commands = set(app.cli.list_commands(ctx)) - FLASK_COMMANDS
    assert commands >= {"init-db", "seed-demo", "create-user", "qr", "export-responses"}
    missing = sorted(c for c in commands if f"| `{c}" not in README)
    assert not missing, f"commands missing from the README: {missing}"


def test_every_setting_is_in_the_readme():
    """A setting of create_app() or read elsewhere is documented, or declared internal."""
    import inspect

    import app as app_module

    source = inspect.getsource(app_module.create_app)
    block = source[source.index("from_mapping(") : source.index("app.config.from_prefixed_env")]
    keys = {line.strip().split("=")[0] for line in block.splitlines() if "=" in line}
    assert {"DATABASE", "UPLOAD_DIR", "PUBLIC_BASE_URL"} <= keys
    undocumented = sorted(
        k
        for k in (keys | OPTIONAL_SETTINGS | {"SECRET_KEY"})
        if k not in INTERNAL_SETTINGS and f"`FLASK_{k}`" not in README
    )
    assert not undocumented, f"settings neither documented nor internal: {undocumented}"
