"""Staff pages of the kiosk (issue #17): pair and unpair tablets, duty, results by officer."""

from __future__ import annotations

import base64

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from auth.access import check_unit, role_required
from auth.staff import ORDER_KIOSK, Link, provide_links
from core.errors import fail
from core.units import Counter, Unit, counters, get_counter, get_unit_by_code, subtree
from forms.qr import qr_image
from forms.registry import get_form, get_forms
from kiosk import devices, duty

bp = Blueprint("kiosk_staff", __name__, url_prefix="/staff/kiosk/<unit_code>")
ROLES = ("staff", "secretary")  # and admin, who holds every role
# Who sees every officer's results; an officer of the one-stop shop sees their own.
LEADERS = ("secretary",)
CHANNELS = ("qr", "kiosk")


@provide_links
def kiosk_links(unit: Unit, user) -> list[Link]:
    """'Counter kiosks' and 'results by officer' for units with counters."""
    if not user.has_role(*ROLES) or not counters(unit):
        return []
    return [
        Link(
            _("Máy đánh giá tại quầy, cán bộ trực"),
            url_for("kiosk_staff.index", unit_code=unit.code),
            _("%(n)d máy đang ghép", n=len(devices.paired_kiosks(unit))),
            order=ORDER_KIOSK,
        ),
        Link(
            _("Kết quả đánh giá theo cán bộ"),
            url_for("kiosk_staff.officers", unit_code=unit.code, slug="hai-long"),
            order=ORDER_KIOSK + 1,
        ),
    ]


def _unit(unit_code: str) -> Unit:
    return check_unit(get_unit_by_code(unit_code))


def _counter(unit: Unit, code: str) -> Counter:
    counter = get_counter(unit, code)
    if counter is None:
        abort(404)
    return counter


@bp.route("/")
@role_required(*ROLES)
def index(unit_code: str):
    """Each counter: its officer on duty, its paired kiosks, and a button to pair one."""
    unit = _unit(unit_code)
    kiosks = devices.paired_kiosks(unit)
    return render_template(
        "kiosk/index.html",
        unit=unit,
        duties=duty.duties(unit),
        kiosks={
            d.counter.id: [k for k in kiosks if k.counter_id == d.counter.id]
            for d in duty.duties(unit)
        },
        forms=devices.kiosk_forms(get_forms(unit)),
    )


@bp.route("/quay/<counter_code>/ghep", methods=["POST"])
@role_required(*ROLES)
def pair(unit_code: str, counter_code: str):
    """A pairing QR code and link for a counter: ten minutes, one use."""
    unit = _unit(unit_code)
    counter = _counter(unit, counter_code)
    form = get_form(request.form.get("form", "hai-long"), unit)
    if form is None or form not in devices.kiosk_forms(get_forms(unit)):
        fail(400, _("Phiếu này không dùng được trên máy đánh giá tại quầy."))
    token = devices.create_pairing(unit, counter, form.slug, current_user.id)
    url = devices.pairing_url(token)
    svg = base64.b64encode(qr_image(url, "svg")).decode()
    return render_template(
        "kiosk/pair_link.html",
        unit=unit,
        counter=counter,
        form_def=form,
        url=url,
        qr=f"data:image/svg+xml;base64,{svg}",
        minutes=int(devices.PAIRING_TTL.total_seconds() // 60),
    )


@bp.route("/may/<int:kiosk_id>/go", methods=["POST"])
@role_required(*ROLES)
def unpair(unit_code: str, kiosk_id: int):
    """Unpair a kiosk: its next request is refused and its screen stops."""
    unit = _unit(unit_code)
    if not devices.unpair(unit, kiosk_id, current_user.id):
        abort(404)
    flash(_("Đã gỡ ghép máy đánh giá. Máy sẽ ngừng nhận đánh giá ngay."), "success")
    return redirect(url_for("kiosk_staff.index", unit_code=unit.code))


@bp.route("/quay/<counter_code>/truc", methods=["POST"])
@role_required(*ROLES)
def on_duty(unit_code: str, counter_code: str):
    """Mark the signed-in officer on duty at a counter (off duty at any other)."""
    unit = _unit(unit_code)
    counter = _counter(unit, counter_code)
    duty.go_on_duty(counter, current_user.id)
    flash(_("Ông/bà đang trực tại %(counter)s.", counter=counter.name), "success")
    return redirect(url_for("kiosk_staff.index", unit_code=unit.code))


@bp.route("/quay/<counter_code>/het-truc", methods=["POST"])
@role_required(*ROLES)
def off_duty(unit_code: str, counter_code: str):
    """End the signed-in officer's duty at a counter."""
    unit = _unit(unit_code)
    counter = _counter(unit, counter_code)
    if duty.end_duty(counter, current_user.id):
        flash(_("Đã kết thúc ca trực tại %(counter)s.", counter=counter.name), "success")
    return redirect(url_for("kiosk_staff.index", unit_code=unit.code))


@bp.route("/can-bo/<slug>")
@role_required(*ROLES)
def officers(unit_code: str, slug: str):
    """Ratings per officer on duty: every officer for leaders, their own for an officer."""
    from results.periods import KINDS
    from results.query import read_filters

    unit = _unit(unit_code)
    form = get_form(slug, unit)
    if form is None or form.summary is None:
        fail(404, _("Không có phiếu khảo sát này."))
    # A day that does not exist is explained beside its box, not on a bare 400 page.
    filters, errors = read_filters(request.args, unit, CHANNELS)
    leader = current_user.has_role(*LEADERS)
    rows = []
    if filters is not None:
        rows = duty.by_officer(
            form,
            [u.id for u in subtree(unit)],
            filters.period.bounds,
            filters.channel,
            None if leader else current_user.id,
            filters.counter_id,
        )
    summary = form.question(form.summary)
    return render_template(
        "kiosk/officers.html",
        unit=unit,
        form_def=form,
        rows=rows,
        levels=summary.options if summary else (),
        satisfied=form.satisfied,
        period=filters.period if filters else None,
        kinds=KINDS,
        args=request.args,
        errors=errors,
        summary=[(name, message) for name, message in errors.items()],
        leader=leader,
        counters=counters(unit),
    ), (400 if errors else 200)
