"""The assumptions of core/fastpath.py: each test fails when the framework behaviour changes."""

from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from auth import login_manager
from core import fastpath

FORM = "/f/ngoc-ky/hai-long?counter=tu-phap"


def test_the_lean_session_reads_and_writes_flask_s_own_cookies(app):
    app.config["SECRET_KEY_FALLBACKS"] = ["an-older-key-" + "k" * 20]
    lean, plain = fastpath.LeanSessionInterface(), SecureCookieSessionInterface()
    current = plain.get_signing_serializer(app).dumps({"a": 1})
    assert lean.get_signing_serializer(app).loads(current) == {"a": 1}
    older = Flask("older")
    older.secret_key = app.config["SECRET_KEY_FALLBACKS"][0]
    signed_before = plain.get_signing_serializer(older).dumps({"b": 2})
    assert lean.get_signing_serializer(app).loads(signed_before) == {"b": 2}
    app.secret_key = "a-rotated-key-" + "k" * 20
    assert lean.get_signing_serializer(app).loads(
        plain.get_signing_serializer(app).dumps({"c": 3})
    ) == {"c": 3}


def test_a_cookieless_citizen_gets_no_cookie(client):
    response = client.get(FORM)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_flask_login_s_remember_hook_is_the_one_replaced(app):
    hooks = app.after_request_funcs[None]
    assert login_manager._update_remember_cookie not in hooks
    assert any(getattr(h, "__name__", "") == "upkeep" for h in hooks)


def test_security_headers_reach_error_pages_and_static_files(client):
    for url in ("/no-such-page", "/static/style.css", FORM):
        assert client.get(url).headers["X-Frame-Options"] == "DENY", url


def test_werkzeug_sends_the_headers_get_wsgi_headers_returns():
    from werkzeug.test import run_wsgi_app

    response = fastpath.HeadersAsBuilt(status=303, content_type="text/html; charset=utf-8")
    response.headers["Location"] = "/f/x/y/cam-on/abc"
    _, status, headers = run_wsgi_app(response, {"REQUEST_METHOD": "POST", "SERVER_NAME": "x"})
    assert status == "303 SEE OTHER"
    assert headers["Location"] == "/f/x/y/cam-on/abc"
    assert headers["Content-Length"] == "0"


def test_a_page_rendered_once_gets_each_visitor_s_own_values():
    pages = fastpath.RenderedOnce()
    rendered = []

    def render(csrf, submission):
        rendered.append(1)
        return f"<input value={csrf}><input value={submission}>"

    first = pages.page("k", render, "token-a", "id-a")
    second = pages.page("k", render, "token-b", "id-b")
    assert len(rendered) == 1
    assert "token-a" in first and "id-b" in second and "token-a" not in second


def test_an_answer_is_kept_only_while_its_stamp_stays():
    kept = fastpath.KeptByStamp()
    looked_up = []

    def look_up():
        looked_up.append(1)
        return len(looked_up)

    assert kept.get("url", 0.1, look_up) == 1
    assert kept.get("url", 0.1, look_up) == 1
    assert kept.get("url", 0.2, look_up) == 2


def test_a_definition_folder_is_parsed_again_only_when_a_file_changes(tmp_path):
    import os

    from core.definitions import load_folder

    folder = tmp_path / "defs"
    folder.mkdir()
    (folder / "a.yaml").write_text("x: 1\n")
    parsed = []

    class Definition:
        def __init__(self, path):
            parsed.append(path.name)
            self.slug = path.stem

    assert list(load_folder(folder, Definition, "things")) == ["a"]
    assert list(load_folder(folder, Definition, "things")) == ["a"]
    assert parsed == ["a.yaml"]
    (folder / "a.yaml").write_text("x: 22\n")
    os.utime(folder / "a.yaml", ns=(1, 1))
    load_folder(folder, Definition, "things")
    assert parsed == ["a.yaml", "a.yaml"]


def test_compiled_templates_are_kept_on_disk_and_follow_their_source(tmp_path, monkeypatch):
    """Jinja reuses the kept code of an unchanged template, and compiles an edited one."""
    from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader

    (tmp_path / "page.html").write_text("first {{ x }}")
    cache = tmp_path / "compiled"
    cache.mkdir()

    def environment() -> Environment:
        return Environment(
            loader=FileSystemLoader(str(tmp_path)),
            bytecode_cache=FileSystemBytecodeCache(str(cache)),
        )

    assert environment().get_template("page.html").render(x=1) == "first 1"
    assert list(cache.iterdir()), "nothing kept"
    fresh = environment()  # another worker: loads the kept code, compiles nothing

    def refuse(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(fresh, "compile", refuse)
    assert fresh.get_template("page.html").render(x=2) == "first 2"
    monkeypatch.undo()
    (tmp_path / "page.html").write_text("edited {{ x }}")
    assert environment().get_template("page.html").render(x=3) == "edited 3"


def test_the_app_keeps_its_compiled_templates_in_the_instance_folder(app):
    from pathlib import Path

    from jinja2 import FileSystemBytecodeCache

    cache = app.jinja_env.bytecode_cache
    assert isinstance(cache, FileSystemBytecodeCache)
    assert Path(cache.directory) == Path(app.instance_path) / "compiled-templates"


def test_a_published_version_is_validated_once_while_its_digest_stays(app):
    import json

    import yaml

    from core import fastpath
    from forms.definition import DEFINITIONS_DIR, load_form
    from forms.published import stored_form

    path = DEFINITIONS_DIR / "hai-long.yaml"
    form, source = load_form(path), json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")))
    fastpath.validated_forms._kept.clear()
    with app.app_context():
        first = stored_form("hai-long", 1, form.sha256, source)
        again = stored_form("hai-long", 1, form.sha256, "not even JSON: not read again")
        assert again is first
        # Another digest under the same version is validated, never served from the kept one.
        other = stored_form("hai-long", 1, "another digest", source)
        assert other is not first and other.sha256 == form.sha256


def test_a_chart_drawing_depends_on_nothing_but_its_key():
    """The minutes' charts are kept by their figures: the same figures draw the same bytes."""
    from core import fastpath
    from minutes import chart_images
    from results import charts

    labels, counts = ("Rất hài lòng", "Hài lòng", "Không hài lòng"), (7, 3, 1)
    fresh = [chart_images.png(charts.level_bars(list(labels), list(counts))) for _ in range(2)]
    assert fresh[0] == fresh[1]
    fastpath.drawn_charts._kept.clear()
    kept = chart_images.level_bars(labels, counts)
    assert kept == fresh[0]
    assert chart_images.level_bars(labels, counts) is kept
    assert chart_images.level_bars(labels, (7, 3, 2)) != kept
