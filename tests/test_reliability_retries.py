"""Concurrent retries against a real gunicorn: 2,000 submissions, each posted twice at once."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.reliability_helpers import (
    Citizen,
    expand_file,
    prepare_database,
    serve,
    thanks_path,
)

pytestmark = pytest.mark.slow  # gunicorn under load

SUBMISSIONS = 2000
CLIENTS = 8


def _post_twice_at_once(citizen: Citizen, submission_id: str, comment: str) -> list:
    """Two posts of one submission released together, as a double tap or a retry does."""
    barrier = threading.Barrier(2)
    answers: list = []

    def post():
        barrier.wait()
        answers.append(citizen.submit(submission_id, comment=comment))

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_two_thousand_submissions_posted_twice_at_once_are_stored_once(tmp_path):
    database = tmp_path / "phieu.db"
    prepare_database(database)
    with serve(database) as server:
        citizens = [Citizen(server.url) for _ in range(CLIENTS)]
        # Each submission is a form page a phone opened; its token is bound to its id.
        ids = [citizens[i % CLIENTS].open_form() for i in range(SUBMISSIONS)]
        with ThreadPoolExecutor(CLIENTS) as pool:
            outcomes = list(
                pool.map(
                    lambda i: (
                        ids[i],
                        _post_twice_at_once(citizens[i % CLIENTS], ids[i], f"Góp ý số {i}"),
                    ),
                    range(SUBMISSIONS),
                )
            )
        # Both posts of a pair end on the same thank-you page, which exists.
        for submission_id, answers in outcomes:
            assert len(answers) == 2
            for status, location, body in answers:
                assert status == 303, (status, body[:300])
                assert location.endswith(thanks_path(submission_id))
        for submission_id, _ in outcomes[:20]:
            status, _, _ = citizens[0].request("GET", thanks_path(submission_id))
            assert status == 200
    conn = sqlite3.connect(database)
    stored = conn.execute("SELECT count(*), count(DISTINCT submission_id) FROM responses")
    assert stored.fetchone() == (SUBMISSIONS, SUBMISSIONS)
    assert {r[0] for r in conn.execute("SELECT submission_id FROM responses")} == set(ids)
    # One rating and one comment per response: no doubled or missing answer rows.
    expand_file(database)
    per_response = conn.execute(
        "SELECT question, count(*), count(DISTINCT response_id) FROM answers GROUP BY question"
    ).fetchall()
    assert sorted(per_response) == [
        ("gop-y", SUBMISSIONS, SUBMISSIONS),
        ("muc-do", SUBMISSIONS, SUBMISSIONS),
    ]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
