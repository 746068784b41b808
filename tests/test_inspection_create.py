"""Creating an inspection over HTTP (issue #14, item 9).

Two team rows and a button for more (that works without a script); members chosen among
the conducting unit's inspectors by id; the kind follows from the two units; the title is
worded as the seed words it; Ông/Bà per person reaches the minutes.
"""

import re

import pytest

from core.db import get_db

SEED_TITLE = "Kiểm tra công tác cải cách hành chính, hoạt động công vụ năm 2022 tại UBND xã Ngọc Kỳ"


@pytest.fixture
def district(app, login, make_user):
    """A district inspector's client, the ids of the district's people, and a stranger's id."""
    app.config["WTF_CSRF_ENABLED"] = False
    client = login("inspector", "tu-ky", "doankt")
    ids = {
        "doankt": app.extensions["phieu_test_users"]["doankt"],
        "lan": make_user("chuyenvien", "inspector", "tu-ky").id,
        "thuky": make_user("thuky-huyen", "secretary", "tu-ky").id,
        "commune": make_user("kiemtra-xa", "inspector", "ngoc-ky").id,
        "sibling": make_user("kiemtra-tanky", "inspector", "tan-ky").id,
    }
    return client, ids


def form_data(ids, **changes):
    data = {
        "unit": "ngoc-ky",
        "kind": "",
        "checklist": "cchc-cong-vu",
        "year": "2022",
        "period_start": "01/01/2022",
        "period_end": "30/09/2022",
        "title": "",
        "legal_basis": "Kế hoạch số 163/KH-UBND ngày 22/8/2022 của UBND huyện Tứ Kỳ",
        "date": "12/10/2022",
        "started_at": "08:30",
        "place": "Trụ sở UBND xã Ngọc Kỳ",
        "team-0-member": str(ids["doankt"]),
        "team-0-role": "head",
        "team-0-honorific": "ong",
        "team-1-member": str(ids["lan"]),
        "team-1-role": "secretary",
        "team-1-honorific": "ba",
        "participants-0-name": "Nguyễn Xuân Thoảng",
        "participants-0-title": "Chủ tịch UBND xã",
        "participants-0-honorific": "ong",
        "participants-1-name": "",
    }
    return data | changes


def stored(app):
    """The last inspection and its people, as stored."""
    with app.app_context():
        db = get_db()
        row = db.execute(
            "SELECT i.id, i.kind, u.code, o.code, i.title, i.started_at FROM inspections i"
            " JOIN units u ON u.id = i.unit_id JOIN units o ON o.id = i.owner_unit_id"
            " ORDER BY i.id DESC LIMIT 1"
        ).fetchone()
        people = db.execute(
            "SELECT side, name, role, user_id, honorific FROM inspection_members"
            " WHERE inspection_id = ? ORDER BY side, position",
            [row[0]],
        ).fetchall()
    return row, people


def count(app) -> int:
    with app.app_context():
        return get_db().execute("SELECT COUNT(*) FROM inspections").fetchone()[0]


def options(page: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', page, re.S)
    return re.findall(r'<option[^>]*value="([^"]*)"', select.group(1))


def test_the_form_offers_two_rows_of_the_units_inspectors(district):
    client, ids = district
    page = client.get("/staff/inspections/new").get_data(as_text=True)
    assert 'id="team-1-member"' in page and 'id="team-2-member"' not in page
    assert 'id="participants-1-name"' in page and 'id="participants-2-name"' not in page
    # Only the district's inspectors: not its secretary, not a commune's inspector.
    # By name: Chuyenvien before Doankt.
    assert options(page, "team-0-member") == ["", str(ids["lan"]), str(ids["doankt"])]
    assert 'name="team-0-username"' not in page
    # The user heads the team unless changed.
    head = re.search(r'<select[^>]*id="team-0-member".*?</select>', page, re.S).group(0)
    assert (
        f'selected value="{ids["doankt"]}"' in head or f'value="{ids["doankt"]}" selected' in head
    )
    assert re.search(r'<input[^>]*id="started_at"[^>]*type="time"', page) or re.search(
        r'<input[^>]*type="time"[^>]*id="started_at"', page
    )
    assert options(page, "team-0-honorific") == ["", "ong", "ba"]


def test_a_district_inspecting_a_commune_is_external_with_the_seeds_title(app, district):
    client, ids = district
    created = client.post("/staff/inspections/new", data=form_data(ids))
    assert created.status_code == 302, created.get_data(as_text=True)
    (inspection_id, kind, unit, owner, title, started), people = stored(app)
    assert (kind, unit, owner, title, started) == (
        "external",
        "ngoc-ky",
        "tu-ky",
        SEED_TITLE,
        "08:30",
    )
    assert people == [
        ("team", "Doankt", "head", ids["doankt"], "ong"),
        ("team", "Chuyenvien", "secretary", ids["lan"], "ba"),
        ("unit", "Nguyễn Xuân Thoảng", "participant", None, "ong"),
    ]
    with app.app_context():
        from minutes.model import build_minutes

        minutes = build_minutes(inspection_id, charts=False)
    lines = [
        "".join(r.text for r in block.runs) for block in minutes.body if hasattr(block, "runs")
    ]
    assert "- Ông Doankt - Trưởng đoàn;" in lines
    assert "- Bà Chuyenvien - Thư ký;" in lines
    assert "- Ông Nguyễn Xuân Thoảng, Chủ tịch UBND xã;" in lines
    assert minutes.subject == SEED_TITLE


def test_a_commune_inspecting_itself_is_a_self_inspection(app, login):
    app.config["WTF_CSRF_ENABLED"] = False
    client = login("inspector", "ngoc-ky", "kiemtra")
    me = str(app.extensions["phieu_test_users"]["kiemtra"])
    data = form_data({"doankt": me, "lan": ""}, **{"team-1-member": ""})
    created = client.post("/staff/inspections/new", data=data)
    assert created.status_code == 302, created.get_data(as_text=True)
    (_id, kind, unit, owner, title, _started), _people = stored(app)
    assert (kind, unit, owner) == ("self", "ngoc-ky", "ngoc-ky")
    assert title == "Tự " + SEED_TITLE[0].lower() + SEED_TITLE[1:]


def test_a_title_typed_by_the_team_is_kept(app, district):
    client, ids = district
    mine = "Kiểm tra đột xuất hoạt động công vụ tại UBND xã Ngọc Kỳ"
    assert client.post("/staff/inspections/new", data=form_data(ids, title=mine)).status_code == 302
    assert stored(app)[0][4] == mine


@pytest.mark.parametrize(
    ("who", "changes", "message"),
    [
        # External on itself, self on a unit below: each kind belongs to its pair of units.
        ("district", {"unit": "tu-ky", "kind": "external"}, "chọn “Tự kiểm tra”"),
        ("district", {"kind": "self"}, "chọn “Kiểm tra của cấp trên”"),
        # A commune cannot inspect its district or its sibling.
        ("commune", {"unit": "tu-ky"}, "Chọn một đơn vị bạn được quản lý."),
        ("commune", {"unit": "tan-ky", "kind": "external"}, "Chọn một đơn vị bạn được quản lý."),
    ],
)
def test_an_impossible_pair_of_units_and_kind_is_refused_inline(
    app, district, login, who, changes, message
):
    client, ids = district
    if who == "commune":
        client = login("inspector", "ngoc-ky", "kiemtra-xa")
        ids = ids | {"doankt": ids["commune"], "lan": ""}
    response = client.post("/staff/inspections/new", data=form_data(ids, **changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert page.count(message) >= 2  # in the summary and beside the field
    assert count(app) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # An attacker posting ids the page never offered.
        ({"team-1-member": "SIBLING"}, "Chọn cán bộ trong danh sách kiểm tra viên của đơn vị bạn."),
        ({"team-1-member": "COMMUNE"}, "Chọn cán bộ trong danh sách kiểm tra viên của đơn vị bạn."),
        ({"team-1-member": "THUKY"}, "Chọn cán bộ trong danh sách kiểm tra viên của đơn vị bạn."),
        ({"team-1-member": "999999"}, "Chọn cán bộ trong danh sách kiểm tra viên của đơn vị bạn."),
        ({"team-1-member": "abc"}, "Chọn cán bộ trong danh sách kiểm tra viên của đơn vị bạn."),
        ({"team-1-member": "DOANKT"}, "đã có trong đoàn"),
        ({"team-1-role": "boss"}, "Chọn vai trò trong đoàn."),
        ({"team-1-role": "head"}, "Đoàn cần đúng một trưởng đoàn."),
        ({"team-0-member": ""}, "Đoàn cần đúng một trưởng đoàn."),
        ({"team-1-honorific": ""}, "Chọn Ông hoặc Bà cho Chuyenvien."),
        ({"participants-0-honorific": "mr"}, "Chọn Ông hoặc Bà cho Nguyễn Xuân Thoảng."),
        ({"kind": "zzz"}, "Chọn hình thức kiểm tra trong danh sách."),
        ({"checklist": "khong-co"}, "Chọn một bảng kiểm tra trong danh sách."),
        ({"unit": ""}, "Chọn một đơn vị bạn được quản lý."),
        ({"started_at": "25:00"}, "Giờ theo dạng 08:00."),
        ({"year": "hai nghìn"}, ""),
        # Other fields refused alongside: the team's checks still run, without a 500.
        ({"period_end": "", "team-1-member": "abc"}, "Nhập ngày kết thúc kỳ."),
        ({"period_end": "01/01/2021"}, "Ngày kết thúc kỳ phải sau ngày bắt đầu."),
        ({"date": "", "period_start": ""}, "Nhập ngày kiểm tra."),
    ],
)
def test_bad_input_is_a_422_with_a_vietnamese_message(app, district, changes, message):
    client, ids = district
    names = {"SIBLING": "sibling", "COMMUNE": "commune", "THUKY": "thuky", "DOANKT": "doankt"}
    changes = {k: str(ids[names[v]]) if v in names else v for k, v in changes.items()}
    response = client.post("/staff/inspections/new", data=form_data(ids, **changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "Not a valid choice" not in page
    assert count(app) == 0


def test_a_start_typed_without_a_time_picker_is_read(app, district):
    client, ids = district
    assert (
        client.post("/staff/inspections/new", data=form_data(ids, started_at="8h30")).status_code
        == 302
    )
    assert stored(app)[0][5] == "08:30"


def test_add_member_without_a_script_keeps_what_was_typed(app, district):
    client, ids = district
    data = form_data(ids, add="team", legal_basis="Kế hoạch số 999/KH-UBND")
    response = client.post("/staff/inspections/new", data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="team-2-member"' in page and 'id="team-3-member"' not in page
    assert "Kế hoạch số 999/KH-UBND" in page
    second = re.search(r'<select[^>]*id="team-1-member".*?</select>', page, re.S).group(0)
    assert re.search(
        rf'<option[^>]*selected[^>]*value="{ids["lan"]}"|value="{ids["lan"]}" selected', second
    )
    assert "error-summary" not in page  # adding a row is not a failed submission
    assert count(app) == 0

    more = client.post("/staff/inspections/new", data=form_data(ids, add="participants"))
    assert 'id="participants-2-name"' in more.get_data(as_text=True)

    # The third row filled in: created with three members.
    data = form_data(ids, **{"team-2-member": "", "team-2-role": "member"})
    assert client.post("/staff/inspections/new", data=data).status_code == 302


def test_rows_stop_at_the_limit_and_forged_rows_do_not_break_the_form(app, district):
    from inspections.forms import MAX_ROWS

    client, ids = district
    data = form_data(ids, add="team")
    for i in range(2, MAX_ROWS + 5):
        data |= {f"team-{i}-member": "", f"team-{i}-role": "member", f"team-{i}-honorific": ""}
    response = client.post("/staff/inspections/new", data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'id="team-{MAX_ROWS - 1}-member"' in page and f'id="team-{MAX_ROWS}-member"' not in page
    assert 'value="team"' not in page  # no button to add past the limit
    del data["add"]
    assert client.post("/staff/inspections/new", data=data).status_code == 302


def test_only_inspectors_open_the_form(login):
    assert login("secretary", "tu-ky").get("/staff/inspections/new").status_code == 403
    assert login("staff", "ngoc-ky").get("/staff/inspections/new").status_code == 403


def test_kinds_follow_from_the_two_units(app):
    from core.units import get_unit_by_code
    from inspections.kinds import default_kind, kind_problem

    with app.test_request_context():
        district, commune, sibling = map(get_unit_by_code, ("tu-ky", "ngoc-ky", "tan-ky"))
        assert default_kind(district, commune) == "external"
        assert default_kind(commune, commune) == "self"
        assert default_kind(commune, district) is None
        assert default_kind(commune, sibling) is None
        assert kind_problem("external", district, commune) is None
        assert kind_problem("self", commune, commune) is None
        assert "cấp dưới" in kind_problem("self", district, commune)
        assert "không thuộc" in kind_problem("external", commune, sibling)


def test_the_form_in_english(district):
    client, _ids = district
    page = client.get("/staff/inspections/new?lang=en").get_data(as_text=True)
    for text in ("Add a member", "Add a person", "Mr or Ms", "Role in the team"):
        assert text in page
