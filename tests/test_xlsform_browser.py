"""The docs' XLSForm example imported, filled in Chromium with JavaScript off, and exported."""

import csv
import io
import shutil

import pytest
import yaml

from app import create_app
from core import db
from forms.registry import get_forms
from forms.store import register_versions
from forms.xlsform import read_xlsform
from tests.browser import PHONE, check_axe, new_page, no_horizontal_scroll
from tests.conftest import TEST_CONFIG
from tests.test_xlsform import EXAMPLE

SLUG = "khao-sat-mot-cua"


@pytest.fixture
def app(tmp_path, template_db):
    """The app whose only form is the example workbook, read and written as YAML."""
    folder = tmp_path / "definitions"
    folder.mkdir()
    data = read_xlsform(EXAMPLE)
    (folder / f"{data['slug']}.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    path = tmp_path / "phieu.db"
    shutil.copyfile(template_db, path)
    app = create_app({**TEST_CONFIG, "DATABASE": str(path), "FORMS_DIR": str(folder)})
    with app.app_context():
        register_versions(db.get_db(), get_forms())
    yield app
    db.close_all()


def send(page) -> None:
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_the_imported_example_is_filled_without_javascript_and_exported(
    app, browser, live_server, login
):
    page = new_page(browser, PHONE, javascript=False)
    page.goto(f"{live_server.url}/f/ngoc-ky/{SLUG}?counter=tu-phap")
    assert page.locator("script").count() == 0
    # The groups' labels are headings, the note is text; the metadata rows asked nothing.
    assert page.locator("h2").all_inner_texts() == ["Dịch vụ hôm nay", "Về hồ sơ của ông/bà"]
    assert page.is_visible("text=Phiếu không ghi tên. Xin cảm ơn ông/bà.")
    assert page.locator("#q-start, [name=start], [name=deviceid]").count() == 0
    no_horizontal_scroll(page)

    # The required_message of the workbook, in the summary and beside the field.
    send(page)
    assert "Hãy chọn một mức độ hài lòng." in page.inner_text(".error-summary")

    # relevant: ly_do follows two levels of muc_do, ly_do_khac the choice khac (CSS only).
    assert not page.is_visible("#q-ly-do-thai-do")
    page.click("label[for=q-muc-do-hai-long]")
    assert not page.is_visible("#q-ly-do-thai-do")
    page.click("label[for=q-muc-do-binh-thuong]")
    assert page.is_visible("#q-ly-do-thai-do")
    page.click("label[for=q-ly-do-thai-do]")
    assert not page.is_visible("#q-ghi-ro")
    page.click("label[for=q-ly-do-khac]")
    assert page.is_visible("#q-ghi-ro")
    page.fill("#q-ghi-ro", "Phải đi lại nhiều lần")
    page.fill("#q-so-lan", "25")
    page.fill("#q-thoi-gian-cho", "1,5")
    page.fill("#q-ngay-nop", "2026-11-30")
    page.fill("#q-gop-y", "Cần thêm ghế chờ.\nCảm ơn.")

    # The constraint . >= 1 and . <= 20 refuses 25 with the workbook's constraint_message.
    send(page)
    assert page.inner_text(".error-summary").count("Nhập số lần từ 1 đến 20.") == 1
    assert "Nhập số lần từ 1 đến 20." in page.inner_text("#q-so-lan-error")
    assert page.is_checked("#q-ly-do-khac") and page.is_visible("#q-ghi-ro")
    page.fill("#q-so-lan", "3")
    send(page)
    assert "/cam-on/" in page.url
    page.context.close()

    export = login("admin", "hai-duong").get(f"/staff/results/ngoc-ky/{SLUG}/export.csv")
    (record,) = csv.DictReader(io.StringIO(export.data.decode("utf-8-sig"), newline=""))
    with app.app_context():
        (counter,) = (
            db.get_db().execute("SELECT name FROM counters WHERE code = 'tu-phap'").fetchone()
        )
    assert record["Quầy"] == counter
    answers = {k: v for k, v in record.items() if k.startswith(("Ông/bà", "Điều", "Lý", "Ý"))}
    assert answers == {
        "Ông/bà hài lòng thế nào với việc giải quyết hồ sơ?": "Bình thường",
        "Điều gì chưa làm ông/bà hài lòng?": "Thái độ của cán bộ; Lý do khác",
        "Lý do khác là gì?": "Phải đi lại nhiều lần",
        "Ông/bà đã đến bao nhiêu lần cho hồ sơ này?": "3",
        "Ông/bà đã chờ bao nhiêu giờ?": "1.5",
        "Ông/bà nộp hồ sơ ngày nào?": "2026-11-30",
        "Ý kiến góp ý (không bắt buộc)": "Cần thêm ghế chờ.\nCảm ơn.",
    }
    # Headings and notes take no answer: no column.
    assert (
        "Dịch vụ hôm nay" not in record and "Phiếu không ghi tên. Xin cảm ơn ông/bà." not in record
    )


def test_the_imported_example_passes_axe(app, browser, live_server):
    # axe-core needs JavaScript; the page is the same HTML as without it.
    page = new_page(browser, PHONE)
    page.goto(f"{live_server.url}/f/ngoc-ky/{SLUG}")
    check_axe(page)
    page.click("label[for=q-muc-do-khong-hai-long]")
    page.click("label[for=q-ly-do-khac]")
    assert page.is_visible("#q-ghi-ro")
    check_axe(page)
    page.context.close()
