"""The admin page that publishes a checklist from an uploaded file (issue #16); its attackers."""

import io
import re

import pytest

from core.db import get_db
from tests.conftest import page_text
from tests.test_admin_definitions import publish_from, sibling, token, upload  # noqa: F401
from tests.test_citizen_form import rows
from tests.test_inspection_create import form_data, stored

URL = "/staff/admin/units/tu-ky/definitions/checklists/"

# Two areas, and one item of each kind the tablet shows: ticked, typed, computed.
CHECKLIST = """\
slug: tu_kiem_tra
version: 1
title: Danh mục tự kiểm tra
total_points: 10
areas:
  - key: chi-dao
    title: Chỉ đạo, điều hành
    points: 4
    guidance: Xem kế hoạch và báo cáo của xã.
    items:
      - {key: ke-hoach, kind: document, label: Ban hành kế hoạch CCHC năm, points: 2}
      - {key: niem-yet, kind: check, label: Niêm yết thủ tục tại bộ phận một cửa, points: 2}
  - key: ho-so
    title: Giải quyết hồ sơ
    points: 6
    items:
      - {key: tiep-nhan, kind: figure, label: Số hồ sơ tiếp nhận, unit: hồ sơ}
      - {key: dung-han, kind: figure, label: Số hồ sơ giải quyết đúng hạn, unit: hồ sơ}
      - key: ty-le
        kind: ratio
        label: Tỷ lệ hồ sơ đúng hạn
        numerator: dung-han
        denominator: tiep-nhan
        target: 95
        points: 6
"""


def upload_checklist(client, text: str | bytes = CHECKLIST, name="tu_kiem_tra.yaml", url=URL):
    return upload(client, text, name, url=url)


def preview_page(client, url=URL) -> str:
    response = upload_checklist(client, url=url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def test_a_good_file_is_previewed_as_the_tablet_shows_it(login):
    admin = login("admin", "tu-ky")
    page = preview_page(admin)
    assert "Xem trước: <span>Danh mục tự kiểm tra</span>" in page
    assert "2 lĩnh vực, 5 tiêu chí, tổng 10 điểm" in page
    assert "1. Chỉ đạo, điều hành" in page and "2. Giải quyết hồ sơ" in page
    assert "Xem kế hoạch và báo cáo của xã." in page
    # The tablet's own item partial, every box read-only.
    assert 'id="item-ke-hoach"' in page and 'id="item-ty-le"' in page
    assert re.search(r'id="result-niem-yet-pass"[^>]*disabled', page)
    assert re.search(r'id="figure-tiep-nhan"[^>]*disabled', page)
    assert "(<span>hồ sơ</span>)" in page and "chưa đủ số liệu" in page
    assert "Lưu lĩnh vực này" not in page and 'type="file"' not in page
    assert 'value="tu-ky" checked' in page  # default: the admin's whole subtree
    assert 'value="ngoc-ky" checked' not in page


def test_every_problem_of_a_bad_file_is_listed_at_once(app, login):
    admin = login("admin", "tu-ky")
    bad = CHECKLIST.replace("kind: check", "kind: guess").replace(
        "total_points: 10", "total_points: 0"
    )
    bad = bad.replace("numerator: dung-han", "numerator: khong-co")
    response = upload_checklist(admin, bad, "danh_muc.yaml")
    assert response.status_code == 400
    page, text = response.get_data(as_text=True), page_text(response)
    assert "Tệp có 3 lỗi cần sửa" in text
    assert "danh_muc.yaml:4: total_points: phải lớn hơn 0" in text
    assert "danh_muc.yaml:12: areas[0].items[1].kind: phải là một trong các giá trị" in text
    assert "danh_muc.yaml:22: areas[1].items[2].numerator: 'khong-co' không phải là" in text
    # The place as code, the words as text (monospace faces lack Vietnamese letters).
    assert "<code>danh_muc.yaml:4: total_points</code>: phải lớn hơn 0" in page
    assert 'aria-describedby="definition-hint definition-error"' in page
    assert rows(app, "SELECT count(*) FROM checklist_versions WHERE slug = 'tu-kiem-tra'") == [(0,)]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (CHECKLIST, "danh-muc.xlsx", "Nội dung tệp không khớp với đuôi tệp .xlsx."),
        (b"PK\x03\x04zip", "danh-muc.xlsx", "danh-muc.xlsx: workbook (pyxform): "),
        (CHECKLIST, "danh-muc.txt", "phải là tệp Phiếu YAML (.yaml) hoặc XLSForm (.xlsx)."),
        (b"x" * (256 * 1024 + 1), "danh-muc.yaml", "Tệp lớn hơn 256 KB."),
        (b"PK\x03\x04zip", "danh-muc.yaml", "Nội dung tệp không khớp với đuôi tệp .yaml."),
        ("title: Danh m\xfcc".encode("latin-1"), "danh-muc.yaml", "phải là văn bản UTF-8"),
    ],
)
def test_bad_uploads_are_a_400_with_a_clear_vietnamese_message(login, content, name, message):
    response = upload_checklist(login("admin", "tu-ky"), content, name)
    assert response.status_code == 400
    page = page_text(response)
    assert message in page
    assert "Tệp có 1 lỗi cần sửa" in page


def test_an_upload_without_a_file_or_a_token_is_refused(login):
    admin = login("admin", "tu-ky")
    page = admin.get(URL).get_data(as_text=True)
    no_file = admin.post(URL + "preview", data={"csrf_token": token(page)})
    assert no_file.status_code == 400
    assert "Chọn tệp danh mục kiểm tra (.yaml hoặc .xlsx)." in no_file.get_data(as_text=True)
    no_token = admin.post(
        URL + "preview",
        data={"definition": (io.BytesIO(CHECKLIST.encode()), "a.yaml")},
        content_type="multipart/form-data",
    )
    assert no_token.status_code == 400


def test_a_published_checklist_is_offered_at_once_and_an_inspection_is_created_with_it(
    app, login, make_user
):
    admin = login("admin", "tu-ky")
    done = publish_from(admin, preview_page(admin), ["tu-ky"], url=URL)
    assert done.status_code == 303
    listing = admin.get(done.headers["Location"]).get_data(as_text=True)
    assert "Đã đăng danh mục kiểm tra tu-kiem-tra, phiên bản 1." in listing
    assert re.search(r"<code>tu-kiem-tra</code></td><td>1</td><td>Huyện Tứ Kỳ</td>", listing)
    assert rows(app, "SELECT action, entity, entity_id FROM audit_log WHERE action='publish'") == [
        ("publish", "checklist", "tu-kiem-tra")
    ]
    # The district's inspector, on the page that creates an inspection, in the same process.
    inspector = login("inspector", "tu-ky", "doankt")
    ids = {"doankt": app.extensions["phieu_test_users"]["doankt"]}
    ids["lan"] = make_user("chuyenvien", "inspector", "tu-ky").id
    new = inspector.get("/staff/inspections/new").get_data(as_text=True)
    assert '<option value="tu-kiem-tra">Danh mục tự kiểm tra</option>' in new
    new_token = re.search(r'name="csrf_token" value="([^"]+)"', new).group(1)
    data = form_data(ids, checklist="tu-kiem-tra") | {"csrf_token": new_token}
    created = inspector.post("/staff/inspections/new", data=data)
    assert created.status_code == 302, created.get_data(as_text=True)
    (inspection_id, kind, unit, owner, _title, _started), _people = stored(app)
    assert (kind, unit, owner) == ("external", "ngoc-ky", "tu-ky")
    assert rows(
        app,
        f"SELECT checklist_slug, checklist_version FROM inspections WHERE id = {inspection_id}",
    ) == [("tu-kiem-tra", 1)]
    area = inspector.get(f"/staff/inspections/{inspection_id}/areas/ho-so")
    assert area.status_code == 200
    assert 'id="figure-tiep-nhan"' in area.get_data(as_text=True)


def test_a_checklist_published_to_a_commune_reaches_that_commune_only(login):
    admin = login("admin", "tu-ky")
    assert publish_from(admin, preview_page(admin), ["ngoc-ky"], url=URL).status_code == 303
    offered = 'value="tu-kiem-tra"'
    assert offered in login("inspector", "ngoc-ky").get("/staff/inspections/new").get_data(
        as_text=True
    )
    for unit in ("tan-ky", "tu-ky"):
        page = login("inspector", unit).get("/staff/inspections/new").get_data(as_text=True)
        assert offered not in page
        assert 'value="cchc-cong-vu"' in page  # the folder's checklist stays for everyone


def test_changed_content_is_published_as_the_next_version(app, login):
    admin = login("admin", "tu-ky")
    publish_from(admin, preview_page(admin), ["tu-ky"], url=URL)
    changed = CHECKLIST.replace("CCHC năm", "CCHC hằng năm")
    page = upload_checklist(admin, changed).get_data(as_text=True)
    done = publish_from(admin, page, ["tu-ky"], url=URL)
    flash = admin.get(done.headers["Location"]).get_data(as_text=True)
    assert "Đã đăng danh mục kiểm tra tu-kiem-tra, phiên bản 2." in flash
    assert rows(app, "SELECT version FROM checklist_versions WHERE slug = 'tu-kiem-tra'") == [
        (1,),
        (2,),
    ]


def test_publishing_to_no_unit_asks_for_one(login):
    admin = login("admin", "tu-ky")
    response = publish_from(admin, preview_page(admin), [], url=URL)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Chọn ít nhất một đơn vị nhận danh mục kiểm tra." in page
    assert 'href="#unit-tu-ky"' in page and 'id="item-ke-hoach"' in page


def test_tampered_checklists_are_validated_again(app, login):
    admin = login("admin", "tu-ky")
    page = preview_page(admin)
    sent = re.search(r'name="definition" value="([^"]*)"', page).group(1)
    for bad in ('{"slug": "x"}', "not json", "[1, 2]"):
        tampered = page.replace(sent, bad.replace('"', "&#34;"))
        assert publish_from(admin, tampered, ["tu-ky"], url=URL).status_code == 400
    assert rows(app, "SELECT count(*) FROM checklist_publications") == [(0,)]


def test_a_district_admin_cannot_publish_to_its_province(app, login):
    admin = login("admin", "tu-ky")
    response = publish_from(admin, preview_page(admin), ["tu-ky", "hai-duong"], url=URL)
    assert response.status_code == 403
    assert admin.get("/staff/admin/units/hai-duong/definitions/checklists/").status_code == 403
    assert rows(app, "SELECT count(*) FROM checklist_publications") == [(0,)]


@pytest.mark.usefixtures("sibling")
def test_a_sibling_district_admin_can_neither_open_nor_publish_into_another_district(app, login):
    intruder = login("admin", "thanh-ha")
    assert intruder.get(URL).status_code == 403
    own = "/staff/admin/units/thanh-ha/definitions/checklists/"
    page = preview_page(intruder, url=own)
    assert "ngoc-ky" not in page  # only its own subtree is offered
    assert publish_from(intruder, page, ["ngoc-ky"], url=own).status_code == 403
    assert publish_from(intruder, page, ["thanh-ha"], url=own).status_code == 303
    with app.app_context():
        codes = get_db().execute(
            "SELECT u.code FROM checklist_publications p JOIN units u ON u.id = p.unit_id"
        )
        assert [c for (c,) in codes] == ["thanh-ha"]


def test_commune_admins_inspectors_and_other_roles_are_refused(login):
    commune = "/staff/admin/units/ngoc-ky/definitions/checklists/"
    commune_admin = login("admin", "ngoc-ky")
    assert commune_admin.get(commune).status_code == 403
    page = commune_admin.get("/staff/admin/units/ngoc-ky").get_data(as_text=True)
    assert (
        commune_admin.post(commune + "preview", data={"csrf_token": token(page)}).status_code == 403
    )
    for role, unit in (("inspector", "tu-ky"), ("secretary", "tu-ky"), ("staff", "ngoc-ky")):
        assert login(role, unit).get(URL).status_code == 403
    assert "/definitions/checklists/" not in commune_admin.get("/staff/").get_data(as_text=True)


def test_a_province_admin_sees_both_links_and_moves_between_the_two_pages(login):
    admin = login("admin", "hai-duong")
    home = admin.get("/staff/").get_data(as_text=True)
    assert "Đăng danh mục kiểm tra" in home
    assert "/staff/admin/units/hai-duong/definitions/checklists/" in home
    page = admin.get("/staff/admin/units/hai-duong/definitions/checklists/").get_data(as_text=True)
    assert 'href="/staff/admin/units/hai-duong/definitions/">Mẫu phiếu khảo sát</a>' in page
    assert 'aria-current="page">Danh mục kiểm tra</a>' in page
    assert "Chưa đăng danh mục kiểm tra nào trong phạm vi này." in page


def test_the_preview_is_escaped(login):
    admin = login("admin", "tu-ky")
    evil = CHECKLIST.replace("Danh mục tự kiểm tra", "<script>alert(1)</script>")
    page = upload_checklist(admin, evil).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_the_page_reads_in_english_too(login):
    admin = login("admin", "tu-ky")
    page = admin.get(URL + "?lang=en").get_data(as_text=True)
    assert "<h1>Inspection checklists</h1>" in page
    assert "A Phiếu YAML (.yaml) or XLSForm (.xlsx) file, at most 256 KB" in page
    preview = preview_page(admin)
    assert "The file is valid: 2 areas, 5 items, 10 points in all." in preview
    assert "Units that receive the checklist" in preview
