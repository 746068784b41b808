"""Inspections through HTTP: access by role and unit, conflicts, replays, finalising."""

import json
import re

import pytest

from core.db import get_db
from tests.inspection_helpers import make_inspection, tick_every_item


@pytest.fixture
def inspection(app, make_user):
    """A draft self-inspection of Ngọc Kỳ headed by the 'truongdoan' account."""
    head = make_user("truongdoan", "inspector", "ngoc-ky")
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        return make_inspection(head_id=head.id)


def change(client, inspection_id, item, base, values, change_id="change-0001"):
    return client.post(
        f"/staff/inspections/{inspection_id}/items/{item}",
        json={"change_id": change_id, "base_version": base, "values": values},
        headers={"Accept": "application/json"},
    )


@pytest.mark.parametrize(
    ("role", "unit", "view", "fill"),
    [
        ("inspector", "ngoc-ky", 200, 200),
        ("inspector", "tu-ky", 200, 403),  # sees the commune, is not its team
        ("inspector", "tan-ky", 403, 403),  # another commune
        ("secretary", "ngoc-ky", 200, 403),
        ("staff", "ngoc-ky", 403, 403),
        ("admin", "hai-duong", 200, 200),
    ],
)
def test_role_and_unit_matrix(login, inspection, role, unit, view, fill):
    client = login(role, unit)
    assert client.get(f"/staff/inspections/{inspection}").status_code == view
    assert (
        client.get(f"/staff/inspections/{inspection}/areas/hoat-dong-cong-vu").status_code == view
    )
    response = change(client, inspection, "deo-the", 0, {"result": "pass"})
    assert response.status_code == fill
    if fill == 403:
        assert response.get_json()["error"]


def test_anonymous_is_sent_to_login(client, inspection):
    response = client.get(f"/staff/inspections/{inspection}")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_two_clients_change_one_item_one_wins_one_sees_the_conflict(app, login, inspection):
    first = login("inspector", "ngoc-ky", "an")
    second = login("inspector", "ngoc-ky", "binh")
    ok = change(first, inspection, "deo-the", 0, {"result": "pass"}, "aaaa-0001")
    late = change(second, inspection, "deo-the", 0, {"result": "fail"}, "bbbb-0001")
    assert ok.status_code == 200 and ok.get_json()["version"] == 1
    assert late.status_code == 409
    conflict = late.get_json()["conflict"]
    assert conflict["theirs"]["result"] == "pass"
    assert conflict["yours"] == {"result": "fail"}
    assert conflict["by"] == "An" and conflict["at"]
    # Choosing to keep one's own value is a new change against the version now seen.
    again = change(
        second, inspection, "deo-the", conflict["version"], {"result": "fail"}, "bbbb-0002"
    )
    assert again.status_code == 200 and again.get_json()["version"] == 2
    with app.app_context():
        rows = get_db().execute("SELECT result, version FROM inspection_items").fetchall()
        history = get_db().execute("SELECT COUNT(*) FROM inspection_item_history").fetchone()
    assert rows == [("fail", 2)]
    assert history[0] == 2


def test_concurrent_writers_cannot_both_win(app, inspection, make_user):
    """Threads racing on one version: exactly one conditional UPDATE succeeds."""
    import threading

    from inspections import store

    with app.app_context():
        store.save_item(inspection, "gio-lam-viec", 0, {"result": "pass"}, None)
    outcomes = []

    def write(n):
        with app.app_context():
            try:
                store.save_item(inspection, "gio-lam-viec", 1, {"note": f"n{n}"}, None)
                outcomes.append("won")
            except store.Conflict:
                outcomes.append("conflict")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 5 + ["won"]


def test_replayed_change_is_stored_once(app, login, inspection):
    client = login("inspector", "ngoc-ky")
    body = ("ho-so-tiep-nhan", 0, {"figure": 1302})
    first = change(client, inspection, *body, change_id="offline-42")
    replay = change(client, inspection, *body, change_id="offline-42")
    assert first.status_code == replay.status_code == 200
    assert replay.get_json()["replayed"] is True
    assert replay.get_json()["version"] == first.get_json()["version"] == 1
    with app.app_context():
        db = get_db()
        assert db.execute("SELECT COUNT(*) FROM inspection_item_history").fetchone()[0] == 1
        assert db.execute("SELECT version FROM inspection_items").fetchone()[0] == 1


def test_ratio_is_computed_from_two_figures(login, inspection):
    client = login("inspector", "ngoc-ky")
    change(client, inspection, "ho-so-tiep-nhan", 0, {"figure": 1302}, "r-000001")
    answer = change(client, inspection, "ho-so-truc-tuyen", 0, {"figure": "858"}, "r-000002")
    ratios = answer.get_json()["progress"]["ratios"]
    assert ratios["ty-le-truc-tuyen"] == {"ratio": 65.9, "result": "pass"}
    refused = change(client, inspection, "ty-le-truc-tuyen", 0, {"figure": 50}, "r-000003")
    assert refused.status_code == 422


@pytest.mark.parametrize(
    ("item", "values"),
    [
        ("deo-the", {"result": "maybe"}),
        ("ho-so-tiep-nhan", {"figure": "nhiều"}),
        ("ho-so-tiep-nhan", {"figure": -1}),
        ("ho-so-tiep-nhan", {"figure": 1.5}),
        ("deo-the", {"points": 5}),
        ("deo-the", {"colour": "red"}),
        ("deo-the", {"note": "x" * 2001}),
        ("deo-the", {"evidence": ["a"]}),
    ],
)
def test_bad_values_get_422_and_store_nothing(app, login, inspection, item, values):
    response = change(login("inspector", "ngoc-ky"), inspection, item, 0, values)
    assert response.status_code == 422
    assert response.get_json()["error"]
    with app.app_context():
        assert get_db().execute("SELECT COUNT(*) FROM inspection_items").fetchone()[0] == 0


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {"values": {}},
        {"change_id": "short", "base_version": 0, "values": {}},
        {"change_id": "long-enough", "base_version": "1", "values": {}},
        {"change_id": "long-enough", "base_version": 0, "values": "pass"},
    ],
)
def test_malformed_requests_get_400(login, inspection, body):
    client = login("inspector", "ngoc-ky")
    response = client.post(
        f"/staff/inspections/{inspection}/items/deo-the",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 400


def test_json_endpoint_needs_csrf_header(app, login, inspection):
    app.config["WTF_CSRF_ENABLED"] = True
    client = login("inspector", "ngoc-ky")
    page = client.get(f"/staff/inspections/{inspection}/areas/hoat-dong-cong-vu")
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.get_data(as_text=True))[1]
    missing = change(client, inspection, "deo-the", 0, {"result": "pass"})
    assert missing.status_code == 400
    ok = client.post(
        f"/staff/inspections/{inspection}/items/deo-the",
        json={"change_id": "with-token", "base_version": 0, "values": {"result": "pass"}},
        headers={"X-CSRFToken": token},
    )
    assert ok.status_code == 200


def test_finalised_inspection_refuses_changes_and_reopen_is_admin_only(app, login, inspection):
    head = login("inspector", "ngoc-ky", "truongdoan")
    member = login("inspector", "ngoc-ky", "thanhvien")
    change(member, inspection, "deo-the", 0, {"result": "pass"}, "before-final")
    assert member.post(f"/staff/inspections/{inspection}/finalise").status_code == 403
    head.post(
        f"/staff/inspections/{inspection}/conclusion",
        data={"conclusion": "Hoàn thành tốt.", "recommendations": "Tiếp tục."},
    )
    with app.test_request_context():
        tick_every_item(inspection)
    assert head.post(f"/staff/inspections/{inspection}/finalise").status_code == 302
    refused = change(member, inspection, "deo-the", 1, {"result": "fail"}, "after-final")
    assert refused.status_code == 409
    assert "hoàn thành" in refused.get_json()["error"]
    form = member.post(
        f"/staff/inspections/{inspection}/areas/hoat-dong-cong-vu",
        data={"version-deo-the": "1", "result-deo-the": "fail"},
    )
    assert form.status_code == 409
    assert "hoàn thành" in form.get_data(as_text=True)
    conclusion = head.post(
        f"/staff/inspections/{inspection}/conclusion", data={"conclusion": "Sửa"}
    )
    assert conclusion.status_code == 409
    assert (
        head.post(
            f"/staff/inspections/{inspection}/reopen", data={"reason": "Sửa số liệu"}
        ).status_code
        == 403
    )
    admin = login("admin", "hai-duong")
    assert admin.post(f"/staff/inspections/{inspection}/reopen", data={}).status_code == 422
    assert (
        admin.post(
            f"/staff/inspections/{inspection}/reopen", data={"reason": "Sửa số liệu sai"}
        ).status_code
        == 302
    )
    assert (
        change(member, inspection, "deo-the", 1, {"result": "fail"}, "reopened").status_code == 200
    )
    with app.app_context():
        actions = (
            get_db()
            .execute("SELECT action, detail FROM audit_log WHERE entity = 'inspection' ORDER BY id")
            .fetchall()
        )
    assert [a for a, _ in actions] == ["create", "finalise", "reopen"]
    assert json.loads(actions[-1][1]) == {"reason": "Sửa số liệu sai"}


def test_plain_form_saves_one_area_without_javascript(app, login, inspection):
    client = login("inspector", "ngoc-ky")
    response = client.post(
        f"/staff/inspections/{inspection}/areas/cai-cach-tthc",
        data={
            "version-ho-so-tiep-nhan": "0",
            "figure-ho-so-tiep-nhan": "1302",
            "version-ho-so-dung-han": "0",
            "figure-ho-so-dung-han": "1302",
            "version-phan-anh-kien-nghi": "0",
            "result-phan-anh-kien-nghi": "pass",
            "evidence-phan-anh-kien-nghi": "",
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="1302"' in page
    assert "100 %" in page
    assert "Đã lưu khu vực này" in page
    # A second client posting the page it loaded before: the changed item conflicts.
    stale = login("inspector", "ngoc-ky", "cham")
    conflict = stale.post(
        f"/staff/inspections/{inspection}/areas/cai-cach-tthc",
        data={"version-phan-anh-kien-nghi": "0", "result-phan-anh-kien-nghi": "fail"},
    )
    assert conflict.status_code == 409
    text = conflict.get_data(as_text=True)
    assert "Xung đột" in text and "Của họ" in text and "Của bạn" in text
    # The status line says so without a script too (issue #14, item 10).
    assert 'data-state="conflict">1 mục bị xung đột – cần chọn</p>' in text
    stored = 'name="result-phan-anh-kien-nghi" value="pass" checked'
    assert stored in text  # their value, not the refused one


def test_compare_self_and_level_above(app, login, make_user):
    app.config["WTF_CSRF_ENABLED"] = False
    from inspections import store

    with app.app_context():
        own = make_inspection()
        external = make_inspection(kind="external", owner_code="tu-ky")
        for inspection_id, result in ((own, "pass"), (external, "fail")):
            store.save_item(inspection_id, "deo-the", 0, {"result": result}, None)
            store.save_item(inspection_id, "trang-phuc", 0, {"result": "pass"}, None)
    client = login("inspector", "tu-ky")
    page = client.get(f"/staff/inspections/{external}/compare").get_data(as_text=True)
    assert "Các mục có kết quả khác nhau (1)" in page
    assert "đeo thẻ" in page and "Trang phục" not in page.split("khác nhau")[1]
    lone = login("inspector", "tan-ky")
    assert lone.get(f"/staff/inspections/{external}/compare").status_code == 403


def test_list_inspections_command(app, runner):
    with app.app_context():
        first = make_inspection()
        second = make_inspection(kind="external", owner_code="tu-ky", year=2023)
    result = runner.invoke(args=["list-inspections"])
    assert result.exit_code == 0
    assert (
        result.output
        == f"{first}\tngoc-ky\tself\t2022\tdraft\n{second}\tngoc-ky\texternal\t2023\tdraft\n"
    )
    bad = runner.invoke(args=["list-inspections", "--unit", "nowhere"])
    assert bad.exit_code != 0 and "Không có đơn vị" in bad.output


def test_demo_inspections(app, runner):
    from admin.demo import seed_demo
    from inspections.model import list_inspections, load_inspection

    with app.test_request_context():
        get_db().execute("DELETE FROM counters")
        get_db().execute("DELETE FROM units")
        seed_demo()
        rows = list_inspections()
        own = load_inspection(next(r.id for r in rows if r.kind == "self"))
        external = load_inspection(next(r.id for r in rows if r.kind == "external"))
    assert own.status == "final" and external.status == "draft"
    assert own.item("ho-so-tiep-nhan").figure == 1302
    assert own.item("ty-le-dung-han").ratio == 100.0
    assert own.item("ty-le-truc-tuyen").ratio == 65.9
    assert own.item("quyet-dinh-to-kiem-tra").evidence.startswith("Quyết định số 118a/QĐ-UBND")
    assert own.item("van-ban-dung-han").result == "fail"
    assert own.head.name == "Nguyễn Xuân Thoảng"
    assert "163/KH-UBND" in external.legal_basis
    assert 0 < external.entered_done < external.entered_total
    assert own.entered_done == own.entered_total
    assert 80 < own.points < 100
