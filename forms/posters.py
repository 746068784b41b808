"""Staff pages for a unit's forms: QR posters per counter, QR downloads, close and reopen."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from auth.access import visible_unit
from auth.staff import ORDER_POSTERS, Link, provide_links
from core.units import Counter, Unit, counters, get_counter
from forms.closures import close_form, closed_slugs, reopen_form
from forms.qr import KINDS, file_name, form_url, public_url_warning, qr_image
from forms.registry import get_form, get_forms

bp = Blueprint("posters", __name__, url_prefix="/staff/units/<unit_code>/forms")
ROLES = ("staff", "secretary")
SIZES = ("a5", "a4")


@provide_links
def qr_links(unit: Unit, user) -> list[Link]:
    """'Print QR posters' for units with a one-stop shop, for staff and secretaries."""
    unit_counters = counters(unit)
    if not user.has_role(*ROLES) or not unit_counters:
        return []
    closed = closed_slugs(unit)
    seen = get_forms(unit)
    open_forms = sum(1 for slug in seen if slug not in closed)
    return [
        Link(
            _("In mã QR cho các quầy"),
            url_for("posters.index", unit_code=unit.code),
            _(
                "%(counters)d quầy; %(open)d phiếu đang nhận đánh giá, %(closed)d đã đóng",
                counters=len(unit_counters),
                open=open_forms,
                closed=len(seen) - open_forms,
            ),
            order=ORDER_POSTERS,
        )
    ]


@bp.url_value_preprocessor
def pull_unit_and_form(endpoint: str | None, values: dict) -> None:
    """Put the URL's unit (and form, if it names one) on g, refusing who may not see them."""
    g.unit = visible_unit(values.pop("unit_code"), *ROLES)
    if "slug" in values:
        form_def = get_form(values.pop("slug"), g.unit)
        if form_def is None:
            abort(404)
        g.form_def = form_def


@bp.url_defaults
def add_unit_and_form(endpoint: str, values: dict) -> None:
    """Link within the same unit (and form) unless url_for names others."""
    if "unit" in g:
        values.setdefault("unit_code", g.unit.code)
    if "form_def" in g and current_app.url_map.is_endpoint_expecting(endpoint, "slug"):
        values.setdefault("slug", g.form_def.slug)


def _counter(unit: Unit) -> Counter | None:
    """The ?counter= of the request: absent means the unit's general code."""
    code = request.args.get("counter", "")
    if not code:
        return None
    counter = get_counter(unit, code)
    if counter is None:
        abort(404)
    return counter


@bp.route("/")
def index():
    """Each form of the unit: open or closed, and a poster per counter."""
    unit = g.unit
    return render_template(
        "forms/unit_forms.html",
        unit=unit,
        forms=list(get_forms(unit).values()),
        counters=counters(unit),
        closed=closed_slugs(unit),
        form_url=form_url,
    )


@bp.route("/<slug>/poster")
def poster():
    """A printable A5 or A4 poster: unit, counter, the call to scan, the code, the URL."""
    unit, form = g.unit, g.form_def
    counter = _counter(unit)
    size = request.args.get("size", "a5")
    if size not in SIZES:
        size = "a5"
    return render_template(
        "forms/poster.html",
        unit=unit,
        form_def=form,
        counter=counter,
        size=size,
        url=form_url(unit, form.slug, counter),
        url_warning=public_url_warning(),
    )


@bp.route("/<slug>/qr.<kind>")
def qr_file(kind: str):
    """The QR code as a PNG or SVG file."""
    unit, form = g.unit, g.form_def
    if kind not in KINDS:
        abort(404)
    counter = _counter(unit)
    image = qr_image(form_url(unit, form.slug, counter), kind)
    response = Response(image, mimetype="image/png" if kind == "png" else "image/svg+xml")
    if request.args.get("download"):
        name = file_name(unit, form.slug, counter, kind)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/<slug>/close", methods=["GET", "POST"])
def close():
    """Confirm, then stop a form taking responses at this unit: its URL answers 410.

    The GET says what will happen; the POST (with its CSRF token) is the confirmation.
    """
    unit, form = g.unit, g.form_def
    if request.method == "GET":
        return render_template(
            "staff/confirm.html",
            heading=_("Đóng phiếu “%(title)s”?", title=form.title),
            facts=[(_("Đơn vị"), unit.name), (_("Địa chỉ phiếu"), form_url(unit, form.slug, None))],
            consequences=[
                _(
                    "Mọi mã QR đã in của phiếu này tại %(unit)s, kể cả mã của từng quầy,"
                    " sẽ báo phiếu đã đóng; công dân không gửi được đánh giá.",
                    unit=unit.name,
                ),
                _("Các đánh giá đã nhận được giữ nguyên và vẫn được tính."),
                _("Có thể mở lại phiếu bất cứ lúc nào trên trang này."),
            ],
            action=url_for("posters.close"),
            button=_("Đóng phiếu"),
            back=url_for("posters.index"),
        )
    if close_form(unit, form.slug, current_user.id):
        flash(_("Đã đóng phiếu “%(title)s”.", title=form.title), "success")
    else:
        flash(_("Phiếu “%(title)s” đã được đóng từ trước.", title=form.title), "success")
    return redirect(url_for("posters.index"))


@bp.route("/<slug>/reopen", methods=["POST"])
def reopen():
    """Take responses again."""
    unit, form = g.unit, g.form_def
    reopen_form(unit, form.slug, current_user.id)
    flash(_("Đã mở lại phiếu “%(title)s”.", title=form.title), "success")
    return redirect(url_for("posters.index"))
