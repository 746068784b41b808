"""Honest figures and N/A only where allowed (issue #15), through HTTP and the model."""

import re

import pytest

from core.db import get_db
from core.definitions import DefinitionError
from inspections import store
from inspections.checklist import load_checklist, load_checklists
from inspections.model import load_inspection, score
from tests.inspection_helpers import make_inspection
from tests.test_inspection_checklist import GOOD, write

AREA = "/staff/inspections/{}/areas/cai-cach-tthc"


@pytest.fixture
def inspection(app, make_user):
    """A draft self-inspection of Ngọc Kỳ headed by the 'truongdoan' account."""
    head = make_user("truongdoan", "inspector", "ngoc-ky")
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        return make_inspection(head_id=head.id)


def change(client, inspection_id, item, values, change_id, base=0):
    return client.post(
        f"/staff/inspections/{inspection_id}/items/{item}",
        json={"change_id": change_id, "base_version": base, "values": values},
        headers={"Accept": "application/json"},
    )


def _store(app, inspection_id, figures: dict) -> None:
    """Figures written past the entry checks (as a race or an older release could)."""
    with app.app_context():
        for key, value in figures.items():
            store.save_item(inspection_id, key, 0, {"figure": value}, None)


def _error_beside(html: str, field_id: str) -> str:
    """The error message shown just above an input, or ''."""
    match = re.search(
        r'<p class="error-message" id="error-'
        + field_id
        + r'">([^<]*)</p>\s*<input[^>]*id="'
        + field_id
        + '"[^>]*aria-invalid="true"',
        html,
    )
    return match.group(1) if match else ""


def test_numerator_above_denominator_is_refused_with_the_field(login, inspection):
    client = login("inspector", "ngoc-ky")
    ok = change(client, inspection, "ho-so-tiep-nhan", {"figure": 1302}, "f-000001")
    assert ok.status_code == 200
    answer = change(client, inspection, "ho-so-dung-han", {"figure": 1400}, "f-000002")
    assert answer.status_code == 422
    body = answer.get_json()
    assert body["field"] == "figure"
    assert "không được lớn hơn" in body["error"] and "1302" in body["error"]
    # Lowering the denominator below a stored numerator is refused the same way.
    ok = change(client, inspection, "ho-so-dung-han", {"figure": 1300}, "f-000003")
    assert ok.status_code == 200
    answer = change(client, inspection, "ho-so-tiep-nhan", {"figure": 1000}, "f-000004", 1)
    assert answer.status_code == 422
    assert answer.get_json()["field"] == "figure"
    assert "không được nhỏ hơn" in answer.get_json()["error"]


def test_negative_count_is_refused_with_the_field(login, inspection):
    client = login("inspector", "ngoc-ky")
    answer = change(client, inspection, "ho-so-tiep-nhan", {"figure": -5}, "f-000005")
    assert answer.status_code == 422
    assert answer.get_json() == {"error": "Số liệu phải từ 0 trở lên.", "field": "figure"}


def test_plain_form_shows_the_error_beside_the_figure_and_keeps_what_was_typed(
    app, login, inspection
):
    client = login("inspector", "ngoc-ky")
    response = client.post(
        AREA.format(inspection),
        data={"figure-ho-so-tiep-nhan": "1302", "figure-ho-so-dung-han": "1400"},
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "không được lớn hơn" in _error_beside(html, "figure-ho-so-dung-han")
    assert 'id="figure-ho-so-dung-han" name="figure-ho-so-dung-han" value="1400"' in html
    assert 'href="#item-ho-so-dung-han"' in html  # the error summary links to the item
    # The denominator, sent in the same form, was valid and stored.
    with app.app_context():
        stored = store.stored_figures(inspection)
    assert stored == {"ho-so-tiep-nhan": 1302}
    # Both raised together in one form: checked against each other, not the stored one.
    response = client.post(
        AREA.format(inspection),
        data={
            "figure-ho-so-tiep-nhan": "2000",
            "version-ho-so-tiep-nhan": "1",
            "figure-ho-so-dung-han": "1900",
        },
    )
    assert response.status_code == 302
    negative = client.post(AREA.format(inspection), data={"figure-ho-so-so-hoa": "-3"})
    assert "từ 0 trở lên" in _error_beside(negative.get_data(as_text=True), "figure-ho-so-so-hoa")


def test_impossible_stored_figures_are_never_a_pass_and_block_finalising(app, login, inspection):
    _store(app, inspection, {"ho-so-tiep-nhan": 100, "ho-so-dung-han": 150})
    with app.app_context():
        item = load_inspection(inspection).item("ty-le-dung-han")
    assert (item.ratio, item.result, item.points, item.problem) == (
        150.0,
        None,
        None,
        "above_denominator",
    )
    client = login("inspector", "ngoc-ky", "truongdoan")
    page = client.get(AREA.format(inspection)).get_data(as_text=True)
    assert "tử số lớn hơn mẫu số" in page
    response = client.post(f"/staff/inspections/{inspection}/finalise")
    assert response.status_code == 422
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn" in response.get_data(as_text=True)


def test_zero_denominator_is_not_arising(app, login, inspection):
    client = login("inspector", "ngoc-ky")
    change(client, inspection, "ho-so-tiep-nhan", {"figure": 0}, "z-000001")
    answer = change(client, inspection, "ho-so-dung-han", {"figure": 0}, "z-000002")
    ratios = answer.get_json()["progress"]["ratios"]
    assert ratios["ty-le-dung-han"] == {"ratio": None, "result": "na", "not_arising": True}
    # A ratio whose checklist allows N/A: "không phát sinh", full points (not a silent 0).
    with app.app_context():
        item = load_inspection(inspection).item("ty-le-dung-han")
    assert (item.result, item.not_arising, item.points) == ("na", True, 5)
    page = client.get(AREA.format(inspection)).get_data(as_text=True)
    assert re.search(r'data-ratio="ty-le-dung-han">không phát sinh<', page)


def test_zero_denominator_where_na_is_not_allowed_is_a_failure(app, inspection):
    """Ratio ty-le-may-tinh does not allow N/A: no staff is not "nothing arose"."""
    _store(app, inspection, {"so-can-bo-cong-chuc": 0})
    with app.app_context():
        item = load_inspection(inspection).item("ty-le-may-tinh")
    assert (item.result, item.not_arising, item.points) == ("fail", True, 0)


def test_na_is_refused_where_the_checklist_does_not_allow_it(login, inspection):
    client = login("inspector", "ngoc-ky")
    answer = change(client, inspection, "ke-hoach-cchc", {"result": "na"}, "n-000001")
    assert answer.status_code == 422
    assert answer.get_json() == {
        "error": "Mục này không được chọn Không áp dụng.",
        "field": "result",
    }
    ok = change(client, inspection, "phieu-xin-loi-tu-choi", {"result": "na"}, "n-000002")
    assert ok.status_code == 200
    plain = client.post(
        f"/staff/inspections/{inspection}/areas/chi-dao-dieu-hanh",
        data={"result-ke-hoach-cchc": "na"},
    )
    assert plain.status_code == 409
    assert "không được chọn Không áp dụng" in plain.get_data(as_text=True)


def test_na_button_only_where_allowed(login, inspection):
    client = login("inspector", "ngoc-ky")
    page = client.get(f"/staff/inspections/{inspection}/areas/hoat-dong-cong-vu")
    html = page.get_data(as_text=True)
    assert 'id="result-phieu-xin-loi-tu-choi-na"' in html
    assert 'id="result-deo-the-na"' not in html
    assert 'id="result-deo-the-pass"' in html


def test_na_earns_points_only_where_allowed(app, inspection):
    with app.app_context():
        # An N/A stored on an item that does not allow it (before this rule): no points.
        store.save_item(inspection, "ke-hoach-cchc", 0, {"result": "na"}, None)
        store.save_item(inspection, "phieu-xin-loi-tu-choi", 0, {"result": "na"}, None)
        loaded = load_inspection(inspection)
    assert loaded.item("ke-hoach-cchc").points == 0
    assert loaded.item("phieu-xin-loi-tu-choi").points == 1
    assert loaded.area("chi-dao-dieu-hanh").points == 0


def test_shipped_checklist_allows_na_where_things_may_not_arise():
    checklist = load_checklists()["cchc-cong-vu"]
    allowed = {i.key for a in checklist.areas for i in a.items if i.na_allowed}
    assert {"phieu-xin-loi-tu-choi", "ty-le-dung-han", "phan-anh-kien-nghi"} <= allowed
    assert "ke-hoach-cchc" not in allowed and "deo-the" not in allowed


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        (
            "kind: figure\n",
            "kind: figure\n        na_allowed: true\n",
            "na_allowed",
            "không có kết quả",
        ),
        (
            "kind: document\n",
            "kind: document\n        na_allowed: maybe\n",
            "na_allowed",
            "true hoặc false",
        ),
    ],
)
def test_na_allowed_is_validated_on_load(tmp_path, old, new, field, problem):
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    with pytest.raises(DefinitionError) as error:
        load_checklist(write(tmp_path, text))
    assert field in str(error.value) and problem in str(error.value)
    assert "mini.yaml" in str(error.value)


def test_ratio_figures_must_not_go_below_zero_on_load(tmp_path):
    text = GOOD.replace("kind: figure\n", "kind: figure\n        min: -1\n", 1)
    with pytest.raises(DefinitionError, match="min của nó phải từ 0"):
        load_checklist(write(tmp_path, text))


def test_na_allowed_on_a_ratio_loads(tmp_path):
    text = GOOD.replace("kind: ratio\n", "kind: ratio\n        na_allowed: true\n")
    checklist = load_checklist(write(tmp_path, text))
    assert checklist.item("ty-le").na_allowed and not checklist.item("ke-hoach").na_allowed


def test_na_ticks_in_history_keep_their_version(app, inspection):
    """The inspection records the checklist version with na_allowed (version 2)."""
    with app.app_context():
        row = (
            get_db()
            .execute("SELECT checklist_version FROM inspections WHERE id = ?", [inspection])
            .fetchone()
        )
    assert row[0] == load_checklists()["cchc-cong-vu"].version >= 2


def test_a_checklist_written_before_na_allowed_keeps_scoring_na_as_it_did(tmp_path):
    # Version 1 of the shipped checklist names na_allowed nowhere; inspections made
    # with it let every ticked item be not applicable and earn its points. Their
    # stored definition must score them so still, or finalised totals would change.
    assert "na_allowed" not in GOOD
    checklist = load_checklist(write(tmp_path, GOOD))
    document = checklist.item("ke-hoach")
    assert document.na_allowed and score(document, "na", None) == document.points
    assert not checklist.item("ty-le").na_allowed
