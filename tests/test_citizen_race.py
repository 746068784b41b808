"""The double-submit race on a live threaded server: one submission id, one row."""

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from core.db import get_db
from forms.expand import expand_pending


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _browser():
    jar = CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def _post(opener, url, body, results, barrier):
    barrier.wait()
    request = urllib.request.Request(url, data=body, method="POST")
    try:
        response = opener.open(request, timeout=20)
        results.append((response.status, response.headers.get("Location")))
    except urllib.error.HTTPError as error:
        results.append((error.code, error.headers.get("Location")))


def test_same_submission_posted_at_once_is_stored_once(app, live_server):
    url = f"{live_server.url}/f/ngoc-ky/danh-gia-tthc?counter=tu-phap"
    rounds, parallel = 10, 4
    for round_number in range(rounds):
        opener = _browser()
        html = opener.open(url, timeout=20).read().decode()
        fields = dict(re.findall(r'name="(csrf_token|submission_id)" value="([^"]+)"', html))
        answers = dict.fromkeys(re.findall(r'name="([a-z-]+)" value="2"', html), "2")
        body = urllib.parse.urlencode(
            {**fields, **answers, "receipt_code": f"HS-{round_number}"}, doseq=True
        ).encode()
        results: list = []
        barrier = threading.Barrier(parallel)
        threads = [
            threading.Thread(target=_post, args=(opener, url, body, results, barrier))
            for _ in range(parallel)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # Every post gets the same thank-you, whichever of them stored the row.
        assert len(results) == parallel
        assert {status for status, _ in results} == {303}, results
        assert len({location for _, location in results}) == 1
    with app.app_context():
        database = get_db()
        assert database.execute("SELECT count(*) FROM responses").fetchone()[0] == rounds
        expand_pending(database)
        answers = database.execute("SELECT count(*) FROM answers").fetchone()[0]
    assert answers == rounds * 9
