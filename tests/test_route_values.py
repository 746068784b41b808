"""Route values loaded once (issue #13): a blueprint's url_value_preprocessor puts the unit,
form or inspection on g with its access check, refusing before anything is loaded, and its
url_defaults fills them back into url_for."""

import ast
from pathlib import Path

import pytest
from flask import g, url_for

from tests.inspection_helpers import make_inspection


def _forbid(monkeypatch, target: str) -> None:
    """Make loading fail loudly: a refused request must not get that far."""

    def loaded(*args, **kwargs):
        raise AssertionError(f"{target} was called for a refused request")

    monkeypatch.setattr(target, loaded)


@pytest.mark.parametrize(
    "url",
    [
        "/staff/results/ngoc-ky/hai-long",
        "/staff/units/ngoc-ky/forms/hai-long/poster",
        "/staff/admin/units/ngoc-ky",
    ],
)
def test_a_unit_is_not_loaded_for_a_refused_request(app, login, monkeypatch, url):
    _forbid(monkeypatch, "auth.access.get_unit_by_code")
    assert app.test_client().get(url).status_code == 302  # the login page
    assert login("inspector").get(url).status_code == 403  # the role is not theirs


def test_an_inspection_is_not_loaded_for_a_refused_request(app, login, monkeypatch):
    with app.app_context():
        inspection = make_inspection()
    _forbid(monkeypatch, "inspections.access.load_inspection")
    _forbid(monkeypatch, "minutes.views.load_inspection")
    staff = login("staff")
    for url in (f"/staff/inspections/{inspection}", f"/staff/inspections/{inspection}/history"):
        assert app.test_client().get(url).status_code == 302
        assert staff.get(url).status_code == 403
    assert app.test_client().get(f"/staff/minutes/{inspection}").status_code == 302


def test_the_loaded_values_fill_url_for(app, login):
    with app.app_context():
        inspection = make_inspection()
    secretary = login("secretary")
    with secretary:
        assert secretary.get("/staff/results/ngoc-ky/hai-long").status_code == 200
        assert (g.unit.code, g.form_def.slug) == ("ngoc-ky", "hai-long")
        assert url_for("results.paper_slip") == "/staff/results/ngoc-ky/hai-long/paper/slip"
        # A value url_for names wins over the loaded one.
        assert url_for("results.results", unit_code="tan-ky").startswith("/staff/results/tan-ky/")
    with secretary:
        assert secretary.get(f"/staff/inspections/{inspection}").status_code == 200
        assert g.inspection.id == inspection
        assert url_for("inspections.history") == f"/staff/inspections/{inspection}/history"
        assert url_for("inspections.index") == "/staff/inspections/"
    with secretary:
        assert secretary.get("/staff/units/ngoc-ky/forms/hai-long/poster").status_code == 200
        # The list of forms takes no form: the loaded one does not leak into its query string.
        assert url_for("posters.index") == "/staff/units/ngoc-ky/forms/"


def test_no_view_calls_another_view():
    """A view that renders another's page shares a helper with it instead (issue #13)."""
    root = Path(__file__).parent.parent
    calls = []
    for path in root.glob("*/*.py"):
        if path.parts[-2] in ("tests", "bench") or path.parts[-2].startswith("."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
        views = {
            f.name
            for f in functions
            for d in f.decorator_list
            if isinstance(d, ast.Call) and getattr(d.func, "attr", "") == "route"
        }
        calls += [
            f"{path.relative_to(root)}: {f.name} calls {call.func.id}"
            for f in functions
            if f.name in views
            for call in ast.walk(f)
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) in views
        ]
    assert not calls
