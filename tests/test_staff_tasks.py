"""The staff home as a task list per role (issue #14, item 1): tasks, their status, names."""

from datetime import date

from core import dates
from core.db import get_db
from tests.inspection_helpers import make_inspection


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_secretary_sees_the_year_paper_slips_posters_and_named_minutes(app, login, make_user):
    head = make_user("truongdoan", "inspector", "ngoc-ky")
    district = make_user("doankt", "inspector", "tu-ky")
    with app.test_request_context():
        own = make_inspection(head_id=head.id, year=2022)
        external = make_inspection(kind="external", owner_code="tu-ky", head_id=district.id)
        from core.units import get_unit_by_code
        from forms.registry import get_form
        from results.paper import enter_batch, slips_from_counts

        unit = get_unit_by_code("ngoc-ky")
        enter_batch(
            get_db(),
            get_form("hai-long"),
            unit,
            None,
            dates.today(),
            slips_from_counts(get_form("hai-long"), {"hai-long": 12}),
            user_id=head.id,
            key="ma-lo-task-01",
        )
    home = text(login("secretary").get("/staff/"))
    year = dates.today().year
    assert f"Kết quả đánh giá năm {year}" in home
    assert f"12 phiếu năm {year}" in home
    assert f"/staff/results/ngoc-ky/hai-long?period=year&amp;date={year}-01-01" in home
    assert "Nhập phiếu giấy" in home and "12 phiếu giấy nhập tháng này" in home
    assert "In mã QR cho các quầy" in home and "6 quầy" in home
    # Two inspections of one commune read apart: kind, team head and date
    # (make_inspection names its head "Trưởng đoàn").
    assert "Tự kiểm tra của Xã Ngọc Kỳ (trưởng đoàn Trưởng đoàn), 20/09/2022" in home
    assert "Kiểm tra của Huyện Tứ Kỳ tại Xã Ngọc Kỳ (trưởng đoàn Trưởng đoàn), 20/09/2022" in home
    for inspection in (own, external):
        assert f"/staff/minutes/{inspection}.docx" in home
        assert f"/staff/minutes/{inspection}.pdf" in home
    # Tasks keep the order of the year's work.
    assert home.index("Kết quả đánh giá năm") < home.index("Nhập phiếu giấy")
    assert home.index("Nhập phiếu giấy") < home.index("Biên bản kiểm tra để tải về")


def test_a_year_without_responses_shows_the_last_year_that_has_some(app, login):
    with app.test_request_context():
        from core.units import get_unit_by_code
        from forms.registry import get_form
        from forms.store import store_response

        stored = store_response(
            get_db(),
            get_form("hai-long"),
            get_unit_by_code("ngoc-ky"),
            {"muc-do": "hai-long"},
            submission_id="task-year-0123456789",
        )
        get_db().execute(
            "UPDATE responses SET day = '2022-05-04' WHERE id = ?", [stored.response_id]
        )
    home = text(login("staff").get("/staff/"))
    if date.today().year != 2022:
        assert "Kết quả đánh giá năm 2022" in home and "1 phiếu năm 2022" in home


def test_the_inspector_sees_progress_of_their_inspections_and_can_start_one(app, login, make_user):
    head = make_user("truongdoan", "inspector", "ngoc-ky")
    with app.test_request_context():
        inspection = make_inspection(head_id=head.id)
        from inspections import store
        from inspections.model import load_inspection

        store.save_item(inspection, "ke-hoach-cchc", 0, {"result": "pass"}, head.id)
        total = load_inspection(inspection).entered_total
    client = login("inspector", "ngoc-ky", "truongdoan")
    home = text(client.get("/staff/"))
    assert "Cuộc kiểm tra của tôi" in home
    assert f"1/{total} mục đã đánh giá" in home
    assert f'href="/staff/inspections/{inspection}"' in home
    assert "Bắt đầu một cuộc kiểm tra" in home and 'href="/staff/inspections/new"' in home
    # An inspector has no results or paper slips; one-stop staff have no inspections or minutes.
    assert "/staff/results/" not in home
    staff_home = text(login("staff").get("/staff/"))
    assert "/staff/inspections/" not in staff_home and "/staff/minutes/" not in staff_home


def test_a_neighbouring_commune_sees_none_of_these_tasks(app, login, make_user):
    head = make_user("truongdoan", "inspector", "ngoc-ky")
    with app.test_request_context():
        make_inspection(head_id=head.id)
    home = text(login("admin", "tan-ky").get("/staff/"))
    assert "Ngọc Kỳ" not in home and "/staff/minutes/" not in home


def test_names_typed_by_staff_are_escaped_in_the_task_list(app, login, make_user):
    head = make_user("truongdoan", "inspector", "ngoc-ky")
    with app.test_request_context():
        inspection = make_inspection(head_id=head.id)
        get_db().execute(
            "UPDATE inspection_members SET name = ? WHERE inspection_id = ?",
            ['<img src=x onerror="alert(1)">', inspection],
        )
    home = text(login("inspector", "ngoc-ky", "truongdoan").get("/staff/"))
    assert "<img src=x" not in home
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in home
    page = text(
        login("inspector", "ngoc-ky", "truongdoan").get(f"/staff/inspections/{inspection}/finalise")
    )
    assert "<img src=x" not in page
