"""The shape of the code: the top level, imports flowing one way, a readable schema."""

import ast
from pathlib import Path

from core import db

ROOT = Path(__file__).parent.parent
FEATURES = {"forms", "inspections", "results", "minutes", "auth", "admin", "kiosk"}
# Tools that build the whole app, as a user of it would: they may import app.py.
TOOLS = {"tests", "bench"}


def _python_files(folder: Path):
    return [p for p in folder.rglob("*.py") if ".venv" not in p.parts]


def _imports(path: Path) -> set[str]:
    """The top-level names of every module a file imports, at any depth of the file."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_top_level_holds_no_module_but_app():
    loose = sorted(p.name for p in ROOT.glob("*.py"))
    assert loose == ["app.py"]


def test_the_kernel_imports_no_feature_package():
    wrong = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & (FEATURES | {"app"}))
        for path in _python_files(ROOT / "core")
    }
    assert {k: v for k, v in wrong.items() if v} == {}


def test_no_package_imports_app():
    packages = [p for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name not in TOOLS]
    wrong = [
        str(path.relative_to(ROOT))
        for package in packages
        for path in _python_files(package)
        if "app" in _imports(path)
    ]
    assert wrong == []


def test_docs_schema_is_what_a_fresh_init_db_makes(app, tmp_path):
    path = tmp_path / "fresh.db"
    db.init_db(str(path))
    written = (ROOT / "docs" / "schema.sql").read_text()
    assert db.dump_schema(str(path)) == written, "run `make schema` and commit docs/schema.sql"


def test_definitions_and_the_database_know_no_request():
    # Data flows one way: a definition file becomes a model, the model a page. The
    # model does not ask Babel for the request's language, and the database module
    # does not know what a definition is (issue #13).
    assert "flask_babel" not in _imports(ROOT / "core" / "definitions.py")
    assert not {"flask_babel", "flask_login"} & _imports(ROOT / "core" / "db.py")
    assert "core.definitions" not in (ROOT / "core" / "db.py").read_text()


# Which parts each part may import: the kernel first, every arrow one way.
ALLOWED = {
    "core": set(),
    "auth": {"core"},
    "forms": {"core", "auth"},
    "inspections": {"core", "auth"},
    "results": {"core", "auth", "forms"},
    "admin": {"core", "auth", "forms", "inspections"},
    "minutes": {"core", "auth", "forms", "results", "inspections"},
    "kiosk": {"core", "auth", "forms", "results"},
    "actions": {"core", "auth", "inspections", "minutes"},
}


def test_each_part_imports_only_the_parts_below_it():
    parts = set(ALLOWED)
    wrong = {}
    for part, allowed in ALLOWED.items():
        for path in _python_files(ROOT / part):
            extra = (_imports(path) & parts) - allowed - {part}
            if extra:
                wrong[str(path.relative_to(ROOT))] = sorted(extra)
    assert wrong == {}
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    assert packages - TOOLS == parts, "a new part needs its line in ALLOWED"
