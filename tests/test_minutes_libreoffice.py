"""The Word minutes as LibreOffice Writer lays them out (issue #15): motto, widths, margins."""

import io
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from tests.minutes_data import make_inspection

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MM = 72 / 25.4


def require_soffice() -> None:
    """Skip when LibreOffice is missing, unless REQUIRE_BROWSER=1 (CI), where it fails."""
    if not Path(SOFFICE).exists():
        reason = "the LibreOffice test needs soffice (Debian: libreoffice-writer-nogui)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def libreoffice_pdf(docx: bytes, folder: Path) -> bytes:
    """The .docx converted to PDF by LibreOffice headless, with a profile of its own."""
    source = folder / "minutes.docx"
    source.write_bytes(docx)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (folder / "minutes.pdf").read_bytes()


def lines(page) -> list[tuple[float, float, str]]:
    """(y, leftmost x, text) of each line of a PDF page: runs grouped by baseline."""
    runs = []

    def visit(text, cm, tm, *_):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((round(y), x, unicodedata.normalize("NFC", text)))

    page.extract_text(visitor_text=visit)
    grouped: dict[int, list[tuple[float, str]]] = {}
    for y, x, text in runs:
        grouped.setdefault(y, []).append((x, text))
    return [
        (y, min(x for x, _ in parts), " ".join("".join(t for _, t in sorted(parts)).split()))
        for y, parts in sorted(grouped.items(), reverse=True)
    ]


def drawn_xs(page) -> list[float]:
    """x of every point of the lines and rectangles drawn on a PDF page (table borders)."""
    xs: list[float] = []

    def before(operator, operands, cm, tm):
        if operator in (b"m", b"l", b"re"):
            x, y = float(operands[0]), float(operands[1])
            xs.append(x * cm[0] + y * cm[2] + cm[4])
            if operator == b"re":
                xs.append(xs[-1] + float(operands[2]) * cm[0])

    page.extract_text(visitor_operand_before=before)
    return xs


@pytest.mark.slow
def test_word_minutes_in_libreoffice_keep_the_motto_on_one_line_and_the_margins(app, tmp_path):
    require_soffice()
    from pypdf import PdfReader

    with app.app_context():
        from minutes.model import build_minutes
        from minutes.render import render

        inspection_id, _expected = make_inspection({})
        docx = render(build_minutes(inspection_id), "docx")
    reader = PdfReader(io.BytesIO(libreoffice_pdf(docx, tmp_path)))
    first = lines(reader.pages[0])
    assert any(MOTTO in text for _, _, text in first), [t for _, _, t in first[:8]]
    left, right = 30 * MM, (210 - 15) * MM
    tables = 0
    for number, page in enumerate(reader.pages, 1):
        for _y, x, text in lines(page):
            assert x >= left - 1, f"page {number}: '{text}' starts {x / MM:.1f} mm from the edge"
        # Table borders within the margins (a path on the page's edge is its background).
        borders = [x for x in drawn_xs(page) if 1 < x < 210 * MM - 1]
        if not borders:
            continue
        tables += 1
        assert min(borders) >= left - 1, f"page {number}: a table at {min(borders) / MM:.1f} mm"
        assert max(borders) <= right + 1, f"page {number}: a table to {max(borders) / MM:.1f} mm"
    assert tables >= len(reader.pages) // 2  # the area tables fill most pages
