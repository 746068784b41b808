"""Rate limits counted in the database: every worker sees them, a restart keeps them (#12, 6)."""

import json
import subprocess
import sys
from pathlib import Path

from core import db
from tests.test_citizen_form import URL, count, open_form

ROOT = Path(__file__).parent.parent

# Another worker process: its own app on the same database file, posting honest
# submissions from the same address as the test's client.
WORKER = """
import json, re, sys
from app import create_app
app = create_app(json.loads(sys.argv[1]))
client = app.test_client()
codes = []
for _ in range(int(sys.argv[2])):
    html = client.get(sys.argv[3]).get_data(as_text=True)
    fields = dict(re.findall(r'name="(csrf_token|submission_id)" value="([^"]+)"', html))
    codes.append(client.post(sys.argv[3], data={**fields, "muc-do": "hai-long"}).status_code)
print(json.dumps(codes))
"""


def other_worker(app, submissions: int) -> list[int]:
    """Status codes of submissions posted by a separate process on the same database."""
    config = {
        key: app.config[key]
        for key in ("TESTING", "SECRET_KEY", "DATABASE", "UPLOAD_DIR", "RATE_LIMIT_SUBMISSIONS")
    }
    done = subprocess.run(
        [sys.executable, "-c", WORKER, json.dumps(config), str(submissions), URL],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def submit(client) -> int:
    return client.post(URL, data={**open_form(client), "muc-do": "hai-long"}).status_code


def test_the_submission_limit_holds_across_two_workers(app, client):
    app.config["RATE_LIMIT_SUBMISSIONS"] = 3
    assert [submit(client), submit(client)] == [303, 303]
    assert other_worker(app, 2) == [303, 429]
    limited = client.post(URL, data={**open_form(client), "muc-do": "hai-long"})
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert count(app) == 3


def test_the_submission_limit_survives_a_restart(app, client):
    app.config["RATE_LIMIT_SUBMISSIONS"] = 3
    assert [submit(client) for _ in range(3)] == [303, 303, 303]
    db.close_all()  # this worker stops; a new one starts on the same database
    assert other_worker(app, 1) == [429]
    assert count(app) == 3


def test_junk_posts_do_not_spend_a_citizens_allowance(app, client):
    app.config["RATE_LIMIT_SUBMISSIONS"] = 3
    codes = set()
    for n in range(200):
        fields = open_form(client)
        junk = [
            {**fields, "csrf_token": "forged.token.value", "muc-do": "hai-long"},  # bad token
            {**fields, "muc-do": "khong-co-lua-chon-nay"},  # bad answer
            {**fields, "muc-do": "hai-long", "truong-la": "x"},  # unknown field
            {"csrf_token": fields["csrf_token"], "muc-do": "hai-long"},  # no submission id
        ][n % 4]
        codes.add(client.post(URL, data=junk).status_code)
    assert codes == {400, 422}
    assert count(app) == 0
    assert [submit(client) for _ in range(3)] == [303, 303, 303]
    assert submit(client) == 429


def test_a_retried_submission_spends_nothing_more(app, client):
    app.config["RATE_LIMIT_SUBMISSIONS"] = 2
    fields = open_form(client)
    for _ in range(5):
        assert client.post(URL, data={**fields, "muc-do": "hai-long"}).status_code == 303
    assert submit(client) == 303
    assert submit(client) == 429
