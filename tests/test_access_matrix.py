"""Every route x every principal: the exact status each must get (issue #6).

The table is the specification. A route added to the app without a row here
fails test_every_route_is_classified, so each new page must be thought about.
Each principal gets a fresh database and a fresh client per request; POSTs
carry no body (CSRF is switched off here; test_security_csrf checks it), so an
allowed user meets the form's own validation (400/422) or the action itself.
"""

import io
from datetime import date

import pytest

from core.db import get_db
from tests.inspection_helpers import make_inspection

# Principals: anonymous; the four roles in Ngọc Kỳ (admin at the province above
# it); and an admin of the neighbouring commune Tân Kỳ, who must see nothing of
# Ngọc Kỳ although admin holds every role.
PRINCIPALS = ("anon", "staff", "secretary", "inspector", "admin", "other")
LOGIN = {
    "staff": ("staff", "ngoc-ky"),
    "secretary": ("secretary", "ngoc-ky"),
    "inspector": ("inspector", "ngoc-ky"),
    "admin": ("admin", "hai-duong"),
    "other": ("admin", "tan-ky"),
}
L = 302  # anonymous staff pages redirect to the login page


def row(anon, staff, secretary, inspector, admin, other) -> dict[str, int]:
    return dict(zip(PRINCIPALS, (anon, staff, secretary, inspector, admin, other), strict=True))


# {i} inspection of Ngọc Kỳ, {b} paper batch, {u} a staff account of Ngọc Kỳ,
# {c} a counter of Ngọc Kỳ, {s} a stored submission, {p} a photo of the inspection,
# {a} and {k} an area and an item of the checklist, {q} a paired kiosk at a counter.

TABLE: list[tuple[tuple[str, str, str], dict[str, int]]] = [
    # (endpoint, method, URL):              anon, staff, secretary, inspector, admin, other
    # Public pages.
    (("static", "GET", "/static/style.css"), row(200, 200, 200, 200, 200, 200)),
    # The tablet's service worker: static code, served under /staff/inspections/ for its scope.
    (
        ("inspections.offline_worker", "GET", "/staff/inspections/offline-worker.js"),
        row(200, 200, 200, 200, 200, 200),
    ),
    (("forms.healthz", "GET", "/healthz"), row(200, 200, 200, 200, 200, 200)),
    (
        ("forms.fill", "GET", "/f/ngoc-ky/hai-long?counter=tu-phap"),
        row(200, 200, 200, 200, 200, 200),
    ),
    (("forms.thanks", "GET", "/f/ngoc-ky/hai-long/cam-on/{s}"), row(200, 200, 200, 200, 200, 200)),
    (("auth.login", "GET", "/staff/login"), row(200, 302, 302, 302, 302, 302)),
    # The kiosk's own pages (issue #17): only a paired tablet's cookie opens them.
    (("kiosk.pair", "GET", "/k/ghep/not-a-pairing-token"), row(404, 404, 404, 404, 404, 404)),
    (("kiosk.screen", "GET", "/k/"), row(403, 403, 403, 403, 403, 403)),
    (("kiosk.status", "GET", "/k/trang-thai"), row(403, 403, 403, 403, 403, 403)),
    # Staff pages.
    (("staff.home", "GET", "/staff/"), row(L, 200, 200, 200, 200, 200)),
    (("account.password", "GET", "/staff/password"), row(L, 200, 200, 200, 200, 200)),
    (("admin.unit", "GET", "/staff/admin/units/ngoc-ky"), row(L, 403, 403, 403, 200, 403)),
    # Publishing forms (issue #16): province and district admins, into their own subtree.
    (
        ("definitions.index", "GET", "/staff/admin/units/ngoc-ky/definitions/"),
        row(L, 403, 403, 403, 200, 403),
    ),
    (
        (
            "checklist_definitions.index",
            "GET",
            "/staff/admin/units/ngoc-ky/definitions/checklists/",
        ),
        row(L, 403, 403, 403, 200, 403),
    ),
    (("posters.index", "GET", "/staff/units/ngoc-ky/forms/"), row(L, 200, 200, 403, 200, 403)),
    (
        ("posters.poster", "GET", "/staff/units/ngoc-ky/forms/hai-long/poster?counter=tu-phap"),
        row(L, 200, 200, 403, 200, 403),
    ),
    (
        ("posters.qr_file", "GET", "/staff/units/ngoc-ky/forms/hai-long/qr.svg"),
        row(L, 200, 200, 403, 200, 403),
    ),
    (
        ("results.results", "GET", "/staff/results/ngoc-ky/hai-long"),
        row(L, 200, 200, 403, 200, 403),
    ),
    (
        # The page's charts (issue #18), under the page's checks.
        ("results.chart", "GET", "/staff/results/ngoc-ky/hai-long/chart/summary.svg"),
        row(L, 200, 200, 403, 200, 403),
    ),
    (
        ("results.download", "GET", "/staff/results/ngoc-ky/hai-long/export.csv"),
        row(L, 200, 200, 403, 200, 403),
    ),
    (
        ("results.paper_batches", "GET", "/staff/results/ngoc-ky/hai-long/paper"),
        row(L, 200, 200, 403, 200, 403),
    ),
    (
        ("results.withdraw", "GET", "/staff/results/ngoc-ky/hai-long/paper/{b}/withdraw"),
        row(L, 200, 200, 403, 200, 403),
    ),
    (
        # No burst is flagged in this world: role and unit are checked before the lookup.
        (
            "results.withdraw_burst",
            "GET",
            "/staff/results/ngoc-ky/hai-long/bursts/{c}/9/9/withdraw",
        ),
        row(L, 404, 404, 403, 404, 403),
    ),
    (
        ("results.paper_slip", "GET", "/staff/results/ngoc-ky/sipas/paper/slip"),
        row(L, 200, 200, 403, 200, 403),
    ),
    (("kiosk_staff.index", "GET", "/staff/kiosk/ngoc-ky/"), row(L, 200, 200, 403, 200, 403)),
    (
        ("kiosk_staff.officers", "GET", "/staff/kiosk/ngoc-ky/can-bo/hai-long"),
        row(L, 200, 200, 403, 200, 403),
    ),
    (("inspections.index", "GET", "/staff/inspections/"), row(L, 403, 200, 200, 200, 200)),
    (("inspections.new", "GET", "/staff/inspections/new"), row(L, 403, 403, 200, 200, 200)),
    (("inspections.show", "GET", "/staff/inspections/{i}"), row(L, 403, 200, 200, 200, 403)),
    (
        ("inspections.area", "GET", "/staff/inspections/{i}/areas/{a}"),
        row(L, 403, 200, 200, 200, 403),
    ),
    (
        ("inspections.compare", "GET", "/staff/inspections/{i}/compare"),
        row(L, 403, 404, 404, 404, 403),
    ),
    (
        ("inspections.fresh_token", "GET", "/staff/inspections/{i}/csrf"),
        row(L, 403, 200, 200, 200, 403),
    ),
    (
        ("inspections.history", "GET", "/staff/inspections/{i}/history"),
        row(L, 403, 200, 200, 200, 403),
    ),
    (
        ("inspections.photo", "GET", "/staff/inspections/{i}/photos/{p}.jpg"),
        row(L, 403, 200, 200, 200, 403),
    ),
    (("minutes.preview", "GET", "/staff/minutes/{i}"), row(L, 403, 200, 403, 200, 403)),
    # Corrective actions (issue #15): {t} an action of {i} reported fixed, {e} its photo.
    (("actions.index", "GET", "/staff/actions/"), row(L, 200, 200, 200, 200, 200)),
    (
        ("actions.for_inspection", "GET", "/staff/actions/inspections/{i}"),
        row(L, 200, 200, 200, 200, 403),
    ),
    (
        ("actions.followup_report", "GET", "/staff/actions/inspections/{i}/report.pdf"),
        row(L, 200, 200, 200, 200, 403),
    ),
    (("actions.show", "GET", "/staff/actions/{t}"), row(L, 200, 200, 200, 200, 403)),
    (("actions.review", "GET", "/staff/actions/{t}/review"), row(L, 403, 200, 200, 200, 403)),
    (
        ("actions.photo", "GET", "/staff/actions/{t}/photos/{e}.jpg"),
        row(L, 200, 200, 200, 200, 403),
    ),
    (("minutes.download", "GET", "/staff/minutes/{i}.docx"), row(L, 403, 200, 403, 200, 403)),
    # Actions, the lasting ones last so earlier rows see the data unchanged.
    (
        ("forms.fill", "POST", "/f/ngoc-ky/hai-long?counter=tu-phap"),
        row(400, 400, 400, 400, 400, 400),
    ),
    (
        ("forms.send", "POST", "/f/ngoc-ky/hai-long/gui?counter=tu-phap"),
        row(400, 400, 400, 400, 400, 400),
    ),
    (("auth.login", "POST", "/staff/login"), row(400, 302, 302, 302, 302, 302)),
    (("kiosk.pair", "POST", "/k/ghep/not-a-pairing-token"), row(404, 404, 404, 404, 404, 404)),
    # Not JSON: refused before the kiosk is looked for (test_kiosk checks the 403).
    (("kiosk.rate", "POST", "/k/danh-gia"), row(400, 400, 400, 400, 400, 400)),
    (
        ("kiosk_staff.pair", "POST", "/staff/kiosk/ngoc-ky/quay/tu-phap/ghep"),
        row(L, 200, 200, 403, 200, 403),
    ),
    (
        ("kiosk_staff.unpair", "POST", "/staff/kiosk/ngoc-ky/may/{q}/go"),
        row(L, 302, 302, 403, 302, 403),
    ),
    (
        ("kiosk_staff.on_duty", "POST", "/staff/kiosk/ngoc-ky/quay/tu-phap/truc"),
        row(L, 302, 302, 403, 302, 403),
    ),
    (
        ("kiosk_staff.off_duty", "POST", "/staff/kiosk/ngoc-ky/quay/tu-phap/het-truc"),
        row(L, 302, 302, 403, 302, 403),
    ),
    (
        ("definitions.preview", "POST", "/staff/admin/units/ngoc-ky/definitions/preview"),
        row(L, 403, 403, 403, 400, 403),
    ),
    (
        ("definitions.publish", "POST", "/staff/admin/units/ngoc-ky/definitions/publish"),
        row(L, 403, 403, 403, 400, 403),
    ),
    (
        (
            "checklist_definitions.preview",
            "POST",
            "/staff/admin/units/ngoc-ky/definitions/checklists/preview",
        ),
        row(L, 403, 403, 403, 400, 403),
    ),
    (
        (
            "checklist_definitions.publish",
            "POST",
            "/staff/admin/units/ngoc-ky/definitions/checklists/publish",
        ),
        row(L, 403, 403, 403, 400, 403),
    ),
    (
        ("admin.add_counter", "POST", "/staff/admin/units/ngoc-ky/counters"),
        row(L, 403, 403, 403, 400, 403),
    ),
    (
        ("admin.add_unit", "POST", "/staff/admin/units/ngoc-ky/units"),
        row(L, 403, 403, 403, 400, 403),
    ),
    (
        ("admin.add_user", "POST", "/staff/admin/units/ngoc-ky/users"),
        row(L, 403, 403, 403, 400, 403),
    ),
    (
        ("admin.reset_password", "POST", "/staff/admin/users/{u}/password"),
        row(L, 403, 403, 403, 200, 403),
    ),
    (
        ("results.paper_batches", "POST", "/staff/results/ngoc-ky/hai-long/paper"),
        row(L, 422, 422, 403, 422, 403),
    ),
    (
        # No body at all is not a slip: 400 before any validation.
        ("results.paper_slip", "POST", "/staff/results/ngoc-ky/sipas/paper/slip"),
        row(L, 400, 400, 403, 400, 403),
    ),
    (
        ("results.withdraw", "POST", "/staff/results/ngoc-ky/hai-long/paper/{b}/withdraw"),
        row(L, 422, 422, 403, 422, 403),
    ),
    (
        (
            "results.withdraw_burst",
            "POST",
            "/staff/results/ngoc-ky/hai-long/bursts/{c}/9/9/withdraw",
        ),
        row(L, 404, 404, 403, 404, 403),
    ),
    (("inspections.new", "POST", "/staff/inspections/new"), row(L, 403, 403, 422, 422, 422)),
    (
        ("inspections.save_item", "POST", "/staff/inspections/{i}/items/{k}"),
        row(L, 403, 403, 400, 400, 403),
    ),
    (
        ("inspections.save_area", "POST", "/staff/inspections/{i}/areas/{a}"),
        row(L, 403, 403, 302, 302, 403),
    ),
    (
        ("inspections.upload_photo", "POST", "/staff/inspections/{i}/items/{k}/photos"),
        row(L, 403, 403, 422, 422, 403),
    ),
    (
        ("inspections.conclude", "POST", "/staff/inspections/{i}/conclusion"),
        row(L, 403, 403, 403, 302, 403),
    ),
    (
        ("admin.toggle_counter", "POST", "/staff/admin/counters/{c}/toggle"),
        row(L, 403, 403, 403, 302, 403),
    ),
    (
        ("admin.close_counter", "GET", "/staff/admin/counters/{c}/close"),
        row(L, 403, 403, 403, 200, 403),
    ),
    (
        ("admin.close_counter", "POST", "/staff/admin/counters/{c}/close"),
        row(L, 403, 403, 403, 302, 403),
    ),
    (
        ("admin.confirm_reset_password", "GET", "/staff/admin/users/{u}/password"),
        row(L, 403, 403, 403, 200, 403),
    ),
    (
        ("admin.toggle_user", "POST", "/staff/admin/users/{u}/toggle"),
        row(L, 403, 403, 403, 302, 403),
    ),
    (
        ("posters.close", "GET", "/staff/units/ngoc-ky/forms/hai-long/close"),
        row(L, 200, 200, 403, 200, 403),
    ),
    (
        ("posters.close", "POST", "/staff/units/ngoc-ky/forms/hai-long/close"),
        row(L, 302, 302, 403, 302, 403),
    ),
    (
        ("posters.reopen", "POST", "/staff/units/ngoc-ky/forms/hai-long/reopen"),
        row(L, 302, 302, 403, 302, 403),
    ),
    # Finalising is confirmed on its own page; the world's inspection has unticked items,
    # so the conducting admin's POST is refused with the list of them (issue #14).
    (
        ("inspections.finalise", "GET", "/staff/inspections/{i}/finalise"),
        row(L, 403, 403, 403, 200, 403),
    ),
    (
        ("inspections.finalise", "POST", "/staff/inspections/{i}/finalise"),
        row(L, 403, 403, 403, 422, 403),
    ),
    (
        ("inspections.reopen", "POST", "/staff/inspections/{i}/reopen"),
        row(L, 403, 403, 403, 422, 403),
    ),
    (
        ("actions.for_inspection", "POST", "/staff/actions/inspections/{i}"),
        row(L, 403, 422, 422, 422, 403),
    ),
    # The inspected unit reports; the province's admin verifies but does not report.
    (("actions.report", "POST", "/staff/actions/{t}/report"), row(L, 422, 422, 422, 403, 403)),
    (("actions.review", "POST", "/staff/actions/{t}/review"), row(L, 403, 422, 422, 422, 403)),
    (("account.password", "POST", "/staff/password"), row(L, 400, 400, 400, 400, 400)),
    (("auth.logout", "POST", "/staff/logout"), row(302, 302, 302, 302, 302, 302)),
]


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def make_world(app, make_user) -> dict[str, str]:
    """The records the URLs point at, all in Ngọc Kỳ."""
    target = make_user("muc-tieu", "staff", "ngoc-ky")
    with app.test_request_context():
        from core.units import get_counter, get_unit_by_code
        from forms.registry import get_form
        from forms.store import store_response
        from inspections.checklist import load_checklists
        from inspections.photos import store_photo
        from results.paper import enter_batch, slips_from_counts

        unit = get_unit_by_code("ngoc-ky")
        form = get_form("hai-long")
        stored = store_response(
            get_db(), form, unit, {"muc-do": "hai-long"}, submission_id="da-gui-0123456789abc"
        )
        assert stored.created
        batch = enter_batch(
            get_db(),
            form,
            unit,
            get_counter(unit, "tu-phap"),
            date(2022, 9, 1),
            slips_from_counts(form, {"hai-long": 2}),
            user_id=target.id,
            key="ma-lo-0001",
        )
        inspection = make_inspection()
        checklist = load_checklists()["cchc-cong-vu"]
        area = checklist.areas[0]
        photo = store_photo(inspection, area.items[0].key, _jpeg(), target.id)
        from kiosk import devices

        token = devices.create_pairing(unit, get_counter(unit, "tu-phap"), "hai-long", target.id)
        assert devices.use_pairing(token) is not None
        kiosk_id = get_db().execute("SELECT max(id) FROM kiosks").fetchone()[0]
        from actions import store as actions_store

        action = actions_store.add_action(
            inspection, area.items[0].key, "Khắc phục", unit.id, "", "2022-12-31", target.id
        )
        actions_store.take_step(action, "fixed", "Đã khắc phục.", target.id, unit.id)
        evidence = actions_store.add_photo(action, _jpeg(), target.id, unit.id)
        return {
            "s": "da-gui-0123456789abc",
            "b": str(batch),
            "u": str(target.id),
            "c": str(get_counter(unit, "quan-su").id),
            "i": str(inspection),
            "a": area.key,
            "k": area.items[0].key,
            "p": photo.sha256,
            "q": str(kiosk_id),
            "t": str(action),
            "e": evidence,
        }


def _client(app, login, principal: str):
    if principal == "anon":
        return app.test_client()
    role, unit = LOGIN[principal]
    return login(role, unit, username=principal)


def statuses(app, login, make_user, principal: str) -> dict[tuple[str, str, str], int]:
    """What each route answers this principal, in the order of ROUTES."""
    app.config["WTF_CSRF_ENABLED"] = False
    world = make_world(app, make_user)
    found = {}
    for key, _ in TABLE:
        endpoint, method, template = key
        client = _client(app, login, principal)
        response = client.open(template.format(**world), method=method)
        found[key] = response.status_code
        if principal == "anon" and response.status_code == L:
            assert "/staff/login" in response.headers["Location"] or endpoint == "auth.logout"
    return found


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_each_principal_gets_exactly_the_intended_answer(app, login, make_user, principal):
    found = statuses(app, login, make_user, principal)
    expected = {key: wanted[principal] for key, wanted in TABLE}
    wrong = {
        f"{m} {url} ({e})": (expected[(e, m, url)], got)
        for (e, m, url), got in found.items()
        if got != expected[(e, m, url)]
    }
    assert not wrong, f"(expected, got) for {principal}: {wrong}"


def test_every_route_is_classified(app):
    """A new route, or a new method on one, needs its row in TABLE."""
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    classified = {(endpoint, method) for (endpoint, method, _), _ in TABLE}
    assert routes - classified == set(), "routes missing from the access table"
    assert classified - routes == set(), "rows for routes that no longer exist"


def test_another_units_admin_sees_no_ngoc_ky_data_in_pages_they_may_open(app, login, make_user):
    """Pages the neighbour's admin may open list nothing of Ngọc Kỳ."""
    world = make_world(app, make_user)
    other = login("admin", "tan-ky", username="other")
    for path in ("/staff/", "/staff/inspections/", "/staff/actions/"):
        html = other.get(path).get_data(as_text=True)
        assert "Ngọc Kỳ" not in html and "ngoc-ky" not in html
        assert f"/staff/inspections/{world['i']}" not in html
