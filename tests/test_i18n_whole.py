"""English as a whole (issue #14, item 11): a checklist or form missing any English is
shown wholly in Vietnamese, never half and half; counts read as English plurals; dates
stay dd/mm/yyyy and HH:MM Vietnam time."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from forms.definition import load_form
from forms.registry import get_form
from inspections.checklist import load_checklist
from tests.inspection_helpers import make_inspection

MINI = """\
slug: mini
version: 1
title: {vi: Kiểm tra thử, en: Trial inspection}
total_points: 10
areas:
  - key: mot
    title: {vi: Lĩnh vực một, en: Area one}
    points: 10
    items:
      - key: ke-hoach
        kind: document
        points: 1
        label: {vi: Kế hoạch năm, en: Annual plan}
        guidance: {vi: Ghi số và ngày, en: Write its number and date}
      - key: nhan
        kind: figure
        label: {vi: Hồ sơ tiếp nhận, en: Dossiers received}
        unit: {vi: hồ sơ, en: dossiers}
      - key: dung-han
        kind: figure
        label: {vi: Hồ sơ đúng hạn, en: Dossiers on time}
        unit: {vi: hồ sơ, en: dossiers}
      - key: ty-le
        kind: ratio
        numerator: dung-han
        denominator: nhan
        target: 90
        points: 9
        label: {vi: Tỷ lệ đúng hạn, en: Share on time}
"""
ENGLISH = ["Area one", "Annual plan", "Write its number and date",
           "Dossiers received", ">dossiers</span>)", "Share on time"]  # fmt: skip
VIETNAMESE = ["Lĩnh vực một", "Kế hoạch năm", "Ghi số và ngày", "Hồ sơ tiếp nhận",
              ">hồ sơ</span>)", "Tỷ lệ đúng hạn"]  # fmt: skip


def checklist_file(tmp_path, text: str):
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    return load_checklist(path)


def area_page(app, login, make_user, checklist, lang: str, area: str = "mot") -> str:
    head = make_user("truongdoan", "inspector", "ngoc-ky")
    with app.app_context():
        inspection = make_inspection(head_id=head.id, checklist=checklist)
    client = login("inspector", username="truongdoan")
    client.set_cookie("lang", lang)
    response = client.get(f"/staff/inspections/{inspection}/areas/{area}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_checklist_translated_in_full_is_shown_in_english(app, login, make_user, tmp_path):
    page = area_page(app, login, make_user, checklist_file(tmp_path, MINI), "en")
    assert all(text in page for text in ENGLISH), [t for t in ENGLISH if t not in page]
    assert not any(text in page for text in VIETNAMESE)
    assert ' lang="vi"' not in page.split("<main")[1]  # (the language switch has one)
    # The plural of the points: one item is worth "1 point", the other "9 points".
    assert "(1 point)" in page and "(9 points)" in page


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("label: {vi: Tỷ lệ đúng hạn, en: Share on time}", "label: Tỷ lệ đúng hạn"),
        ("guidance: {vi: Ghi số và ngày, en: Write its number and date}",
         "guidance: Ghi số và ngày"),
        ("title: {vi: Kiểm tra thử, en: Trial inspection}", "title: Kiểm tra thử"),
        ("unit: {vi: hồ sơ, en: dossiers}\n      - key: dung-han",
         "unit: hồ sơ\n      - key: dung-han"),
    ],
)  # fmt: skip
def test_one_text_without_english_keeps_the_whole_checklist_vietnamese(
    app, login, make_user, tmp_path, old, new
):
    assert old in MINI
    page = area_page(app, login, make_user, checklist_file(tmp_path, MINI.replace(old, new)), "en")
    assert all(text in page for text in VIETNAMESE), [t for t in VIETNAMESE if t not in page]
    assert not any(text in page for text in ENGLISH), [t for t in ENGLISH if t in page]
    # Marked Vietnamese for screen readers, while the page around it is English.
    assert '<html lang="en">' in page
    assert '<h1 lang="vi">1. Lĩnh vực một</h1>' in page
    assert "Save" in page or "Pass" in page


def test_the_shipped_checklist_lacks_english_so_shows_in_vietnamese(app, login, make_user):
    from inspections.checklist import load_checklists

    checklist = load_checklists()["cchc-cong-vu"]
    page = area_page(app, login, make_user, checklist, "en", checklist.areas[0].key)
    # Both have English in the file, but other texts of the checklist do not.
    assert "Kế hoạch CCHC năm của UBND xã" in page and "Công tác chỉ đạo" in page
    assert "The commune's annual reform plan" not in page
    assert "Direction and management of the reform" not in page


FORM = """\
slug: thu
version: 1
title: {vi: Phiếu thử, en: Trial form}
questions:
  - key: muc-do
    type: rating3
    required: true
    label: {vi: Ông/bà có hài lòng không?, en: Are you satisfied?}
  - key: y-kien
    type: textarea
    max_length: 200
    label: {vi: Ý kiến khác, en: Other comments}
"""


@pytest.mark.parametrize(
    ("text", "shown", "hidden"),
    [
        (FORM, ["Trial form", "Are you satisfied?", "Very satisfied", "Other comments"],
         ["Phiếu thử", "Rất hài lòng"]),
        (FORM.replace("{vi: Ý kiến khác, en: Other comments}", "Ý kiến khác"),
         ["Phiếu thử", "Ông/bà có hài lòng không?", "Rất hài lòng", "Ý kiến khác"],
         ["Trial form", "Very satisfied", "Other comments"]),
    ],
)  # fmt: skip
def test_a_form_is_english_only_as_a_whole(app, tmp_path, text, shown, hidden):
    path = tmp_path / "thu.yaml"
    path.write_text(text, encoding="utf-8")
    form = load_form(path)
    texts = [form.title, *(q.label for q in form.questions), *form.questions[0].options]
    with app.test_request_context("/?lang=en"):
        rendered = [str(t.label if hasattr(t, "label") else t) for t in texts]
    assert all(s in rendered for s in shown), rendered
    assert not any(h in rendered for h in hidden), rendered


def test_the_shipped_forms_are_translated_in_full(app, client):
    # So their citizen pages stay English: no text of theirs lacks its translation.
    with app.app_context():
        for slug in ("hai-long", "danh-gia-tthc", "sipas"):
            assert get_form(slug).title.language("en") == "en", slug
    page = client.get("/f/ngoc-ky/sipas?lang=en").get_data(as_text=True)
    assert "Access to the service" in page and "Very satisfied" in page
    assert ' lang="vi"' not in page.split("<main")[1]


def test_dates_stay_day_month_year_and_vietnam_time_in_english(app, login):
    from tests.test_results_paper_slips import SIPAS, page_fields

    client = login("staff")
    client.set_cookie("lang", "en")
    slip = "/staff/results/ngoc-ky/sipas/paper/slip"
    html = client.get(slip).get_data(as_text=True)
    client.post(slip, data={**page_fields(html), "slip_day": "2022-09-30", **SIPAS})
    page = client.get(slip).get_data(as_text=True)
    assert "<td>30/09/2022</td>" in page
    # Entered just now: Vietnam's clock (UTC+7), day first, 24-hour time.
    with app.app_context():
        from core.db import get_db

        stored = get_db().execute("SELECT entered_at FROM paper_batches").fetchone()[0]
    utc = datetime.fromisoformat(stored.replace("Z", "+00:00"))
    vietnam = (utc.astimezone(UTC) + timedelta(hours=7)).strftime("%d/%m/%Y %H:%M")
    assert f'<span class="muted">{vietnam}</span>' in page


@pytest.mark.parametrize(("english", "title"), [(True, "1. Area one"), (False, "1. Lĩnh vực một")])
def test_the_inspection_summary_follows_its_checklist(
    app, login, make_user, tmp_path, english, title
):
    text = MINI if english else MINI.replace("{vi: Kế hoạch năm, en: Annual plan}", "Kế hoạch năm")
    head = make_user("truongdoan", "inspector", "ngoc-ky")
    with app.app_context():
        inspection = make_inspection(head_id=head.id, checklist=checklist_file(tmp_path, text))
    client = login("inspector", username="truongdoan")
    client.set_cookie("lang", "en")
    page = client.get(f"/staff/inspections/{inspection}").get_data(as_text=True)
    assert title in page
    assert ('<span lang="vi">1. Lĩnh vực một</span>' in page) is not english


def test_the_kiosk_says_one_rating_or_several_in_english(app, client, runner):
    from tests.kiosk_helpers import pair, pair_link

    assert pair(client, pair_link(runner)).status_code == 303
    client.set_cookie("lang", "en")
    page = client.get("/k/").get_data(as_text=True)
    one = re.search(r'data-waiting-one="([^"]+)"', page)[1]
    several = re.search(r'data-waiting="([^"]+)"', page)[1]
    assert one.startswith("{n} rating is not sent yet") and "it will be sent" in one
    assert several.startswith("{n} ratings are not sent yet")
