"""The minutes as PDF, laid out by ReportLab's platypus from the blocks the .docx uses.

ReportLab breaks and justifies lines, repeats table header rows, keeps table rows
whole and embeds TrueType subsets, all of which hand-written PDF would have to
redo; and it lays the demo minutes out several times faster than HTML layout
did (issue #6). The browser preview stays HTML (templates/minutes/minutes.html); the layout
here follows static/minutes.css so both look alike.
"""

from __future__ import annotations

import io
import struct
import unicodedata
from functools import cache
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from minutes import blocks as b
from minutes import fonts
from minutes.layout import MARGINS_MM, NOT_XML, PAGE_MM, TEXT_WIDTH_MM

if TYPE_CHECKING:
    from minutes.model import Minutes

MM = 72 / 25.4
PAGE_W, PAGE_H = PAGE_MM[0] * MM, PAGE_MM[1] * MM
LEFT, RIGHT = MARGINS_MM["left"] * MM, MARGINS_MM["right"] * MM
TEXT_WIDTH = TEXT_WIDTH_MM * MM
FRAME_HEIGHT = (PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * MM
BODY_PT = 13
TABLE_PT = 11.5
TABLE_LEADING = TABLE_PT * 1.2
CELL_PAD = {"x": 4, "y": 2}
RULE_PT = 0.75
# Registered names of the four faces, in fonts.STYLES order.
FACES = ("PhieuSerif", "PhieuSerif-Bold", "PhieuSerif-Italic", "PhieuSerif-BoldItalic")
REGULAR, BOLD, ITALIC, BOLD_ITALIC = FACES
# A heading starts a new page unless this much room is left below it (CSS break-after: avoid).
HEADING_ROOM = 80


def render_pdf(minutes: Minutes) -> bytes:
    """The .pdf file of the minutes, as bytes, with its font embedded (subset)."""
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    _set_up()
    styles = _styles()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(PAGE_W, PAGE_H),
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=MARGINS_MM["top"] * MM,
        bottomMargin=MARGINS_MM["bottom"] * MM,
        title=clean(f"{minutes.title} - {minutes.subject}"),
        lang="vi",
        # A TrueType initial font: no unembedded Helvetica in every page's resources.
        initialFontName=REGULAR,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, 0, 0, 0, 0)

    def margins(canvas, document) -> None:
        _margins(canvas, document.page, minutes)

    doc.addPageTemplates(PageTemplate("page", frames=[frame], onPage=margins))
    story = [_header(minutes, styles), *_title(minutes, styles)]
    for block in minutes.body:
        if isinstance(block, b.Paragraph):
            story += _paragraph(block, styles)
        elif isinstance(block, b.Table):
            story.append(_table(block, styles))
        else:
            story.append(_image(block, styles))
    story.append(_signatures(minutes, styles))
    story.append(_recipients(minutes, styles))
    doc.build(story)
    return buffer.getvalue()


def clean(text: str) -> str:
    """Text as it may be set: NFC, without the characters XML cannot hold."""
    return NOT_XML.sub("", unicodedata.normalize("NFC", text))


def markup(text: str) -> str:
    """Any text as Paragraph mini-markup: <, > and & literal, line breaks kept."""
    return escape(clean(text)).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br/>")


@cache
def _set_up() -> None:
    """Binary streams, and the four faces fonts.py chose as one family for <b> and <i>."""
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    # ReportLab's default wraps every stream in ASCII85: a quarter more bytes to write
    # and to download, for 7-bit cleanliness no one needs. Nothing else here uses ReportLab.
    rl_config.useA85 = 0
    _, files = fonts.serif_faces()
    for name, path in zip(FACES, files, strict=True):
        pdfmetrics.registerFont(TTFont(name, path))
    for name, (bold, italic) in zip(FACES, ((0, 0), (1, 0), (0, 1), (1, 1)), strict=True):
        addMapping(REGULAR, bold, italic, name)


@cache
def _styles() -> dict:
    """Paragraph styles after static/minutes.css: 13 pt, line height 1.3."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    def style(name, size=BODY_PT, font=REGULAR, align=TA_CENTER, line=1.3, **more):
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=size * line, alignment=align, **more
        )

    body = style("body", align=TA_JUSTIFY, firstLineIndent=12.7 * MM, spaceAfter=6)
    styles = {
        "body": body,
        "note": body,
        "heading": style(
            "heading",
            font=BOLD,
            align=TA_JUSTIFY,
            firstLineIndent=12.7 * MM,
            spaceBefore=6,
            spaceAfter=6,
        ),
        "parent": style("parent", 12.5, line=1.2),
        "issuer": style("issuer", 12.5, BOLD, line=1.2),
        "number": style("number", 13, line=1.2, spaceBefore=4),
        "country": style("country", 12, BOLD, line=1.2),
        "motto": style("motto", 13, BOLD, line=1.2),
        "place": style("place", 13, ITALIC, line=1.2, spaceBefore=8),
        "title": style("title", 14, BOLD, spaceBefore=12),
        "subject": style("subject", 13, BOLD, spaceAfter=12),
        "caption": style("caption", TABLE_PT, ITALIC, spaceAfter=10),
        "capacity": style("capacity", BODY_PT, BOLD),
        "hint": style("hint", 12, ITALIC),
        "signer": style("signer", BODY_PT, BOLD, spaceBefore=60),
        "recipients": style("recipients", 12, BOLD_ITALIC, align=TA_LEFT),
        "recipient": style("recipient", 11, align=TA_LEFT),
    }
    styles["subheading"] = styles["heading"].clone("subheading", spaceBefore=0)
    for key, align in (("l", TA_LEFT), ("c", TA_CENTER), ("r", TA_RIGHT)):
        styles[f"cell-{key}"] = style(f"cell-{key}", TABLE_PT, align=align, line=1.2)
        styles[f"cell-{key}-bold"] = style(f"cell-{key}-b", TABLE_PT, BOLD, align, line=1.2)
    return styles


def _margins(canvas, page: int, minutes: Minutes) -> None:
    """The page number centred at the top from page 2, and the draft mark top right."""
    baseline = PAGE_H - MARGINS_MM["top"] * MM / 2 - 4.5
    canvas.saveState()
    if page > 1:
        canvas.setFont(REGULAR, 13)
        canvas.drawCentredString(LEFT + TEXT_WIDTH / 2, baseline, str(page))
    if minutes.draft:
        mark = clean(minutes.draft_mark)
        canvas.setFont(BOLD, 13)
        canvas.drawRightString(PAGE_W - RIGHT, baseline, mark, charSpace=1)
    canvas.restoreState()


def _header(minutes: Minutes, styles: dict):
    """Two borderless columns: the bodies and number left, the national motto right."""
    from reportlab.platypus import HRFlowable, Table
    from reportlab.platypus import Paragraph as P

    header = minutes.header

    def rule(width: str):
        return HRFlowable(
            width=width, thickness=RULE_PT, color="black", spaceBefore=6, spaceAfter=2
        )

    # The number keeps its blank for the handwritten number (white-space: pre).
    number = markup(header.number).replace(" ", "\u00a0")
    left = [
        P(markup(header.parent_body), styles["parent"]),
        P(markup(header.issuing_body), styles["issuer"]),
        rule("30%"),
        P(number, styles["number"]),
    ]
    right = [
        P(markup(header.country), styles["country"]),
        P(markup(header.motto), styles["motto"]),
        rule("60%"),
        P(markup(header.place_date), styles["place"]),
    ]
    table = Table([[left, right]], colWidths=[TEXT_WIDTH * 0.4, TEXT_WIDTH * 0.6])
    # ALIGN centres each cell's flowables, the short rules among them.
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER")])
    table.setStyle(_padding(0, 0))
    return table


def _title(minutes: Minutes, styles: dict) -> list:
    from reportlab.platypus import Paragraph as P

    return [
        P(markup(minutes.title), styles["title"]),
        P(markup(minutes.subject), styles["subject"]),
    ]


def _paragraph(block: b.Paragraph, styles: dict) -> list:
    """A body paragraph; a heading moves to the next page rather than end one."""
    from reportlab.platypus import CondPageBreak
    from reportlab.platypus import Paragraph as P

    text = "".join(_run(run) for run in block.runs)
    paragraph = P(text, styles.get(block.kind, styles["body"]))
    if block.kind in ("heading", "subheading"):
        return [CondPageBreak(HEADING_ROOM), paragraph]
    return [paragraph]


def _run(run: b.Run) -> str:
    text = markup(run.text)
    if run.italic:
        text = f"<i>{text}</i>"
    return f"<b>{text}</b>" if run.bold else text


def _table(block: b.Table, styles: dict):
    """A grid table: rows never split, the header row repeats on every page."""
    from reportlab.platypus import Table

    widths = [TEXT_WIDTH * w / 100 for w in block.widths]
    last = len(block.rows)
    data = []
    for r, values in enumerate([block.columns, *block.rows]):
        bold = r == 0 or (block.total_row and r == last)
        aligns = ["c"] * len(values) if r == 0 else block.align
        data.append(
            [_cell(v, w, a, bold, styles) for v, w, a in zip(values, widths, aligns, strict=True)]
        )
    commands = [
        *_padding(CELL_PAD["x"], CELL_PAD["y"]),
        ("GRID", (0, 0), (-1, -1), RULE_PT, "black"),
        ("FONT", (0, 0), (-1, 0), BOLD, TABLE_PT, TABLE_LEADING),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
    ]
    for c, align in enumerate(block.align):
        commands.append(
            ("ALIGN", (c, 1), (c, -1), {"l": "LEFT", "c": "CENTER", "r": "RIGHT"}[align])
        )
    if block.total_row and block.rows:
        commands.append(("FONT", (0, -1), (-1, -1), BOLD, TABLE_PT, TABLE_LEADING))
    # A row taller than a page cannot move to the next one: only such tables may split
    # inside a row (ReportLab tries between rows first), at least two lines on a page.
    split_in_row = 2 * TABLE_LEADING + 2 * CELL_PAD["y"] if _has_giant_row(data, widths) else 0
    return Table(
        data,
        colWidths=widths,
        repeatRows=1,
        spaceAfter=8,
        style=commands,
        splitInRow=split_in_row,
    )


def _has_giant_row(data: list[list], widths: list[float]) -> bool:
    """Whether a cell is too tall for an empty page under the repeated header row."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph as P

    room = FRAME_HEIGHT - 4 * TABLE_LEADING
    for row in data[1:]:
        for value, width in zip(row, widths, strict=True):
            if not isinstance(value, P):
                continue
            inner = width - 2 * CELL_PAD["x"]
            # A cheap lower bound first; wrapping twice only for the rare long cell.
            lines = stringWidth(value.text, BOLD, TABLE_PT) / inner + value.text.count("<br/>")
            if lines * TABLE_LEADING > room / 3 and value.wrap(inner, room)[1] > room:
                return True
    return False


def _cell(value: str, width: float, align: str, bold: bool, styles: dict):
    """A short one-line value as a plain string (the table draws it); else a Paragraph.

    Plain strings skip Paragraph's markup parsing and line breaking, which most
    cells (numbers, 'Đạt', short names) do not need.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph as P

    text = clean(value)
    room = width - 2 * CELL_PAD["x"]
    if (
        "\n" not in text
        and "\r" not in text
        and stringWidth(text, BOLD if bold else REGULAR, TABLE_PT) <= room
    ):
        return text
    return P(markup(text), styles[f"cell-{align}" + ("-bold" if bold else "")])


def _padding(x: float, y: float) -> list:
    """Cell padding, and the cells' own font (else Helvetica joins every page's resources)."""
    return [
        ("FONT", (0, 0), (-1, -1), REGULAR, TABLE_PT, TABLE_LEADING),
        ("LEFTPADDING", (0, 0), (-1, -1), x),
        ("RIGHTPADDING", (0, 0), (-1, -1), x),
        ("TOPPADDING", (0, 0), (-1, -1), y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), y),
    ]


def _image(block: b.Image, styles: dict):
    """A chart at its width in mm (its 200 dpi pixels kept), its caption below."""
    from reportlab.platypus import Image, KeepTogether, Spacer
    from reportlab.platypus import Paragraph as P

    pixels_w, pixels_h = _png_size(block.png)
    width = block.width_mm * MM
    picture = Image(io.BytesIO(block.png), width=width, height=width * pixels_h / pixels_w)
    return KeepTogether([Spacer(1, 4), picture, P(markup(block.caption), styles["caption"])])


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    return struct.unpack(">II", png[16:24])


def _signatures(minutes: Minutes, styles: dict):
    """THƯ KÝ left, TRƯỞNG ĐOÀN right, the unit's representative centred below."""
    from reportlab.platypus import KeepTogether, Spacer, Table
    from reportlab.platypus import Paragraph as P

    def cell(signature: b.Signature) -> list:
        return [
            P(markup(signature.capacity), styles["capacity"]),
            P(markup(signature.hint), styles["hint"]),
            P(markup(signature.name), styles["signer"]),
        ]

    cells = [cell(s) for s in minutes.signatures]
    rows = [cells[:2] + [""] * (2 - len(cells[:2]))]
    rows += [[c, ""] for c in cells[2:]]
    table = Table(rows, colWidths=[TEXT_WIDTH / 2] * 2)
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), *_padding(0, 0)]
    commands.append(("BOTTOMPADDING", (0, 0), (-1, -1), 18))
    commands += [("SPAN", (0, r), (1, r)) for r in range(1, len(rows))]
    table.setStyle(commands)
    return KeepTogether([Spacer(1, 12), table])


def _recipients(minutes: Minutes, styles: dict):
    """'Nơi nhận:' in 12 pt bold italic, entries in 11 pt, kept on one page."""
    from reportlab.platypus import KeepTogether
    from reportlab.platypus import Paragraph as P

    lines = [P(markup(minutes.recipients_heading), styles["recipients"])]
    lines += [P(markup(entry), styles["recipient"]) for entry in minutes.recipients]
    return KeepTogether(lines)
