"""Error pages in Vietnamese: every 4xx says what happened and what to do."""

import sqlite3

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: (_l("Yêu cầu không hợp lệ"), _l("Dữ liệu gửi lên không đúng. Vui lòng thử lại.")),
    403: (_l("Không có quyền truy cập"), _l("Tài khoản của bạn không được xem trang này.")),
    404: (_l("Không tìm thấy trang"), _l("Địa chỉ không đúng hoặc trang đã bị gỡ bỏ.")),
    405: (_l("Phương thức không được hỗ trợ"), _l("Trang này không nhận yêu cầu kiểu này.")),
    409: (_l("Dữ liệu đã thay đổi"), _l("Người khác vừa sửa nội dung này. Hãy tải lại trang.")),
    410: (_l("Phiếu đã đóng"), _l("Phiếu khảo sát này không còn nhận ý kiến.")),
    413: (_l("Dữ liệu quá lớn"), _l("Nội dung gửi lên vượt quá dung lượng cho phép.")),
    415: (_l("Định dạng không hỗ trợ"), _l("Tệp gửi lên không đúng định dạng cho phép.")),
    416: (
        _l("Không gửi được phần tệp yêu cầu"),
        _l("Phần tệp được yêu cầu nằm ngoài độ dài của tệp. Hãy tải lại cả tệp."),
    ),
    422: (_l("Dữ liệu chưa hợp lệ"), _l("Vui lòng kiểm tra lại các ô được đánh dấu.")),
    429: (
        _l("Quá nhiều yêu cầu"),
        _l("Bạn đã gửi quá nhiều lần. Vui lòng đợi một phút rồi thử lại."),
    ),
    500: (_l("Lỗi hệ thống"), _l("Đã có lỗi xảy ra. Vui lòng thử lại sau.")),
    503: (
        _l("Hệ thống đang bận"),
        _l(
            "Chưa lưu được vì hệ thống đang bận. Vui lòng quay lại trang trước"
            " (các nội dung đã nhập vẫn còn) và gửi lại sau ít giây."
        ),
    ),
}


def wants_json() -> bool:
    """Whether the client is the tablet script rather than a person's browser."""
    return request.is_json or request.accept_mimetypes.best == "application/json"


# Any other status keeps its code (a 405, 431 or 501 is not a 400) with these words.
OTHER_CLIENT_ERROR = (
    _l("Không xử lý được yêu cầu"),
    _l("Máy chủ không thể đáp ứng yêu cầu này. Hãy kiểm tra lại địa chỉ rồi thử lại."),
)


def render_error(code: int, detail: str | None = None):
    """An error response in the client's language and format."""
    title, message = MESSAGES.get(code) or (MESSAGES[500] if code >= 500 else OTHER_CLIENT_ERROR)
    if wants_json():
        return jsonify(error=str(detail or message), status=code), code
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def init_app(app: Flask) -> None:
    """Route every HTTP error through the Vietnamese error page."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400, str(_l("Phiên làm việc đã hết hạn. Vui lòng tải lại trang và thử lại."))
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        # A description given with abort(code, "...") is ours to show; the
        # generic English ones from werkzeug are not.
        detail = error.description if getattr(error, "phieu_message", False) else None
        response = app.make_response(render_error(code, detail))
        # The status's own headers: Allow on a 405, Content-Range on a 416.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(InternalServerError)
    def server_error(error):
        return render_error(500)

    @app.errorhandler(sqlite3.OperationalError)
    def database_error(error: sqlite3.OperationalError):
        # Another writer held the database past our patience (db.BUSY_TIMEOUT_MS,
        # db.write_transaction): nothing was written, so asking to send again is
        # honest and safe (a retried submission id is stored once).
        if error.sqlite_errorcode not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise error  # a real fault: Flask logs it and answers 500 as for any other
        response = app.make_response(render_error(503))
        response.headers["Retry-After"] = "5"
        return response


def fail(code: int, message: str):
    """Abort with our own (translated) message shown to the user."""
    from werkzeug.exceptions import default_exceptions

    error = default_exceptions[code](description=message)
    error.phieu_message = True
    raise error
