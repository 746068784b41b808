"""Forged staff actions: every POST without a valid CSRF token is refused and changes nothing."""

import re

from core.db import get_db
from tests.test_access_matrix import TABLE, make_world

TABLES = ("responses", "answers", "paper_batches", "users", "counters", "units", "audit_log")


def _snapshot(app) -> dict:
    """Row counts and the mutable flags a forged action could flip."""
    with app.app_context():
        db = get_db()
        counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        counts["active"] = db.execute(
            "SELECT group_concat(active) FROM (SELECT active FROM users ORDER BY id)"
        ).fetchone()[0]
        counts["counters_active"] = db.execute(
            "SELECT group_concat(active) FROM (SELECT active FROM counters ORDER BY id)"
        ).fetchone()[0]
        counts["passwords"] = db.execute(
            "SELECT group_concat(password_hash) FROM (SELECT password_hash FROM users ORDER BY id)"
        ).fetchone()[0]
    return counts


def test_every_staff_post_without_token_is_refused(app, login, make_user):
    assert app.config.get("WTF_CSRF_ENABLED", True)
    world = make_world(app, make_user)
    admin = login("admin", "hai-duong")
    before = _snapshot(app)
    posts = [(e, url) for (e, method, url), _ in TABLE if method == "POST"]
    assert len(posts) >= 15
    for endpoint, template in posts:
        url = template.format(**world)
        for data in ({}, {"csrf_token": "forged"}, {"csrf_token": ""}):
            response = admin.post(url, data=data)
            assert response.status_code == 400, (endpoint, data, response.status_code)
            # The Vietnamese error page (or JSON for the tablet script), not a stack trace.
            assert 'lang="vi"' in response.get_data(as_text=True) or response.is_json
    assert _snapshot(app) == before
    # Still signed in: the forged logout did nothing either.
    assert admin.get("/staff/").status_code == 200


def test_token_from_another_session_is_refused(app, login):
    """A token lifted from the attacker's own page does not work in the victim's session."""
    attacker = app.test_client()
    html = attacker.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    victim = login("admin", "hai-duong")
    response = victim.post("/staff/admin/units/ngoc-ky/counters", data={"csrf_token": token})
    assert response.status_code == 400
