"""XSS payloads in text answers and evidence notes: escaped on every page, literal in files."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest

from core.db import get_db
from tests.inspection_helpers import make_inspection

PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert("
FORMULA = '=HYPERLINK("http://evil.example","bấm")'


@pytest.fixture
def hostile_records(app, make_user):
    """A citizen's comment, an inspection's evidence, note, conclusion: all the payload."""
    app.config["WTF_CSRF_ENABLED"] = False
    admin = make_user("quan-tri", "admin", "hai-duong")
    client = app.test_client()
    for comment, submission_id in ((PAYLOAD, "xss-comment-000001"), (FORMULA, "xss-formula-00001")):
        response = client.post(
            "/f/ngoc-ky/hai-long?counter=tu-phap",
            data={
                "submission_id": submission_id,
                "muc-do": "khong-hai-long",
                "chua-hai-long": "thai-do",
                "gop-y": comment,
            },
        )
        assert response.status_code == 303
    with app.test_request_context():
        from inspections import store
        from inspections.checklist import load_checklists

        inspection = make_inspection(head_id=admin.id)
        checklist = load_checklists()["cchc-cong-vu"]
        item = next(i for a in checklist.areas for i in a.items if i.takes_result)
        values = store.clean_change(item, {"result": "fail", "evidence": PAYLOAD, "note": PAYLOAD})
        store.save_item(inspection, item.key, 0, values, admin.id)
        assert store.set_conclusion(inspection, PAYLOAD, PAYLOAD)
        area = checklist.area_of(item.key).key
        count = get_db().execute("SELECT count(*) FROM responses").fetchone()[0]
    assert count == 2
    return {"inspection": inspection, "area": area, "thanks": "xss-comment-000001"}


class _ActiveMarkup(HTMLParser):
    """Elements a browser would run: inline scripts, event handler attributes, img src=x."""

    def __init__(self):
        super().__init__()
        self.found: list = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and "src" not in names:
            self.found.append(("inline script", attrs))
        if any(name.startswith("on") for name in names):
            self.found.append(("event handler", tag, attrs))
        if tag == "img" and names.get("src") == "x":
            self.found.append(("injected img", attrs))


def _active_markup(html: str) -> list:
    parser = _ActiveMarkup()
    parser.feed(html)
    return parser.found


def _pages(records: dict) -> dict[str, bool]:
    """Pages that show the payload (True) or merely must not run it (False)."""
    i = records["inspection"]
    return {
        "/staff/": False,
        "/staff/results/ngoc-ky/hai-long": False,
        "/staff/results/ngoc-ky/hai-long/paper": False,
        f"/f/ngoc-ky/hai-long/cam-on/{records['thanks']}": False,
        "/staff/inspections/": False,
        f"/staff/inspections/{i}": True,
        f"/staff/inspections/{i}/areas/{records['area']}": True,
        f"/staff/inspections/{i}/history": True,
        f"/staff/minutes/{i}": True,
    }


def test_payload_is_escaped_on_every_page(login, hostile_records):
    admin = login("admin", "hai-duong", username="quan-tri")
    for path, shows_it in _pages(hostile_records).items():
        response = admin.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert "<script>alert(" not in html, path
        assert "<img src=x" not in html, path
        assert _active_markup(html) == [], path
        if shows_it:
            assert ESCAPED in html, path


def test_payload_is_literal_in_csv_and_xlsx(login, hostile_records):
    from openpyxl import load_workbook

    admin = login("admin", "hai-duong", username="quan-tri")
    text = admin.get("/staff/results/ngoc-ky/hai-long/export.csv").get_data(as_text=True)
    cells = [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]
    assert PAYLOAD in cells
    # A comment that starts a formula is stored as text, never run by the spreadsheet.
    assert FORMULA not in cells and f"'{FORMULA}" in cells
    data = admin.get("/staff/results/ngoc-ky/hai-long/export.xlsx").get_data()
    book = load_workbook(io.BytesIO(data))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert PAYLOAD in [c.value for c in cells]
    # The XLSX shows the comment as typed, in a text cell whose quote prefix keeps
    # Excel from running it (issue #16), rather than with a visible '.
    [formula] = [c for c in cells if c.value == FORMULA]
    assert formula.data_type == "s" and formula.quotePrefix
    assert all(c.quotePrefix for c in cells if isinstance(c.value, str) and c.value[:1] == "=")


def test_payload_is_literal_in_word_and_pdf(login, hostile_records):
    from docx import Document
    from pypdf import PdfReader

    admin = login("admin", "hai-duong", username="quan-tri")
    i = hostile_records["inspection"]
    document = Document(io.BytesIO(admin.get(f"/staff/minutes/{i}.docx").get_data()))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any(PAYLOAD in text for text in texts)
    reader = PdfReader(io.BytesIO(admin.get(f"/staff/minutes/{i}.pdf").get_data()))
    flat = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert re.sub(r"\s+", "", PAYLOAD) in flat


def test_control_characters_are_refused_in_notes_and_never_break_the_minutes(app, make_user, login):
    # XML (Word) cannot hold most C0 control characters: a note is refused with
    # a Vietnamese message, and text that reached the database any other way is
    # written without them instead of failing the download.
    from inspections import store
    from inspections.checklist import load_checklists

    admin = make_user("quan-tri", "admin", "hai-duong")
    with app.test_request_context():
        inspection = make_inspection(head_id=admin.id)
        checklist = load_checklists()["cchc-cong-vu"]
        item = next(i for a in checklist.areas for i in a.items if i.takes_result)
        with pytest.raises(store.ItemError, match="ký tự không hợp lệ"):
            store.clean_change(item, {"note": "hồ sơ\x01lỗi"})
        values = store.clean_change(item, {"result": "pass", "note": "dòng 1\ndòng\t2"})
        store.save_item(inspection, item.key, 0, values, admin.id)
        assert store.set_conclusion(inspection, "Kết luận\x0bcó\x1fký tự lạ", "Kiến nghị\x00")
    client = login("admin", "hai-duong", username="quan-tri")
    for suffix in (".docx", ".pdf"):
        response = client.get(f"/staff/minutes/{inspection}{suffix}")
        assert response.status_code == 200, suffix
    from docx import Document

    document = Document(io.BytesIO(client.get(f"/staff/minutes/{inspection}.docx").get_data()))
    assert any("cóký tự lạ" in p.text for p in document.paragraphs)
