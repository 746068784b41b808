"""Every input of the staff pages has its real type: a password box never shows the password."""

import re


def _input_types(html: str) -> dict[str, str | None]:
    """The type attribute of each named <input>, by name."""
    found = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'\bname="([^"]*)"', tag)
        kind = re.search(r'\btype="([^"]*)"', tag)
        found[name.group(1) if name else tag] = kind.group(1) if kind else None
    return found


def test_login_page_password_box_is_a_password_input(client):
    html = client.get("/staff/login").get_data(as_text=True)
    types = _input_types(html)
    assert types["password"] == "password"
    assert types["username"] == "text"
    assert 'type="None"' not in html
