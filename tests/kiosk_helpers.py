"""Shared pieces of the kiosk tests: pairing links, pairing a client, posting ratings."""

import re
import secrets
from urllib.parse import urlsplit


def pair_link(runner, counter: str = "tu-phap", unit: str = "ngoc-ky") -> str:
    """The pairing link `flask kiosk-pair` prints as its last line."""
    result = runner.invoke(args=["kiosk-pair", "--unit", unit, "--counter", counter])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html)[1]


def pair(client, link: str):
    """Open a pairing link and press its button, as the tablet does; the final response."""
    path = urlsplit(link).path
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    return client.post(path, data={"csrf_token": csrf_of(page.get_data(as_text=True))})


def rating(level: str = "hai-long", **answers) -> dict:
    """A kiosk post body with a fresh submission id."""
    return {
        "submission_id": secrets.token_urlsafe(16),
        "answers": {"muc-do": [level], **answers},
        "waited": 0,
    }
