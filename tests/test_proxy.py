"""Behind a trusted reverse proxy: the client's address, host and scheme (#12, item 5)."""

import pytest

from app import create_app
from tests.test_citizen_form import URL, count, open_form


@pytest.fixture
def proxied(app):
    """The same app and database, behind one trusted proxy (FLASK_PROXY_HOPS=1)."""
    behind = create_app(dict(app.config) | {"PROXY_HOPS": 1})
    behind.config["RATE_LIMIT_SUBMISSIONS"] = 1
    return behind


def submit(client, forwarded_for: str, **headers) -> int:
    environ = {"REMOTE_ADDR": "127.0.0.1"}  # every request arrives from the proxy
    fields = open_form(client)
    return client.post(
        URL,
        data={**fields, "muc-do": "hai-long"},
        headers={"X-Forwarded-For": forwarded_for, **headers},
        environ_base=environ,
    ).status_code


def test_clients_behind_the_proxy_get_their_own_limits(proxied):
    client = proxied.test_client()
    assert submit(client, "203.0.113.1") == 303
    assert submit(client, "203.0.113.1") == 429
    assert submit(client, "203.0.113.2") == 303


def test_a_post_whose_origin_is_the_forwarded_host_is_accepted(proxied):
    client = proxied.test_client()
    status = submit(
        client,
        "203.0.113.3",
        Origin="https://phieu.example.gov.vn",
        **{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "phieu.example.gov.vn"},
    )
    assert status == 303
    assert count(proxied) == 1


def test_a_post_from_another_site_is_still_refused_behind_the_proxy(proxied):
    client = proxied.test_client()
    status = submit(
        client,
        "203.0.113.4",
        Origin="https://evil.example",
        **{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "phieu.example.gov.vn"},
    )
    assert status == 400


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(app, client):
    assert app.config["PROXY_HOPS"] == 0
    app.config["RATE_LIMIT_SUBMISSIONS"] = 1
    assert submit(client, "203.0.113.1") == 303
    assert submit(client, "203.0.113.2") == 429


def test_proxy_hops_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_PROXY_HOPS", "2")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 32})
    assert app.config["PROXY_HOPS"] == 2


def test_a_bad_proxy_hops_refuses_to_start(tmp_path):
    with pytest.raises(RuntimeError, match="PROXY_HOPS"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 32, "PROXY_HOPS": -1})
