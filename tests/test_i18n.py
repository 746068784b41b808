"""The English catalogue: complete, placeholders intact, and used by the pages.

Vietnamese is the source language of every msgid; English is chosen with ?lang=en
and remembered in a lang cookie of its own (not the session: core/i18n.py).
"""

import os
import re
import tempfile
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")

# %(name)s with its flags, width and type; {name} in strings handed to the tablet script.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|\{\w+\}")


def read_catalogue():
    with PO.open("rb") as f:
        return read_po(f)


def compile_if_stale() -> None:
    """Build the .mo from the .po when it is missing or older (a clean clone)."""
    if MO.exists() and MO.stat().st_mtime >= PO.stat().st_mtime:
        return
    catalogue = read_catalogue()
    fd, tmp = tempfile.mkstemp(dir=MO.parent, suffix=".mo.tmp")
    with os.fdopen(fd, "wb") as f:
        write_mo(f, catalogue)
    os.chmod(tmp, 0o644)
    os.replace(tmp, MO)


# At collection, before any app caches its translations for the session.
compile_if_stale()


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def messages():
    return [m for m in read_catalogue() if m.id]


def test_every_message_is_translated_and_not_fuzzy():
    entries = messages()
    assert entries, "the English catalogue is empty"
    untranslated = [m.id for m in entries if not m.string or not all(m.string)]
    fuzzy = [m.id for m in entries if m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_placeholders_match_their_msgid():
    wrong = []
    for m in messages():
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        expected = placeholders(ids[-1])
        for string in strings:
            if placeholders(string) != expected:
                wrong.append((m.id, string))
    assert wrong == []


def test_catalogue_covers_every_extracted_message():
    with (ROOT / "translations" / "messages.pot").open("rb") as f:
        template = read_po(f)
    in_template = {m.id for m in template if m.id}
    in_catalogue = {m.id for m in read_catalogue() if m.id}
    assert in_template - in_catalogue == set()


def text(response) -> str:
    return response.get_data(as_text=True)


def test_citizen_form_in_vietnamese_by_default(client):
    response = client.get("/f/ngoc-ky/hai-long")
    assert response.status_code == 200
    page = text(response)
    assert '<html lang="vi">' in page
    assert "Đánh giá mức độ hài lòng" in page
    assert "Gửi đánh giá" in page
    assert "Rate your satisfaction" not in page


def test_citizen_form_in_english_and_remembered(client):
    response = client.get("/f/ngoc-ky/hai-long?lang=en")
    assert response.status_code == 200
    page = text(response)
    assert '<html lang="en">' in page
    # The title comes from the form definition's en label...
    assert "Rate your satisfaction" in page
    # ...the button and the skip link from the catalogue.
    assert "Send rating" in page
    assert "Skip to main content" in page
    assert "Gửi đánh giá" not in page

    again = text(client.get("/f/ngoc-ky/hai-long"))
    assert "Send rating" in again

    back = text(client.get("/f/ngoc-ky/hai-long?lang=vi"))
    assert "Gửi đánh giá" in back and "Send rating" not in back


def test_staff_login_page_in_both_languages(client):
    vietnamese = text(client.get("/staff/login"))
    assert "Đăng nhập cho cán bộ" in vietnamese
    assert "Tên đăng nhập" in vietnamese

    english = text(client.get("/staff/login?lang=en"))
    assert "Staff sign-in" in english
    assert "Username" in english
    assert "Password" in english
    assert "Đăng nhập" not in english


def test_not_found_page_in_both_languages(client):
    vietnamese = client.get("/khong-co-trang-nay")
    assert vietnamese.status_code == 404
    assert "Không tìm thấy trang" in text(vietnamese)

    english = client.get("/khong-co-trang-nay?lang=en")
    assert english.status_code == 404
    page = text(english)
    assert "Page not found" in page
    assert "The address is wrong or the page has been removed." in page
    assert "Error code" in page


@pytest.fixture
def secretary(login):
    return login("secretary", "ngoc-ky")


def test_staff_home_for_a_secretary_in_both_languages(secretary):
    vietnamese = secretary.get("/staff/")
    assert vietnamese.status_code == 200
    page = text(vietnamese)
    assert "Xin chào, Secretary-Ngoc-Ky" in page
    assert "Đăng xuất" in page

    english = secretary.get("/staff/?lang=en")
    assert english.status_code == 200
    page = text(english)
    assert '<html lang="en">' in page
    assert "Hello, Secretary-Ngoc-Ky" in page
    assert "Sign out" in page
    assert "Enter paper slips" in page and "Rate your satisfaction" in page
    assert "Xin chào" not in page
