"""Access by relationship, not only by role (issue #12, item 2).

An inspection belongs to the unit that conducts it. The central case is the
district's external inspection of a commune: Huyện Tứ Kỳ inspects Xã Ngọc Kỳ.
Only Tứ Kỳ's team and inspectors, and admins of Tứ Kỳ or of the province above
it, tick, conclude, finalise or reopen; Ngọc Kỳ reads. Each account is tried
from the conducting unit, the inspected unit, a parent of the conducting unit,
a child of it and a sibling of it; a refusal is a 403 and changes nothing in
the database. The same holds for a commune's self-inspection, and the unit
pages (results, paper slips, posters and QR codes, admin) follow the unit tree.
"""

import io
from datetime import date

import pytest

from core.db import get_db
from tests.inspection_helpers import make_inspection, tick_every_item

# Every route for every relationship and role, minutes rendered each time: over a minute.
pytestmark = pytest.mark.slow

ROLES = ("admin", "secretary", "inspector", "staff")
FILL_ITEM, AREA_ITEM = "ke-hoach-cchc", "ke-hoach-de-an"

# Relationship -> unit code, seen from the conducting unit of each scenario.
EXTERNAL = {  # Tứ Kỳ (district) inspects Ngọc Kỳ (commune)
    "conducting": "tu-ky",
    "inspected": "ngoc-ky",
    "parent": "hai-duong",
    "child": "tan-ky",  # another commune of the district
    "sibling": "thanh-ha",  # another district of the province
}
SELF = {  # Ngọc Kỳ inspects itself
    "conducting": "ngoc-ky",
    "parent": "tu-ky",
    "grandparent": "hai-duong",
    "sibling": "tan-ky",
}
READERS = {"conducting", "inspected", "parent", "grandparent"}
ACTING_ADMINS = {"conducting", "parent", "grandparent"}


def _jpeg(colour: tuple = (30, 120, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "JPEG")
    return out.getvalue()


def _add_sibling_district(app) -> None:
    with app.app_context():
        from core.units import add_unit, get_unit_by_code

        district = add_unit("thanh-ha", "Huyện Thanh Hà", "huyen", get_unit_by_code("hai-duong"))
        add_unit("thanh-hong", "Xã Thanh Hồng", "xa", district)


def _world(app, make_user, scenario: dict) -> dict:
    """The inspection of the scenario, its self-inspection counterpart, a photo; and its head."""
    _add_sibling_district(app)
    conducting, inspected = (
        scenario["conducting"],
        scenario.get("inspected", scenario["conducting"]),
    )
    head = make_user("truong-doan", "inspector", conducting)
    with app.test_request_context():
        from inspections.photos import store_photo

        kind = "self" if conducting == inspected else "external"
        inspection = make_inspection(inspected, kind, conducting, head_id=head.id)
        # The other side of the comparison, so the compare page has something to show.
        other = "external" if kind == "self" else "self"
        make_inspection(inspected, other, "tu-ky" if other == "external" else inspected)
        photo = store_photo(inspection, FILL_ITEM, _jpeg(), head.id)
    return {"i": inspection, "p": photo.sha256, "a": "chi-dao-dieu-hanh"}


def _snapshot() -> dict:
    """Every row of every table: a refused request must leave all of it as it was."""
    db = get_db()
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: db.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}


def _expected(relation: str, role: str) -> dict[str, bool]:
    """What an account may do with the inspection, from its relation and role."""
    head = role == "head"
    reader = relation in READERS and role in ("admin", "secretary", "inspector", "head")
    acting_admin = role == "admin" and relation in ACTING_ADMINS
    return {
        "read": reader,
        "minutes": reader and role in ("admin", "secretary", "head"),
        "fill": head or acting_admin or (role == "inspector" and relation == "conducting"),
        "conclude": head or acting_admin,
        "reopen": acting_admin,
    }


def _principals(scenario: dict) -> list[tuple[str, str]]:
    cases = [(relation, role) for relation in scenario for role in ROLES]
    return [*cases, ("conducting", "head")]


def _act(app, client, world: dict, may: dict) -> list[str]:
    """Try every inspection route; list each answer that is not the intended one."""
    i, wrong = world["i"], []

    def expect(allowed: bool, ok: int, method: str, url: str, **kwargs):
        with app.app_context():
            before = _snapshot()
        response = client.open(url, method=method, **kwargs)
        wanted = ok if allowed else 403
        if response.status_code != wanted:
            wrong.append(f"{method} {url}: {response.status_code}, wanted {wanted}")
        if not allowed and method == "POST":
            with app.app_context():
                if _snapshot() != before:
                    wrong.append(f"{method} {url}: refused but the database changed")
        return response

    base = f"/staff/inspections/{i}"
    show = expect(may["read"], 200, "GET", base)
    if may["read"]:
        html = show.get_data(as_text=True)
        for action, allowed in (("conclusion", may["conclude"]), ("finalise", may["conclude"])):
            if (f"{base}/{action}" in html) != allowed:
                wrong.append(f"show page offers {action}: {not allowed}")
    for path in (f"/areas/{world['a']}", "/history", "/csrf", f"/photos/{world['p']}.jpg"):
        expect(may["read"], 200, "GET", base + path)
    expect(may["read"], 200, "GET", f"{base}/compare")
    for path in (f"/staff/minutes/{i}", f"/staff/minutes/{i}.docx", f"/staff/minutes/{i}.pdf"):
        expect(may["minutes"], 200, "GET", path)

    change = {"change_id": "rel-change-0001", "base_version": 0, "values": {"result": "pass"}}
    expect(may["fill"], 200, "POST", f"{base}/items/{FILL_ITEM}", json=change)
    area = {f"result-{AREA_ITEM}": "fail", f"version-{AREA_ITEM}": "0"}
    expect(may["fill"], 302, "POST", f"{base}/areas/{world['a']}", data=area)
    photo = {"photo": (io.BytesIO(_jpeg((200, 30, 30))), "anh.jpg")}
    expect(may["fill"], 302, "POST", f"{base}/items/{FILL_ITEM}/photos", data=photo)
    verdict = {"conclusion": "Đạt yêu cầu.", "recommendations": "Tiếp tục duy trì."}
    expect(may["conclude"], 302, "POST", f"{base}/conclusion", data=verdict)
    with app.test_request_context():
        tick_every_item(i)  # unticked items refuse finalising (issue #14)
    expect(may["conclude"], 302, "POST", f"{base}/finalise")
    if not may["conclude"]:
        with app.app_context():
            from inspections import store
            from inspections.model import load_inspection

            # Final, so that reopening is a real question.
            store.finalise(i, None, load_inspection(i).unit.id)
    expect(may["reopen"], 302, "POST", f"{base}/reopen", data={"reason": "Ghi nhầm kết quả"})
    return wrong


def _run(app, login, make_user, scenario, relation, role) -> list[str]:
    app.config["WTF_CSRF_ENABLED"] = False
    world = _world(app, make_user, scenario)
    if role == "head":
        client = login("inspector", scenario["conducting"], username="truong-doan")
    else:
        client = login(role, scenario[relation], username=f"{role}-{relation}")
    return _act(app, client, world, _expected(relation, role))


@pytest.mark.parametrize(("relation", "role"), _principals(EXTERNAL))
def test_the_districts_inspection_of_a_commune(app, login, make_user, relation, role):
    wrong = _run(app, login, make_user, EXTERNAL, relation, role)
    assert not wrong, f"{role} of the {relation} unit ({EXTERNAL[relation]}): {wrong}"


@pytest.mark.parametrize(("relation", "role"), _principals(SELF))
def test_a_communes_self_inspection(app, login, make_user, relation, role):
    wrong = _run(app, login, make_user, SELF, relation, role)
    assert not wrong, f"{role} of the {relation} unit ({SELF[relation]}): {wrong}"


def test_the_inspected_communes_admin_only_reads_the_districts_verdict(app, login, make_user):
    """The reported attack, step by step: nothing the commune's admin sends changes it."""
    app.config["WTF_CSRF_ENABLED"] = False
    world = _world(app, make_user, EXTERNAL)
    base = f"/staff/inspections/{world['i']}"
    admin = login("admin", "ngoc-ky")
    assert admin.get(base).status_code == 200
    assert admin.get(f"/staff/minutes/{world['i']}.docx").status_code == 200
    refused = admin.post(f"{base}/conclusion", data={"conclusion": "Xuất sắc."})
    assert refused.status_code == 403
    assert "Chỉ trưởng đoàn" in refused.get_data(as_text=True)
    assert admin.post(f"{base}/finalise").status_code == 403
    with app.app_context():
        row = (
            get_db()
            .execute("SELECT conclusion, status FROM inspections WHERE id = ?", [world["i"]])
            .fetchone()
        )
    assert row == ("", "draft")


# Unit pages: the account's unit is the resource's unit, above it, below it, or beside it.
UNIT_CASES = {
    # resource unit: {relation: account unit}
    "ngoc-ky": {"self": "ngoc-ky", "parent": "tu-ky", "sibling": "tan-ky"},
    "tu-ky": {"self": "tu-ky", "parent": "hai-duong", "child": "ngoc-ky", "sibling": "thanh-ha"},
}


def _unit_world(app, make_user, code: str) -> dict:
    _add_sibling_district(app)
    target = make_user(f"muc-tieu-{code}", "staff", code)
    with app.test_request_context():
        from core.units import add_counter, get_counter, get_unit_by_code
        from forms.registry import get_form
        from results.paper import enter_batch, slips_from_counts

        unit = get_unit_by_code(code)
        if code != "ngoc-ky":
            add_counter(unit, "tu-phap", "Tư pháp", 0)
        form = get_form("hai-long")
        counter = get_counter(unit, "tu-phap")
        batch = enter_batch(
            get_db(),
            form,
            unit,
            counter,
            date(2022, 9, 1),
            slips_from_counts(form, {"hai-long": 2}),
            user_id=target.id,
            key=f"lo-{code}-0001",
        )
    return {"u": code, "b": batch, "user": target.id, "c": counter.id}


def _unit_routes(w: dict) -> list[tuple[str, str, str, int, dict]]:
    """(who may, method, URL, status when allowed, request options) of the unit pages."""
    r, p = f"/staff/results/{w['u']}/hai-long", f"/staff/units/{w['u']}/forms"
    a = "/staff/admin"
    return [
        ("results", "GET", r, 200, {}),
        ("results", "GET", f"{r}/chart/summary.svg?period=all", 200, {}),
        ("results", "GET", f"{r}/export.csv", 200, {}),
        ("results", "GET", f"{r}/export.xlsx", 200, {}),
        ("results", "GET", f"{r}/paper", 200, {}),
        ("results", "GET", f"/staff/results/{w['u']}/sipas/paper/slip", 200, {}),
        ("results", "GET", f"{r}/paper/{w['b']}/withdraw", 200, {}),
        ("results", "GET", f"{p}/", 200, {}),
        ("results", "GET", f"{p}/hai-long/poster?counter=tu-phap", 200, {}),
        ("results", "GET", f"{p}/hai-long/qr.svg", 200, {}),
        ("admin", "GET", f"{a}/units/{w['u']}", 200, {}),
        ("results", "POST", f"{r}/paper", 422, {}),
        ("results", "POST", f"{r}/paper/{w['b']}/withdraw", 422, {}),
        ("results", "POST", f"/staff/results/{w['u']}/sipas/paper/slip", 400, {}),
        ("admin", "POST", f"{a}/units/{w['u']}/counters", 400, {}),
        ("admin", "POST", f"{a}/users/{w['user']}/password", 200, {}),
        ("admin", "POST", f"{a}/counters/{w['c']}/toggle", 302, {}),
        ("admin", "POST", f"{a}/users/{w['user']}/toggle", 302, {}),
        ("results", "POST", f"{p}/hai-long/close", 302, {}),
    ]


@pytest.mark.parametrize(
    ("resource", "relation", "role"),
    [
        (resource, relation, role)
        for resource, relations in UNIT_CASES.items()
        for relation in relations
        for role in ROLES
    ],
)
def test_unit_pages_follow_the_unit_tree(app, login, make_user, resource, relation, role):
    app.config["WTF_CSRF_ENABLED"] = False
    world = _unit_world(app, make_user, resource)
    client = login(role, UNIT_CASES[resource][relation], username=f"{role}-{relation}")
    sees = relation in ("self", "parent")
    may = {"results": sees and role != "inspector", "admin": sees and role == "admin"}
    wrong = []
    for who, method, url, ok, options in _unit_routes(world):
        with app.app_context():
            before = _snapshot()
        got = client.open(url, method=method, **options).status_code
        wanted = ok if may[who] else 403
        if got != wanted:
            wrong.append(f"{method} {url}: {got}, wanted {wanted}")
        if wanted == 403 and method == "POST":
            with app.app_context():
                if _snapshot() != before:
                    wrong.append(f"{method} {url}: refused but the database changed")
    assert not wrong, f"{role} of the {relation} unit of {resource}: {wrong}"
