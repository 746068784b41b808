"""QR codes: the qr command and the staff poster pages; zbarimg reads what we print."""

import shutil
import subprocess

import pytest

BASE = "https://phieu.ngocky.example"


def decode(path) -> str:
    """What a phone camera reads from a QR image (zbarimg from zbar-tools)."""
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg is not installed")
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@pytest.fixture
def public_app(app):
    app.config["PUBLIC_BASE_URL"] = BASE + "/"
    return app


@pytest.mark.parametrize(
    ("args", "url"),
    [
        (["--counter", "tu-phap"], f"{BASE}/f/ngoc-ky/hai-long?counter=tu-phap"),
        ([], f"{BASE}/f/ngoc-ky/hai-long"),
    ],
)
def test_qr_command_writes_a_png_that_opens_the_form(public_app, tmp_path, args, url):
    out = tmp_path / "qr.png"
    result = public_app.test_cli_runner().invoke(
        args=["qr", "--unit", "ngoc-ky", "--form", "hai-long", *args, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG")
    assert decode(out) == url


def test_qr_command_writes_svg(public_app, tmp_path):
    out = tmp_path / "qr.svg"
    result = public_app.test_cli_runner().invoke(
        args=["qr", "--unit", "ngoc-ky", "--form", "sipas", "--counter", "cong-an", "-o", str(out)]
    )
    assert result.exit_code == 0
    svg = out.read_text()
    assert svg.startswith("<svg") and f"{BASE}/f/ngoc-ky/sipas?counter=cong-an" in svg


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--unit", "xa-la", "--form", "hai-long", "-o", "x.png"], "Không có đơn vị mã 'xa-la'."),
        (["--unit", "ngoc-ky", "--form", "khac", "-o", "x.png"], "Không có phiếu mã 'khac'."),
        (
            ["--unit", "ngoc-ky", "--form", "hai-long", "--counter", "mot-cua", "-o", "x.png"],
            "Đơn vị 'ngoc-ky' không có quầy mã 'mot-cua'.",
        ),
        (
            ["--unit", "ngoc-ky", "--form", "hai-long", "-o", "x.jpg"],
            "Tệp ra phải có đuôi .png hoặc .svg, không phải 'x.jpg'.",
        ),
        (
            ["--unit", "ngoc-ky", "--form", "hai-long", "-o", "/khong/co/thu-muc/x.png"],
            "Không ghi được tệp '/khong/co/thu-muc/x.png': No such file or directory.",
        ),
    ],
)
def test_qr_command_refuses_bad_arguments_in_one_line(runner, args, reason):
    result = runner.invoke(args=["qr", *args])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [f"Error: {reason}"]


def test_poster_page(public_app, login):
    staff = login("staff")
    response = staff.get("/staff/units/ngoc-ky/forms/hai-long/poster?counter=tu-phap&size=a4")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Quét mã QR để đánh giá mức độ hài lòng" in html
    assert "Xã Ngọc Kỳ" in html and "Tu Phap" in html
    assert f"{BASE}/f/ngoc-ky/hai-long?counter=tu-phap" in html
    assert "poster-a4" in html
    assert 'src="/staff/units/ngoc-ky/forms/hai-long/qr.svg?counter=tu-phap"' in html


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_qr_download_opens_the_counter_form(public_app, login, tmp_path, kind):
    staff = login("secretary")
    response = staff.get(
        f"/staff/units/ngoc-ky/forms/hai-long/qr.{kind}?counter=dia-chinh&download=1"
    )
    assert response.status_code == 200
    assert response.mimetype == ("image/png" if kind == "png" else "image/svg+xml")
    disposition = response.headers["Content-Disposition"]
    assert f'filename="qr-ngoc-ky-hai-long-dia-chinh.{kind}"' in disposition
    path = tmp_path / f"qr.{kind}"
    path.write_bytes(response.data)
    url = f"{BASE}/f/ngoc-ky/hai-long?counter=dia-chinh"
    if kind == "png":
        assert decode(path) == url
    else:
        assert url in response.get_data(as_text=True)


def test_index_lists_counters_and_is_linked_from_staff_home(login):
    staff = login("staff")
    home = staff.get("/staff/").get_data(as_text=True)
    assert "/staff/units/ngoc-ky/forms/" in home
    page = staff.get("/staff/units/ngoc-ky/forms/").get_data(as_text=True)
    for code in ("van-hoa-xa-hoi", "dia-chinh", "tu-phap", "van-phong", "cong-an", "quan-su"):
        assert f"poster?size=a5&amp;counter={code}" in page
    assert "Đóng phiếu" in page


@pytest.mark.parametrize(
    ("role", "unit", "path", "status"),
    [
        ("inspector", "ngoc-ky", "/staff/units/ngoc-ky/forms/", 403),
        ("staff", "tan-ky", "/staff/units/ngoc-ky/forms/", 403),
        ("staff", "tan-ky", "/staff/units/ngoc-ky/forms/hai-long/qr.png", 403),
        ("staff", "ngoc-ky", "/staff/units/ngoc-ky/forms/hai-long/qr.gif", 404),
        ("staff", "ngoc-ky", "/staff/units/ngoc-ky/forms/khac/poster", 404),
        ("staff", "ngoc-ky", "/staff/units/ngoc-ky/forms/hai-long/poster?counter=zz", 404),
        ("admin", "hai-duong", "/staff/units/ngoc-ky/forms/hai-long/poster", 200),
    ],
)
def test_poster_pages_check_role_and_unit(login, role, unit, path, status):
    assert login(role, unit).get(path).status_code == status


def test_closing_needs_the_unit(app, login):
    app.config["WTF_CSRF_ENABLED"] = False
    other = login("staff", "tan-ky")
    assert other.post("/staff/units/ngoc-ky/forms/hai-long/close").status_code == 403
    assert app.test_client().get("/f/ngoc-ky/hai-long").status_code == 200


def test_poster_pages_need_login(client):
    response = client.get("/staff/units/ngoc-ky/forms/")
    assert response.status_code == 302


RECEIPT_LINE = "Vui lòng chuẩn bị mã số biên nhận hồ sơ (in trên giấy biên nhận) trước khi quét mã."


@pytest.mark.parametrize("size", ["a5", "a4"])
def test_poster_of_a_receipt_form_asks_for_the_receipt_code(login, size):
    staff = login("staff")
    receipt = staff.get(f"/staff/units/ngoc-ky/forms/danh-gia-tthc/poster?size={size}")
    quick = staff.get(f"/staff/units/ngoc-ky/forms/hai-long/poster?size={size}")
    assert receipt.status_code == quick.status_code == 200
    assert RECEIPT_LINE in receipt.get_data(as_text=True)
    assert "biên nhận" not in quick.get_data(as_text=True)


def test_poster_receipt_line_in_english(login):
    staff = login("staff")
    staff.set_cookie("lang", "en")
    html = staff.get("/staff/units/ngoc-ky/forms/danh-gia-tthc/poster").get_data(as_text=True)
    assert "Please have your dossier receipt number ready" in html


def test_poster_has_a_print_button_shown_by_its_script(login):
    html = login("staff").get("/staff/units/ngoc-ky/forms/hai-long/poster").get_data(as_text=True)
    # A real button, hidden until static/print.js runs; Ctrl+P is said for pages without it.
    assert '<button type="button" class="button" id="print-poster" data-print hidden>' in html
    assert 'src="/static/print.js"' in html
    assert "Ctrl+P" in html
