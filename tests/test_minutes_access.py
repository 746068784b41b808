"""Downloads of the minutes by role and unit, the preview page, and the `minutes` command."""

import io

import pytest

from tests.minutes_data import make_inspection

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def made(app, make_user):
    head = make_user("truongdoan", "inspector", "ngoc-ky")
    with app.app_context():
        inspection_id, _ = make_inspection({"head": head.id})
    return inspection_id


def test_secretary_downloads_word_and_pdf(login, made):
    client = login("secretary")
    response = client.get(f"/staff/minutes/{made}.docx")
    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert (
        f'filename="bien-ban-kiem-tra-{made}-du-thao.docx"'
        in response.headers["Content-Disposition"]
    )
    from docx import Document

    assert "BIÊN BẢN" in [p.text for p in Document(io.BytesIO(response.data)).paragraphs]
    response = client.get(f"/staff/minutes/{made}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("role", "unit", "username", "status"),
    [
        ("admin", "hai-duong", None, 200),
        ("inspector", "ngoc-ky", "truongdoan", 200),  # the team head
        ("inspector", "ngoc-ky", "thanhvien", 403),  # an inspector outside the team's lead
        ("staff", "ngoc-ky", None, 403),
        ("secretary", "tan-ky", None, 403),  # another commune
    ],
)
def test_download_checks_role_and_unit(login, made, role, unit, username, status):
    client = login(role, unit, username=username)
    assert client.get(f"/staff/minutes/{made}.docx").status_code == status


def test_anonymous_and_missing(client, login, made):
    assert client.get(f"/staff/minutes/{made}.docx").status_code in (302, 401)
    response = login("secretary").get("/staff/minutes/9999.docx")
    assert response.status_code == 404
    assert "Không tìm thấy cuộc kiểm tra này." in response.get_data(as_text=True)
    assert login("secretary").get(f"/staff/minutes/{made}.odt").status_code == 404


def test_preview_is_the_printed_page_without_inline_style(login, made):
    response = login("secretary").get(f"/staff/minutes/{made}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "DỰ THẢO" in html
    assert "/static/minutes.css" in html
    assert " style=" not in html and "<style" not in html and "<script" not in html
    assert html.count('src="data:image/png;base64,') == 2


def test_command_writes_both_files(app, runner, made, tmp_path):
    from docx import Document
    from pypdf import PdfReader

    result = runner.invoke(
        args=["minutes", str(made), "--format", "docx", "-o", str(tmp_path / "bb.docx")]
    )
    assert result.exit_code == 0, result.output
    document = Document(str(tmp_path / "bb.docx"))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in document.tables[0].rows[0].cells[1].text
    result = runner.invoke(args=["minutes", str(made), "-o", str(tmp_path / "bb.pdf")])
    assert result.exit_code == 0, result.output
    assert "BIÊN BẢN" in PdfReader(str(tmp_path / "bb.pdf")).pages[0].extract_text()


@pytest.mark.parametrize(
    "args",
    [
        ["minutes", "9999", "--format", "docx", "-o", "{tmp}/x.docx"],
        ["minutes", "{id}", "--format", "odt", "-o", "{tmp}/x.odt"],
        ["minutes", "{id}", "-o", "{tmp}/x.txt"],
        ["minutes", "{id}", "--format", "pdf", "-o", "{tmp}/missing/x.pdf"],
        ["minutes", "abc", "--format", "pdf", "-o", "{tmp}/x.pdf"],
    ],
)
def test_command_refuses_bad_arguments(runner, made, tmp_path, args):
    args = [a.format(tmp=tmp_path, id=made) for a in args]
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert result.output.strip()
    assert not list(tmp_path.glob("**/x.*"))  # nothing half-written


def test_inspection_page_links_the_minutes_for_those_who_may_download(login, made):
    page = login("secretary").get(f"/staff/inspections/{made}").get_data(as_text=True)
    assert f"/staff/minutes/{made}.docx" in page
    assert f"/staff/minutes/{made}.pdf" in page
    assert "bản dự thảo" in page
    inspector = login("inspector", "ngoc-ky", username="thanhvien")
    response = inspector.get(f"/staff/inspections/{made}")
    assert response.status_code == 200
    assert "/staff/minutes/" not in response.get_data(as_text=True)
