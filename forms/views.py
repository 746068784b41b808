"""Public citizen form pages: the form, its submission and the thank-you page (issue #2)."""

from __future__ import annotations

import re
import secrets
from urllib.parse import quote

from flask import (
    Blueprint,
    Flask,
    Request,
    Response,
    current_app,
    jsonify,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from core import fastpath
from core.db import get_db
from core.errors import fail, render_error
from core.i18n import current_language
from core.ratelimit import Limit, RateLimited, client_hash
from forms import citizen_csrf, citizen_input
from forms.answers import parse_answers
from forms.expand import expand_after_submission
from forms.store import CORRECTION_WINDOW, DuplicateReceipt, store_response
from forms.targets import Target, resolve

bp = Blueprint("forms", __name__)

# What secrets.token_urlsafe(16) produces, with room for other clients' ids.
SUBMISSION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


# Clean citizen form pages, rendered once per worker (core/fastpath.py).
form_pages = fastpath.RenderedOnce()


@bp.route("/f/<unit_code>/<slug>", methods=["GET", "POST"])
@bp.route("/f/<unit_code>/<slug>/gui", methods=["POST"], endpoint="send")
def fill(unit_code: str, slug: str):
    """Show a form, or take its submission.

    The page posts to /gui rather than to itself: a POST to a URL makes the
    browser drop its cached copy of that URL (RFC 9111 4.4), so Back after
    sending fetched the form again, with a new submission id, and a second send
    added a vote (issue #12, item 7). Posted elsewhere, the page kept for Back
    carries the first submission id, and a second send corrects the first. The
    form's own URL still takes a POST, from pages served before /gui existed.
    """
    # The request and the app themselves, not Flask's proxies to them: on Python
    # 3.11 every attribute read through a proxy first raises and swallows an
    # AttributeError (CPython gh-102213, fixed in 3.12), and a submission's
    # twenty such reads were 11 % of its instructions (docs/PERFORMANCE.md).
    req = request._get_current_object()
    target = resolve(unit_code, slug, req.args.get("counter", ""))
    if target.closed:
        fail(410, _("Phiếu khảo sát này đã đóng, không còn nhận ý kiến. Xin cảm ơn ông/bà."))
    if req.method != "POST":
        # GET, and HEAD (Flask routes it here; werkzeug drops the body): a look
        # at the page spends none of the submission allowance.
        return _render(target, secrets.token_urlsafe(16))
    return _submit(target, req, current_app._get_current_object())


def _submit(target: Target, req: Request, app: Flask):
    """Validate and store a submission once; every valid post ends on the thank-you page."""
    posted = citizen_input.read_posted(req, app.config["MAX_FORM_MEMORY_SIZE"])
    form = target.form
    submission_id = citizen_input.first(posted, "submission_id")
    if not SUBMISSION_ID.fullmatch(submission_id):
        fail(400, _("Phiếu thiếu mã lần gửi. Vui lòng tải lại trang rồi gửi lại."))
    citizen_input.reject_unknown_fields(form, posted, req)
    values = {q.key: posted.getlist(q.key) for q in form.questions}
    receipt_text = citizen_input.first(posted, "receipt_code")

    csrf_problem = _csrf_problem(app, req, citizen_input.first(posted, "csrf_token"), submission_id)
    if csrf_problem is not None:
        # The answers come back filled in; nothing is stored until a fresh
        # token proves the post came from our page.
        return _render(target, submission_id, values, receipt_text, note=csrf_problem[0]), (
            csrf_problem[1]
        )

    # A retried submission is validated again (same answers, same outcome) and
    # meets its stored copy in store_response, rather than costing every new
    # submission a look-up first.
    parsed = parse_answers(form, values)
    receipt, receipt_error = citizen_input.receipt_code(form, receipt_text)
    errors = ({"receipt_code": receipt_error} if receipt_error else {}) | parsed.errors
    if errors:
        return _render(target, submission_id, values, receipt_text, errors=errors), 422
    db = get_db()
    address = client_hash(req.remote_addr, app.secret_key)
    try:
        outcome = store_response(
            db,
            form,
            target.unit,
            parsed.answers,
            submission_id=submission_id,
            channel="qr",
            counter=target.counter,
            receipt_code=receipt,
            client_hash=address,
            # Counted where every worker sees it, in the transaction that stores
            # the response: posts refused above spend nothing (issue #12).
            limit=Limit(f"submit:{address}", app.config["RATE_LIMIT_SUBMISSIONS"], 60),
            correct_within=CORRECTION_WINDOW,
        )
    except RateLimited as refused:
        response = current_app.make_response(
            render_error(
                429, _("Có quá nhiều phiếu gửi từ mạng này. Vui lòng đợi một phút rồi gửi lại.")
            )
        )
        response.headers["Retry-After"] = str(refused.retry_after)
        return response
    except DuplicateReceipt as error:
        # The same submission racing itself meets the receipt index too; a
        # correction to another dossier's code does not.
        stored = None if error.correcting else _stored_submission(submission_id)
        if stored is not None:
            return _after_stored(target, submission_id, stored, req)
        errors = {"receipt_code": _("Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ đánh giá một lần.")}
        return _render(target, submission_id, values, receipt_text, errors=errors), 409
    if not outcome.created:
        return _after_stored(target, submission_id, _stored_submission(submission_id), req)
    expand_after_submission(db, outcome.response_id)
    return _to_thanks(target, submission_id, req)


def _csrf_problem(
    app: Flask, req: Request, token: str | None, submission_id: str
) -> tuple[str, int] | None:
    """None for a good token, else the note to show and the status to answer with."""
    if not app.config.get("WTF_CSRF_ENABLED", True):
        return None
    problem = citizen_csrf.check_token(
        token, submission_id, app.secret_key, app.config["WTF_CSRF_TIME_LIMIT"]
    )
    foreign = citizen_csrf.cross_origin(req)
    if problem is citizen_csrf.Problem.EXPIRED and not foreign:
        note = _(
            "Trang đã mở quá lâu nên phiếu chưa được gửi. Các câu trả lời vẫn được giữ"
            " nguyên; vui lòng kiểm tra và bấm Gửi đánh giá một lần nữa."
        )
        return note, 200
    if problem is not None or foreign:
        note = _("Phiếu chưa được gửi vì không xác thực được trang. Vui lòng bấm gửi lại.")
        return note, 400
    return None


def _stored_submission(submission_id: str) -> tuple[int, str] | None:
    """(unit id, form slug) of an already stored submission."""
    return (
        get_db()
        .execute(
            "SELECT unit_id, form_slug FROM responses WHERE submission_id = ?", [submission_id]
        )
        .fetchone()
    )


def _after_stored(target: Target, submission_id: str, stored: tuple[int, str], req: Request):
    """A retried submission gets its thank-you; an id from another form is refused."""
    if tuple(stored) != (target.unit.id, target.form.slug):
        fail(400, _("Mã lần gửi không hợp lệ. Vui lòng tải lại trang rồi gửi lại."))
    return _to_thanks(target, submission_id, req)


def _to_thanks(target: Target, submission_id: str, req: Request) -> Response:
    """Redirect after POST, so a reload does not post again.

    The URL is put together here rather than by url_for() and redirect(), which
    cost a sixth of a submission in the profile; the route below must match.
    Only the unit code is quoted: a form slug holds only lowercase ASCII letters,
    digits and '-' (definitions.py), a submission id only letters, digits, '-'
    and '_' (SUBMISSION_ID).
    """
    # The content type given, as Flask's default would set it: otherwise werkzeug
    # looks it up first, which raises and catches a KeyError.
    response = fastpath.HeadersAsBuilt(status=303, content_type="text/html; charset=utf-8")
    response.headers["Location"] = (
        f"{quote(req.script_root)}/f/{quote(target.unit.code, safe='')}/{target.form.slug}"
        f"/cam-on/{submission_id}"
    )
    return response


def _render(
    target: Target,
    submission_id: str,
    values: dict[str, list[str]] | None = None,
    receipt_text: str = "",
    errors: dict[str, str] | None = None,
    note: str | None = None,
):
    """The form page, with the citizen's values and errors when it comes back."""
    form = target.form
    counter = target.counter.code if target.counter else None
    locale = current_language()
    other = "en" if locale == "vi" else "vi"

    def render(csrf_value: str, submission: str) -> str:
        return render_template(
            "forms/form.html",
            form_def=form,
            unit=target.unit,
            counter=target.counter,
            csrf_value=csrf_value,
            submission_id=submission,
            values=values or {},
            receipt_text=receipt_text,
            errors=errors or {},
            summary=citizen_input.error_summary(form, errors or {}),
            conditions=citizen_input.conditions(form),
            note=note,
            action=url_for(
                "forms.send", unit_code=target.unit.code, slug=form.slug, counter=counter
            ),
            other_locale=other,
            other_url=url_for(
                "forms.fill",
                unit_code=target.unit.code,
                slug=form.slug,
                counter=counter,
                lang=other,
            ),
        )

    csrf_value = citizen_csrf.make_token(submission_id, current_app.secret_key)
    # A clean form for an anonymous citizen is the same page for everyone but
    # for the token and the id; a staff member's page carries their name.
    # Flask-Login keeps _user_id in the session of a signed-in user; asking
    # current_user would hash the client's address and agent on every view.
    # A flash message is one visitor's: a page showing one is never shared.
    visitor = session._get_current_object()
    personal = visitor.get("_user_id") is not None or "_flashes" in visitor
    if values or errors or note or receipt_text or personal:
        html = render(csrf_value, submission_id)
    else:
        # Everything that changes the page: the unit, form version, counter,
        # language, and where the app is mounted (its links start with it).
        key = (
            target.unit.id,
            target.unit.name,
            form.slug,
            form.sha256,
            target.counter,
            locale,
            request._get_current_object().script_root,
        )
        html = form_pages.page(key, render, csrf_value, submission_id)
    response = current_app.make_response(html)
    # Each page carries its own submission id and token, so no shared cache may
    # keep it and a new visit fetches a new one (no-cache); but the browser may
    # keep it for Back, so that a second send carries the same submission id
    # and corrects the first rather than adding a vote (issue #12, item 7).
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/f/<unit_code>/<slug>/cam-on/<submission_id>")
def thanks(unit_code: str, slug: str, submission_id: str):
    """The thank-you page of a stored submission (shows nothing of its answers)."""
    target = resolve(unit_code, slug)
    row = (
        get_db()
        .execute(
            "SELECT 1 FROM responses WHERE submission_id = ? AND unit_id = ? AND form_slug = ?",
            [submission_id, target.unit.id, target.form.slug],
        )
        .fetchone()
    )
    if row is None:
        fail(404, _("Không tìm thấy phiếu đã gửi này."))
    other = "en" if current_language() == "vi" else "vi"
    return render_template(
        "forms/thanks.html",
        form_def=target.form,
        unit=target.unit,
        other_locale=other,
        other_url=url_for(
            "forms.thanks",
            unit_code=unit_code,
            slug=slug,
            submission_id=submission_id,
            lang=other,
        ),
    )


@bp.route("/healthz")
def healthz():
    """Answer ok when the database is reachable."""
    get_db().execute("SELECT 1").fetchone()
    return jsonify(status="ok")
