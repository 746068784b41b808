"""The cached citizen form page: each copy has its own token and id, and nobody's name."""

import re

from forms.views import form_pages

URL = "/f/ngoc-ky/hai-long?counter=tu-phap"


def _ids(html: str) -> tuple[str, str]:
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    submission = re.search(r'name="submission_id" value="([^"]+)"', html).group(1)
    return csrf, submission


def test_each_copy_gets_its_own_token_and_submission_id(app):
    form_pages.clear()
    first = app.test_client().get(URL).get_data(as_text=True)
    second = app.test_client().get(URL).get_data(as_text=True)
    assert _ids(first)[1] != _ids(second)[1]
    assert _ids(first)[0] != _ids(second)[0]
    assert form_pages.csrf_slot not in first and form_pages.submission_slot not in first
    # Apart from the two values, the copies are the same page.
    assert first.replace(_ids(first)[0], "").replace(_ids(first)[1], "") == second.replace(
        _ids(second)[0], ""
    ).replace(_ids(second)[1], "")


def test_a_cached_token_is_accepted(app):
    form_pages.clear()
    client = app.test_client()
    client.get(URL)  # fills the cache
    csrf, submission = _ids(client.get(URL).get_data(as_text=True))
    response = client.post(
        URL, data={"csrf_token": csrf, "submission_id": submission, "muc-do": "hai-long"}
    )
    assert response.status_code == 303


def test_staff_page_is_not_shared_with_citizens(app, login, make_user):
    form_pages.clear()
    staff = login("staff", username="canbo")
    assert "Canbo" in staff.get(URL).get_data(as_text=True)
    assert "Canbo" not in app.test_client().get(URL).get_data(as_text=True)


def test_language_and_counter_are_part_of_the_key(app):
    form_pages.clear()
    client = app.test_client()
    assert "Tư pháp" in client.get(URL).get_data(as_text=True) or "Tu Phap" in client.get(
        URL
    ).get_data(as_text=True)
    english = app.test_client().get(URL + "&lang=en").get_data(as_text=True)
    assert 'lang="en"' in english
    other_counter = app.test_client().get("/f/ngoc-ky/hai-long?counter=cong-an")
    assert "Cong An" in other_counter.get_data(as_text=True)


def test_a_flash_for_one_visitor_never_shows_to_another(app):
    form_pages.clear()
    visitor_a = app.test_client()
    with visitor_a.session_transaction() as session:
        session["_flashes"] = [("message", "Thông báo riêng của A")]
    assert "Thông báo riêng của A" in visitor_a.get(URL).get_data(as_text=True)
    visitor_b = app.test_client()
    assert "Thông báo riêng của A" not in visitor_b.get(URL).get_data(as_text=True)


def test_the_mount_prefix_is_part_of_the_key(app):
    form_pages.clear()
    client = app.test_client()
    mounted = client.get(URL, base_url="http://localhost/phieu").get_data(as_text=True)
    assert 'action="/phieu/f/ngoc-ky/hai-long/' in mounted
    assert 'href="/phieu/static/style.css' in mounted
    at_root = client.get(URL).get_data(as_text=True)
    assert "/phieu/" not in at_root
    assert 'action="/f/ngoc-ky/hai-long/' in at_root
    assert 'href="/static/style.css' in at_root


def test_choosing_a_language_sets_no_session_cookie(app):
    client = app.test_client()
    english = client.get(URL + "&lang=en")
    assert 'lang="en"' in english.get_data(as_text=True)
    cookies = english.headers.getlist("Set-Cookie")
    assert not [c for c in cookies if c.startswith(app.config["SESSION_COOKIE_NAME"] + "=")]
    # Only the language is remembered, in a cookie of its own that holds nothing else.
    assert [c.split(";")[0] for c in cookies] == ["lang=en"]
    assert 'lang="en"' in client.get(URL).get_data(as_text=True)
    # The thank-you page and the staff pages read the same choice.
    assert "Staff sign-in" in client.get("/staff/login").get_data(as_text=True)
    vietnamese = client.get(URL + "&lang=vi")
    assert [c.split(";")[0] for c in vietnamese.headers.getlist("Set-Cookie")] == ["lang=vi"]
    assert 'lang="vi"' in client.get(URL).get_data(as_text=True)
    # A choice already made sets nothing again.
    assert "Set-Cookie" not in client.get(URL + "&lang=vi").headers
