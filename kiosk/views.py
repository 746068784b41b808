"""The kiosk's own pages (issue #17): pairing a tablet, the rating screen, its posts.

Every route but pairing answers 403 to a browser that holds no paired kiosk's
credential: the credential cookie is the kiosk's only key, sent only to /k/
(SameSite=Strict, so no other site can make the tablet post with it).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from core.db import get_db
from core.errors import fail, render_error
from core.ratelimit import Limit, RateLimited
from forms.answers import parse_answers
from forms.citizen_csrf import cross_origin
from forms.expand import expand_after_submission
from forms.registry import get_form
from forms.store import store_response
from kiosk import devices
from kiosk.devices import COOKIE, Kiosk

bp = Blueprint("kiosk", __name__, url_prefix="/k")

SUBMISSION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
# A rating kept on the tablet through an outage keeps the moment it was tapped,
# up to a week back; the tablet sends how long ago that was, not its clock,
# which is often wrong on a tablet nobody sets.
MAX_WAIT = timedelta(days=7)
# Ten years: a kiosk stays paired until staff unpair it.
COOKIE_MAX_AGE = 10 * 365 * 24 * 3600


def _kiosk() -> Kiosk:
    """The paired kiosk of this browser, or 403: never paired, or unpaired since."""
    kiosk = devices.find_kiosk(request.cookies.get(COOKIE))
    if kiosk is None:
        fail(
            403,
            _(
                "Máy này chưa được ghép với quầy nào hoặc đã bị gỡ ghép. Cán bộ một cửa"
                " mở “Máy đánh giá tại quầy” để lấy liên kết ghép máy mới."
            ),
        )
    return kiosk


def _expired_link():
    fail(
        404,
        _(
            "Liên kết ghép máy không đúng, đã hết hạn (10 phút) hoặc đã được dùng."
            " Vui lòng tạo liên kết mới."
        ),
    )


@bp.route("/ghep/<token>", methods=["GET", "POST"])
def pair(token: str):
    """Show what a pairing link pairs with; its button turns this browser into the kiosk."""
    if request.method == "GET":
        pairing = devices.open_pairing(token)
        if pairing is None:
            _expired_link()
        form = get_form(pairing.form_slug, pairing.unit)
        return render_template("kiosk/pair.html", pairing=pairing, form_def=form)
    used = devices.use_pairing(token)
    if used is None:
        _expired_link()
    _pairing, credential = used
    response = redirect(url_for("kiosk.screen"), 303)
    response.set_cookie(
        COOKIE,
        credential,
        max_age=COOKIE_MAX_AGE,
        path=url_for("kiosk.screen"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Strict",
    )
    return response


@bp.route("/")
def screen():
    """The kiosk screen: waiting, one question at a time, thanks, and back."""
    kiosk = _kiosk()
    form = get_form(kiosk.form_slug, kiosk.unit)
    if form is None:
        fail(404, _("Không tìm thấy phiếu khảo sát này."))
    response = current_app.make_response(
        render_template(
            "kiosk/screen.html",
            kiosk=kiosk,
            form_def=form,
            rate_url=url_for("kiosk.rate"),
            status_url=url_for("kiosk.status"),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/trang-thai")
def status():
    """The kiosk's heartbeat: its counter and the officer on duty now."""
    kiosk = _kiosk()
    response = jsonify(counter=kiosk.counter.name, officer=kiosk.officer)
    response.headers["Cache-Control"] = "no-store"
    return response


def _bad(message: str):
    fail(400, message)


@bp.route("/danh-gia", methods=["POST"])
def rate():
    """Store one rating tapped on the kiosk, once per submission id (JSON in, JSON out)."""
    if not request.is_json:
        # Only the kiosk's script posts here, always JSON: a form post (what another
        # site could make a browser send without CORS) is refused before anything.
        _bad(_("Dữ liệu gửi lên phải là một đối tượng JSON hợp lệ."))
    if cross_origin(request):
        fail(403, _("Yêu cầu không đến từ trang của máy đánh giá."))
    kiosk = _kiosk()
    form = get_form(kiosk.form_slug, kiosk.unit)
    if form is None:
        fail(404, _("Không tìm thấy phiếu khảo sát này."))
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        _bad(_("Dữ liệu gửi lên phải là một đối tượng JSON hợp lệ."))
    submission_id = body.get("submission_id")
    if not isinstance(submission_id, str) or not SUBMISSION_ID.fullmatch(submission_id):
        _bad(_("Phiếu thiếu mã lần gửi. Vui lòng tải lại trang rồi gửi lại."))
    answers = body.get("answers")
    keys = {q.key for q in form.questions}
    if (
        not isinstance(answers, dict)
        or set(answers) - keys
        or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in answers.values()
        )
    ):
        _bad(_("Phiếu gửi lên có mục không thuộc phiếu này. Vui lòng tải lại trang."))
    waited = body.get("waited", 0)
    if not isinstance(waited, int | float) or isinstance(waited, bool) or not math.isfinite(waited):
        _bad(_("Dữ liệu gửi lên không đúng. Vui lòng thử lại."))
    parsed = parse_answers(form, {key: answers.get(key, []) for key in keys})
    if parsed.errors:
        return jsonify(error=_("Dữ liệu chưa hợp lệ"), errors=parsed.errors, status=422), 422
    now = datetime.now(UTC)
    tapped = now - min(max(timedelta(seconds=waited), timedelta(0)), MAX_WAIT)
    try:
        outcome = store_response(
            get_db(),
            form,
            kiosk.unit,
            parsed.answers,
            submission_id=submission_id,
            channel="kiosk",
            counter=kiosk.counter,
            submitted_at=tapped,
            # Not the citizens' per-address limit: a whole office may share one
            # address. One kiosk's own allowance, far above a counter's pace.
            limit=Limit(f"kiosk:{kiosk.id}", current_app.config["RATE_LIMIT_KIOSK"], 60),
        )
    except RateLimited as refused:
        response = current_app.make_response(
            render_error(429, _("Máy đánh giá gửi quá nhiều phiếu. Vui lòng đợi một phút."))
        )
        response.headers["Retry-After"] = str(refused.retry_after)
        return response
    if outcome.created:
        expand_after_submission(get_db(), outcome.response_id)
    return jsonify(stored=outcome.created), 201 if outcome.created else 200
