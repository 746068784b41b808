"""Corrective actions: made at finalising, reported by the inspected unit, verified by the
conducting unit, listed in the minutes and in the follow-up report (issue #15)."""

import io
import json
import unicodedata
from datetime import date

import pytest

from core.db import get_db
from tests.inspection_helpers import make_inspection, tick_every_item

FAILED, PARTIAL, NOTED = "van-ban-dung-han", "tuyen-truyen-phap-luat", "hop-chuyen-de"


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 90, 200)).save(out, "JPEG")
    return out.getvalue()


def _finalised(app, head_id: int, finalise: bool = True, **kwargs) -> int:
    """An inspection with a failed item, a partly met one, a note asking for a fix, finalised."""
    from inspections import store

    with app.test_request_context():
        inspection_id = make_inspection(head_id=head_id, **kwargs)
        store.save_item(inspection_id, FAILED, 0, {"result": "fail", "note": "Chậm."}, head_id)
        store.save_item(inspection_id, PARTIAL, 0, {"result": "pass", "points": 0.5}, head_id)
        store.save_item(
            inspection_id, NOTED, 0, {"figure": 2, "note": "Cần họp chuyên đề riêng."}, head_id
        )
        store.save_item(inspection_id, "ke-hoach-cchc", 0, {"result": "pass"}, head_id)
        store.save_item(inspection_id, "ke-hoach-de-an", 0, {"result": "na"}, head_id)
        # The rest met: an inspection with unticked items is not finalised (issue #14).
        tick_every_item(inspection_id, head_id)
        if finalise:
            unit_id = (
                get_db()
                .execute("SELECT unit_id FROM inspections WHERE id = ?", [inspection_id])
                .fetchone()[0]
            )
            assert store.finalise(inspection_id, head_id, unit_id)
    return inspection_id


def _actions(app, inspection_id):
    with app.test_request_context():
        from actions.model import actions_of

        return {a.item_key: a for a in actions_of(inspection_id)}


def _steps(app, action_id) -> list[str]:
    with app.app_context():
        rows = get_db().execute(
            "SELECT action FROM audit_log WHERE entity = 'action' AND entity_id = ? ORDER BY id",
            [str(action_id)],
        )
        return [r[0] for r in rows]


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def test_finalising_makes_an_action_for_each_item_not_fully_met(no_csrf, login, make_user):
    app = no_csrf
    head = make_user("truong-doan", "inspector")
    client = login("inspector", username="truong-doan")
    inspection_id = _finalised(app, head.id, finalise=False)
    assert _actions(app, inspection_id) == {}
    response = client.post(f"/staff/inspections/{inspection_id}/finalise")
    assert response.status_code == 302
    made = _actions(app, inspection_id)
    assert set(made) == {FAILED, PARTIAL, NOTED}
    assert made[FAILED].finding == "Không đạt: Chậm."
    assert made[PARTIAL].finding.startswith("Đạt một phần")
    assert all(a.status == "open" and a.unit.code == "ngoc-ky" for a in made.values())
    # Due ACTION_DUE_DAYS after the local day of finalising.
    expected = date.fromordinal(date.today().toordinal() + app.config["ACTION_DUE_DAYS"])
    assert abs(date.fromisoformat(made[FAILED].due) - expected).days <= 1
    assert _steps(app, made[FAILED].id) == ["action.create"]
    # Reopened and finalised again: no second action for the same item.
    admin = login("admin", "hai-duong")
    assert (
        admin.post(
            f"/staff/inspections/{inspection_id}/reopen", data={"reason": "Sửa lại số liệu"}
        ).status_code
        == 302
    )
    assert client.post(f"/staff/inspections/{inspection_id}/finalise").status_code == 302
    assert len(_actions(app, inspection_id)) == 3


def test_the_team_adds_an_action_from_the_conclusion(no_csrf, login, make_user):
    app = no_csrf
    head = make_user("truong-doan", "inspector")
    inspection_id = _finalised(app, head.id)
    client = login("inspector", username="truong-doan")
    url = f"/staff/actions/inspections/{inspection_id}"
    bad = client.post(url, data={"what": "Lập kế hoạch", "unit": "ngoc-ky", "due": "31/02/2023"})
    assert bad.status_code == 422
    assert "Nhập ngày dạng ngày/tháng/năm, ví dụ 15/11/2026." in bad.get_data(as_text=True)
    assert 'value="31/02/2023"' in bad.get_data(as_text=True)  # kept as typed
    ok = client.post(
        url,
        data={
            "what": "Bổ sung cán bộ chuyên trách CNTT",
            "item": "an-toan-thong-tin",
            "unit": "ngoc-ky",
            "person": "Chủ tịch UBND xã",
            "due": "31/03/2023",
        },
    )
    assert ok.status_code == 302
    added = _actions(app, inspection_id)["an-toan-thong-tin"]
    assert (added.source, added.due, added.person) == (
        "conclusion",
        "2023-03-31",
        "Chủ tịch UBND xã",
    )
    page = client.get(url).get_data(as_text=True)
    assert "Bổ sung cán bộ chuyên trách CNTT" in page and "31/03/2023" in page
    # The inspected unit's one-stop staff may not add.
    staff = login("staff")
    assert (
        staff.post(url, data={"what": "x", "unit": "ngoc-ky", "due": "01/01/2023"}).status_code
        == 403
    )


def test_lifecycle_reported_fixed_sent_back_and_verified(no_csrf, login, make_user):
    """District team inspects the commune: the commune reports, the district reviews."""
    app = no_csrf
    head = make_user("doan-huyen", "inspector", "tu-ky")
    inspection_id = _finalised(app, head.id, kind="external", owner_code="tu-ky")
    action = _actions(app, inspection_id)[FAILED]
    url = f"/staff/actions/{action.id}"
    commune = login("staff", "ngoc-ky")
    district = login("inspector", username="doan-huyen")

    assert commune.post(url + "/report", data={"status": "in_progress"}).status_code == 302
    # A fix needs its note; nothing is stored without it.
    refused = commune.post(url + "/report", data={"status": "fixed", "note": "  "})
    assert refused.status_code == 422
    assert "Ghi kết quả khắc phục" in refused.get_data(as_text=True)
    assert _actions(app, inspection_id)[FAILED].status == "in_progress"
    fixed = commune.post(
        url + "/report",
        data={
            "status": "fixed",
            "note": "Đã lập sổ theo dõi.",
            "photo": (io.BytesIO(_jpeg()), "a.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert fixed.status_code == 302
    now = _actions(app, inspection_id)[FAILED]
    assert now.status == "fixed" and now.fixed_at and len(now.photo_hashes) == 1
    assert commune.get(f"{url}/photos/{now.photo_hashes[0]}.jpg").status_code == 200
    # A bad photo is refused with the photo module's message.
    junk = commune.post(
        url + "/report",
        data={"status": "fixed", "note": "x", "photo": (io.BytesIO(b"not an image"), "a.jpg")},
        content_type="multipart/form-data",
    )
    assert junk.status_code == 415

    # Confirmation page first; sending back needs a reason.
    assert "Xác nhận quyết định" in district.get(url + "/review?decision=return").get_data(
        as_text=True
    )
    assert district.post(url + "/review", data={"decision": "return"}).status_code == 422
    assert (
        district.post(url + "/review", data={"decision": "return", "note": "Thiếu sổ."}).status_code
        == 302
    )
    assert _actions(app, inspection_id)[FAILED].status == "returned"
    # Nothing to review until reported again.
    assert district.post(url + "/review", data={"decision": "verify"}).status_code == 409
    commune.post(url + "/report", data={"status": "fixed", "note": "Đã bổ sung sổ."})
    assert (
        district.post(url + "/review", data={"decision": "verify", "note": "Đạt."}).status_code
        == 302
    )
    closed = _actions(app, inspection_id)[FAILED]
    assert closed.status == "verified" and closed.closed_at and closed.review_note == "Đạt."
    # Closed: the unit reports no more.
    assert commune.post(url + "/report", data={"status": "in_progress"}).status_code == 403
    assert _steps(app, action.id) == [
        "action.create",
        "action.in_progress",
        "action.photo",
        "action.fixed",
        "action.return",
        "action.fixed",
        "action.verify",
    ]
    with app.app_context():
        detail = (
            get_db()
            .execute("SELECT detail, user_id FROM audit_log WHERE action = 'action.return'")
            .fetchone()
        )
    assert json.loads(detail[0])["note"] == "Thiếu sổ." and detail[1] == head.id
    page = commune.get(url).get_data(as_text=True)
    assert "Thiếu sổ." in page and "Đã xác nhận hoàn thành" in page


def test_each_side_acts_only_as_its_relationship_allows(no_csrf, login, make_user):
    """Conducting (district), inspected (commune), parent (province), child and sibling."""
    app = no_csrf
    with app.app_context():
        from core.units import add_unit, get_unit_by_code

        hamlet = add_unit("thon-1", "Thôn 1", "thon", get_unit_by_code("ngoc-ky"))
    head = make_user("doan-huyen", "inspector", "tu-ky")
    inspection_id = _finalised(app, head.id, kind="external", owner_code="tu-ky")
    with app.test_request_context():
        from actions import store

        commune_action = _actions(app, inspection_id)[FAILED].id
        hamlet_action = store.add_action(
            inspection_id, None, "Thôn rà soát sổ", hamlet.id, "", "2023-01-31", head.id
        )
    accounts = {
        "conducting": login("inspector", username="doan-huyen"),
        "conducting-staff": login("staff", "tu-ky"),
        "inspected": login("inspector", "ngoc-ky"),
        "inspected-admin": login("admin", "ngoc-ky"),
        "parent": login("admin", "hai-duong"),
        "parent-secretary": login("secretary", "hai-duong"),
        "child": login("staff", "thon-1"),
        "sibling": login("admin", "tan-ky"),
    }

    def report(who, action_id):
        return (
            accounts[who]
            .post(f"/staff/actions/{action_id}/report", data={"status": "fixed", "note": "Xong."})
            .status_code
        )

    def review(who, action_id):
        return (
            accounts[who]
            .post(
                f"/staff/actions/{action_id}/review",
                data={"decision": "return", "note": "Chưa đủ."},
            )
            .status_code
        )

    seen = {
        who: c.get(f"/staff/actions/{commune_action}").status_code for who, c in accounts.items()
    }
    assert seen == {
        "conducting": 200,
        "conducting-staff": 200,
        "inspected": 200,
        "inspected-admin": 200,
        "parent": 200,
        "parent-secretary": 200,
        "child": 403,
        "sibling": 403,
    }
    for who in ("conducting", "conducting-staff", "parent", "parent-secretary", "child", "sibling"):
        assert report(who, commune_action) == 403, who
    assert report("inspected", commune_action) == 302
    # The inspected commune's own admin must not judge the district's findings.
    for who in ("inspected", "inspected-admin", "conducting-staff", "parent-secretary", "child"):
        assert review(who, commune_action) == 403, who
    assert review("sibling", commune_action) == 403
    assert review("conducting", commune_action) == 302
    assert report("inspected-admin", commune_action) == 302
    assert review("parent", commune_action) == 302  # an admin above the conducting unit
    # The hamlet's own account sees and reports the action assigned to it, nothing else.
    assert accounts["child"].get(f"/staff/actions/{hamlet_action}").status_code == 200
    assert accounts["child"].get(f"/staff/actions/inspections/{inspection_id}").status_code == 403
    assert report("child", hamlet_action) == 302
    assert accounts["sibling"].get(f"/staff/actions/{hamlet_action}").status_code == 403
    listed = accounts["child"].get("/staff/actions/").get_data(as_text=True)
    assert "Thôn rà soát sổ" in listed and "Khắc phục:" not in listed


def test_staff_home_shows_open_and_overdue_and_next_inspection_shows_status(
    no_csrf, login, make_user
):
    app = no_csrf
    head = make_user("truong-doan", "inspector")
    inspection_id = _finalised(app, head.id, year=2022)
    with app.app_context():
        get_db().execute("UPDATE actions SET due = '2022-12-31' WHERE item_key = ?", [FAILED])
    home = login("staff").get("/staff/").get_data(as_text=True)
    assert "3 chưa đóng, 1 quá hạn" in home
    assert "Quá hạn 31/12/2022" in home
    assert "Tân Kỳ" not in login("admin", "tan-ky").get("/staff/actions/").get_data(as_text=True)
    # The next year's inspection shows the previous actions' status beside each item.
    with app.test_request_context():
        next_id = make_inspection(head_id=head.id, year=2023)
        from inspections.checklist import load_checklists

        area = load_checklists()["cchc-cong-vu"].area_of(FAILED).key
    page = (
        login("inspector", username="truong-doan")
        .get(f"/staff/inspections/{next_id}/areas/{area}")
        .get_data(as_text=True)
    )
    assert "Lần kiểm tra trước:" in page and "Quá hạn" in page
    assert inspection_id != next_id


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return unicodedata.normalize("NFC", "\n".join(parts))


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _closed_world(app, login, make_user) -> int:
    head = make_user("truong-doan", "inspector")
    inspection_id = _finalised(app, head.id)
    with app.app_context():
        get_db().execute("UPDATE actions SET due = '2022-12-31' WHERE item_key = ?", [FAILED])
    made = _actions(app, inspection_id)
    commune = login("staff")
    commune.post(
        f"/staff/actions/{made[FAILED].id}/report",
        data={"status": "fixed", "note": "Đã lập sổ theo dõi văn bản."},
    )
    login("inspector", username="truong-doan").post(
        f"/staff/actions/{made[FAILED].id}/review", data={"decision": "verify"}
    )
    return inspection_id


def test_minutes_list_the_actions_with_deadlines(no_csrf, login, make_user):
    app = no_csrf
    inspection_id = _closed_world(app, login, make_user)
    with app.test_request_context():
        from minutes.model import build_minutes
        from minutes.render import render

        minutes = build_minutes(inspection_id, charts=False)
        docx, pdf = render(minutes, "docx"), render(minutes, "pdf")
    for text in (_docx_text(docx), _pdf_text(pdf)):
        after = text[text.index("KIẾN NGHỊ") :]
        assert "Khắc phục: " in after and "31/12/2022" in after
        assert "Thời hạn" in after


def test_followup_report_in_word_and_pdf(no_csrf, login, make_user, runner, tmp_path):
    app = no_csrf
    inspection_id = _closed_world(app, login, make_user)
    closed_on = _actions(app, inspection_id)[FAILED].closed_at
    with app.app_context():
        from actions.documents import day

        closed_day = day(closed_on)
    client = login("staff")
    for fmt in ("docx", "pdf"):
        response = client.get(f"/staff/actions/inspections/{inspection_id}/report.{fmt}")
        assert response.status_code == 200
        text = (_docx_text if fmt == "docx" else _pdf_text)(response.data)
        for expected in (
            "BÁO CÁO",
            "Kết quả khắc phục",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Đã lập sổ theo dõi văn bản.",
            "Đã khắc phục (đã xác nhận)",
            "Chưa thực hiện",
            closed_day,
            "31/12/2022",
        ):
            assert expected in text, (fmt, expected)
    out = tmp_path / "bao-cao.pdf"
    result = runner.invoke(
        args=["actions-report", str(inspection_id), "--format", "pdf", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    for bad in (
        ["actions-report", "999", "--format", "docx", "-o", str(tmp_path / "x.docx")],
        ["actions-report", str(inspection_id), "--format", "odt", "-o", str(tmp_path / "x.odt")],
        ["actions-report", str(inspection_id), "-o", str(tmp_path / "nowhere" / "x.pdf")],
    ):
        assert runner.invoke(args=bad).exit_code != 0, bad


def test_list_actions_command(no_csrf, login, make_user, runner):
    app = no_csrf
    inspection_id = _closed_world(app, login, make_user)
    lines = runner.invoke(args=["list-actions"]).output.splitlines()
    assert len(lines) == 3
    fields = {line.split("\t")[3]: line.split("\t") for line in lines}
    assert fields[FAILED][1:] == [str(inspection_id), "ngoc-ky", FAILED, "verified", "2022-12-31"]
    assert [
        line.split("\t")[3]
        for line in runner.invoke(args=["list-actions", "--status", "open"]).output.splitlines()
    ] == sorted({PARTIAL, NOTED}, key=lambda k: fields[k][0])
    assert runner.invoke(args=["list-actions", "--unit", "tan-ky"]).output == ""
    assert runner.invoke(args=["list-actions", "--unit", "hai-duong"]).output.count("\n") == 3
    unknown = runner.invoke(args=["list-actions", "--unit", "khong-co"])
    assert unknown.exit_code != 0 and "khong-co" in unknown.output
    assert runner.invoke(args=["list-actions", "--status", "xong"]).exit_code != 0


def test_demo_has_actions_some_closed_one_overdue(app, runner):
    from admin.demo import seed_demo

    with app.test_request_context():
        get_db().execute("DELETE FROM counters")
        get_db().execute("DELETE FROM units")
        seed_demo()
    lines = [line.split("\t") for line in runner.invoke(args=["list-actions"]).output.splitlines()]
    statuses = [line[4] for line in lines]
    assert statuses.count("verified") >= 2 and "fixed" in statuses and "in_progress" in statuses
    overdue = runner.invoke(args=["list-actions", "--status", "overdue"]).output.splitlines()
    assert len(overdue) == 1 and overdue[0].split("\t")[3] == "an-toan-thong-tin"
