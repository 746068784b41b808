"""Reading a citizen's POST safely, and what the form page needs to show it again."""

from __future__ import annotations

from itertools import chain
from urllib.parse import parse_qsl

from flask import Request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from core.errors import fail
from forms import receipts
from forms.definition import FormDef

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# No page of ours has a tenth as many fields.
MAX_FIELDS = 1000


def read_posted(request: Request, limit: int) -> MultiDict:
    """The posted fields, refusing what no page of ours sends (413, 400); `limit` in bytes."""
    mimetype = request.mimetype
    if mimetype not in FORM_TYPES:
        fail(400, _("Dữ liệu gửi lên không phải là một phiếu khảo sát."))
    # Werkzeug applies MAX_FORM_MEMORY_SIZE to multipart fields only; a
    # url-encoded body is read whole, so its size is checked here first.
    length = request.content_length
    if length is not None and length > limit:
        fail(413, _too_large())
    if mimetype == FORM_TYPES[0]:
        # Werkzeug's stream then stops at the limit too, for a chunked body that
        # has no length; and it need not ask the app's configuration for one.
        request.max_content_length = limit
        return _url_encoded(request.get_data(cache=True), limit)
    form = request.form
    # Werkzeug names a multipart part whose name it cannot read None, and
    # replaces bytes that are not UTF-8 with U+FFFD.
    if not all(isinstance(name, str) and name for name in (*form.keys(), *request.files.keys())):
        fail(400, _("Dữ liệu gửi lên có trường không có tên."))
    if "\ufffd" in "".join([*form.keys(), *chain.from_iterable(form.listvalues())]):
        fail(400, _not_utf8())
    return form


def _url_encoded(body: bytes, limit: int) -> MultiDict:
    """A url-encoded body parsed strictly: werkzeug would drop a body that is not
    UTF-8 and keep an undecodable %XX as text, where we owe the citizen a 400."""
    if len(body) > limit:
        fail(413, _too_large())
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except UnicodeDecodeError:
        fail(400, _not_utf8())
    except ValueError:  # more than MAX_FIELDS fields
        fail(400, _("Phiếu gửi lên có quá nhiều mục. Vui lòng tải lại trang."))
    if not all(name for name, _value in pairs):
        fail(400, _("Dữ liệu gửi lên có trường không có tên."))
    return MultiDict(pairs)


def first(posted: MultiDict, name: str) -> str:
    """The first value posted under a name, '' when there is none.

    Not MultiDict.get, which builds, raises and catches a BadRequestKeyError (an
    HTTP exception) for every absent name: two or three per citizen submission.
    """
    values = posted.getlist(name)
    return values[0] if values else ""


def _too_large() -> str:
    return _("Phiếu gửi lên quá lớn. Vui lòng rút ngắn ý kiến rồi gửi lại.")


def _not_utf8() -> str:
    return _("Dữ liệu gửi lên không đúng bảng mã UTF-8. Vui lòng gửi lại từ trang phiếu.")


def allowed_fields(form: FormDef) -> set[str]:
    """The names a rendered form can post."""
    names = {"csrf_token", "submission_id"} | {q.key for q in form.questions}
    if form.receipt_code != "none":
        names.add("receipt_code")
    return names


def reject_unknown_fields(form: FormDef, posted: MultiDict, request: Request) -> None:
    """400 for a field our page never renders (a forged or stale post)."""
    files = request.mimetype == FORM_TYPES[1] and request.files
    if files or set(posted) - allowed_fields(form):
        fail(400, _("Phiếu gửi lên có mục không thuộc phiếu này. Vui lòng tải lại trang."))


def receipt_code(form: FormDef, text: str) -> tuple[str | None, str | None]:
    """(receipt code as typed, tidied; error message) for forms that ask for one.

    The store compares codes in their canonical form (forms/receipts.py).
    """
    if form.receipt_code == "none":
        return None, None
    code = receipts.tidy(text)
    if not code:
        if form.receipt_code == "required":
            return None, _("Nhập mã hồ sơ in trên giấy tiếp nhận hồ sơ.")
        return None, None
    if not receipts.valid(code):
        return None, _(
            "Mã hồ sơ chỉ gồm chữ cái, chữ số, dấu cách và các dấu - . / _ (tối đa 40 ký tự)."
        )
    return code, None


def error_summary(form: FormDef, errors: dict[str, str]) -> list[tuple[str, str]]:
    """(field id, message) in page order, for the GOV.UK error summary."""
    summary = [("receipt_code", errors["receipt_code"])] if "receipt_code" in errors else []
    summary += [(q.kind.field_id(q), errors[q.key]) for q in form.questions if q.key in errors]
    return summary


def conditions(form: FormDef) -> dict[str, dict]:
    """CSS hooks for show_if: which options reveal which questions.

    Each distinct condition gets a number n; its options carry class reveal-n
    and its questions cond-n, and style.css shows .cond-n only while a
    .reveal-n input is checked (CSS :has(), so it works with JavaScript off).
    A question shown by a conditional question also carries under-m for each
    condition m above it, and style.css hides it while no .reveal-m is
    checked: going back on A hides C even though B's hidden option stays
    checked, as the server drops C's answer then (issue #16).
    """
    numbers: dict[tuple, int] = {}
    shows: dict[str, int] = {}
    unders: dict[str, tuple[int, ...]] = {}
    reveals: dict[str, list[int]] = {}
    for question in form.questions:
        if question.show_if is None:
            continue
        key = (question.show_if.question, question.show_if.values)
        n = numbers.setdefault(key, len(numbers) + 1)
        shows[question.key] = n
        parent = question.show_if.question
        if parent in shows:
            unders[question.key] = (*unders.get(parent, ()), shows[parent])
        for value in question.show_if.values:
            option_id = f"{question.show_if.question}/{value}"
            if n not in reveals.setdefault(option_id, []):
                reveals[option_id].append(n)
    return {"shows": shows, "unders": unders, "reveals": reveals}
