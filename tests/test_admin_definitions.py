"""The admin page that publishes a form from an uploaded file (issue #16), and its attackers."""

import io
import re

import pytest

from core.db import get_db
from tests.conftest import page_text
from tests.test_citizen_form import rows
from tests.test_form_publishing import EXAMPLE_XLSFORM, NEW_FORM

URL = "/staff/admin/units/tu-ky/definitions/"


@pytest.fixture
def sibling(app):
    """A sibling district under the same province, with an admin of its own."""
    with app.app_context():
        from core.units import add_unit, get_unit_by_code

        add_unit("thanh-ha", "Huyện Thanh Hà", "huyen", get_unit_by_code("hai-duong"))


def token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def upload(client, text: str | bytes, name="phieu.yaml", url=URL):
    page = client.get(url).get_data(as_text=True)
    content = text.encode() if isinstance(text, str) else text
    return client.post(
        url + "preview",
        data={"csrf_token": token(page), "definition": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def publish_from(client, preview_page: str, units: list[str], url=URL):
    data = re.search(r'name="definition" value="([^"]*)"', preview_page).group(1)
    import html

    return client.post(
        url + "publish",
        data={"csrf_token": token(preview_page), "definition": html.unescape(data), "unit": units},
    )


def test_a_district_admin_uploads_previews_and_publishes_to_a_commune(app, login, client):
    admin = login("admin", "tu-ky")
    preview = upload(admin, NEW_FORM)
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    # The form as the phone shows it, through the citizen form's own partials.
    assert "Phiếu ý kiến" in page and 'id="q-muc-do-rat-hai-long"' in page
    assert 'value="tu-ky" checked' in page  # default: the admin's whole subtree
    assert client.get("/f/ngoc-ky/y-kien").status_code == 404
    done = publish_from(admin, page, ["ngoc-ky"])
    assert done.status_code == 303
    listing = admin.get(done.headers["Location"]).get_data(as_text=True)
    assert "Đã đăng mẫu phiếu y-kien, phiên bản 1." in listing
    assert "Xã Ngọc Kỳ" in listing
    assert client.get("/f/ngoc-ky/y-kien").status_code == 200
    assert client.get("/f/tan-ky/y-kien").status_code == 404
    assert rows(app, "SELECT action, entity, entity_id FROM audit_log WHERE action='publish'") == [
        ("publish", "form", "y-kien")
    ]


def test_every_problem_of_an_upload_is_listed_at_once(login):
    admin = login("admin", "tu-ky")
    bad = NEW_FORM.replace("version: 1", "version: 0").replace("rating3", "rating4")
    response = upload(admin, bad, "y_kien.yaml")
    assert response.status_code == 400
    page = page_text(response)
    assert "Tệp có 2 lỗi cần sửa" in page
    assert "y_kien.yaml:2: version: phải từ 1 trở lên" in page
    assert "y_kien.yaml:6: questions[0].type: phải là một trong các giá trị" in page


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (NEW_FORM, "phieu.txt", "Tệp phải là mẫu phiếu Phiếu YAML (.yaml) hoặc XLSForm (.xlsx)."),
        (b"x" * (256 * 1024 + 1), "phieu.yaml", "Tệp lớn hơn 256 KB."),
        (NEW_FORM, "phieu.xlsx", "Nội dung tệp không khớp với đuôi tệp .xlsx."),
        (b"PK\x03\x04zip", "phieu.yaml", "Nội dung tệp không khớp với đuôi tệp .yaml."),
        ("title: Phi\xe9u".encode("latin-1"), "phieu.yaml", "Tệp YAML phải là văn bản UTF-8"),
        (b"", "phieu.yaml", "tệp trống"),
    ],
)
def test_bad_uploads_are_a_400_with_a_clear_message(login, content, name, message):
    response = upload(login("admin", "tu-ky"), content, name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_an_upload_without_a_file_or_a_token_is_refused(login):
    admin = login("admin", "tu-ky")
    page = admin.get(URL).get_data(as_text=True)
    no_file = admin.post(URL + "preview", data={"csrf_token": token(page)})
    assert no_file.status_code == 400
    assert "Chọn tệp mẫu phiếu" in no_file.get_data(as_text=True)
    no_token = admin.post(
        URL + "preview",
        data={"definition": (io.BytesIO(NEW_FORM.encode()), "a.yaml")},
        content_type="multipart/form-data",
    )
    assert no_token.status_code == 400


def test_publishing_to_no_unit_asks_for_one(login):
    admin = login("admin", "tu-ky")
    page = upload(admin, NEW_FORM).get_data(as_text=True)
    response = publish_from(admin, page, [])
    assert response.status_code == 400
    assert "Chọn ít nhất một đơn vị nhận mẫu phiếu." in response.get_data(as_text=True)


def test_tampered_definitions_are_validated_again(login):
    admin = login("admin", "tu-ky")
    page = upload(admin, NEW_FORM).get_data(as_text=True)
    for bad in ('{"slug": "x"}', "not json", "[1, 2]"):
        tampered = page.replace(
            re.search(r'name="definition" value="([^"]*)"', page).group(1),
            bad.replace('"', "&#34;"),
        )
        assert publish_from(admin, tampered, ["tu-ky"]).status_code == 400


def test_commune_accounts_and_other_roles_are_refused(login):
    assert login("staff", "ngoc-ky").get(URL).status_code == 403
    assert login("secretary", "tu-ky").get(URL).status_code == 403
    commune_admin = login("admin", "ngoc-ky")
    assert commune_admin.get("/staff/admin/units/ngoc-ky/definitions/").status_code == 403
    assert commune_admin.post("/staff/admin/units/ngoc-ky/definitions/preview").status_code in (
        400,
        403,
    )


@pytest.mark.usefixtures("sibling")
def test_a_sibling_district_admin_can_neither_open_nor_publish_into_another_district(app, login):
    intruder = login("admin", "thanh-ha")
    assert intruder.get(URL).status_code == 403
    own = "/staff/admin/units/thanh-ha/definitions/"
    page = upload(intruder, NEW_FORM, url=own).get_data(as_text=True)
    assert "ngoc-ky" not in page  # only its own subtree is offered
    response = publish_from(intruder, page, ["ngoc-ky"], url=own)
    assert response.status_code == 403
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM form_publications").fetchone()[0] == 0


def test_a_province_admin_sees_the_link_and_publishes_to_the_whole_province(app, login, client):
    admin = login("admin", "hai-duong")
    home = admin.get("/staff/").get_data(as_text=True)
    assert "/staff/admin/units/hai-duong/definitions/" in home
    url = "/staff/admin/units/hai-duong/definitions/"
    page = upload(admin, NEW_FORM, url=url).get_data(as_text=True)
    assert publish_from(admin, page, ["hai-duong"], url=url).status_code == 303
    assert client.get("/f/tan-ky/y-kien").status_code == 200


def test_the_page_is_escaped(login):
    admin = login("admin", "tu-ky")
    evil = NEW_FORM.replace("Phiếu ý kiến", "<script>alert(1)</script>")
    page = upload(admin, evil).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_an_xlsform_upload_is_previewed_and_published(app, login, client):
    admin = login("admin", "tu-ky")
    preview = upload(admin, EXAMPLE_XLSFORM.read_bytes(), "khao_sat_mot_cua.xlsx")
    assert preview.status_code == 200, preview.get_data(as_text=True)[:2000]
    page = preview.get_data(as_text=True)
    # The workbook's group label as a heading, its note as text, its select as radios.
    assert "Dịch vụ hôm nay" in page and "Phiếu không ghi tên." in page
    assert 'id="q-muc-do-hai-long"' in page
    assert publish_from(admin, page, ["ngoc-ky"]).status_code == 303
    assert client.get("/f/ngoc-ky/khao-sat-mot-cua").status_code == 200
    assert client.get("/f/tan-ky/khao-sat-mot-cua").status_code == 404


def test_an_xlsform_upload_lists_every_unsupported_feature(login, tmp_path):
    from tests.test_xlsform import workbook

    path = workbook(
        tmp_path / "phieu.xlsx",
        [
            ["type", "name", "label"],
            ["begin repeat", "lap", "Lặp"],
            ["calculate", "tong", ""],
            ["end repeat", "", ""],
        ],
    )
    response = upload(login("admin", "tu-ky"), path.read_bytes(), "phieu.xlsx")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "survey!A2 (begin repeat)" in page and "survey!A3 (calculate)" in page
