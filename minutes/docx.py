"""The minutes as a Word document (python-docx), in the Nghị định 30/2020 layout."""

from __future__ import annotations

import io
import re
from functools import cache
from typing import TYPE_CHECKING

from lxml.etree import SubElement  # python-docx's own XML library; loaded with it

from minutes import blocks as b
from minutes.layout import MARGINS_MM, NOT_XML, PAGE_MM, TEXT_WIDTH_MM

if TYPE_CHECKING:
    from minutes.model import Minutes

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
ALIGN = {"l": "LEFT", "c": "CENTER", "r": "RIGHT"}
TWIPS_PER_MM = 1440 / 25.4
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TABLE_STYLE_ID = "TableGrid"  # "Table Grid" in python-docx's default template


def render_docx(minutes: Minutes) -> bytes:
    """The .docx file of the minutes, as bytes."""
    from docx import Document

    doc = Document()
    _word_2013_tables(doc)
    _page_setup(doc, minutes)
    _styles(doc)
    _header(doc, minutes)
    _title(doc, minutes)
    for block in minutes.body:
        if isinstance(block, b.Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, b.Table):
            _table(doc, block)
        else:
            _image(doc, block)
    _signatures(doc, minutes)
    _recipients(doc, minutes)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _page_setup(doc, minutes: Minutes) -> None:
    """A4, the margins, and page numbers centred at the top from page 2."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side, mm in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(mm))
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    # Pages 2+: page number centred; "DỰ THẢO" at the right while a draft.
    paragraph = section.header.paragraphs[0]
    _plain(paragraph)
    stops = paragraph.paragraph_format.tab_stops
    stops.add_tab_stop(Mm(TEXT_WIDTH_MM / 2), WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run("\t")
    _page_field(paragraph.add_run())
    if minutes.draft:
        paragraph.add_run("\t")
        mark = paragraph.add_run(minutes.draft_mark)
        mark.bold, mark.font.size = True, Pt(BODY_PT)
    # Page 1: no number (NĐ 30), but the draft mark all the same.
    first = section.first_page_header.paragraphs[0]
    _plain(first, "RIGHT")
    if minutes.draft:
        mark = first.add_run(minutes.draft_mark)
        mark.bold, mark.font.size = True, Pt(BODY_PT)


def _word_2013_tables(doc) -> None:
    """Lay tables out as Word 2013+ does: a table's border edge sits on its indent.

    The template says Word 2010 (compatibilityMode 14), where a table at indent 0 starts
    one cell margin left of the text margin: Word and LibreOffice then draw every table
    1.9 mm into the left margin (issue #15).
    """
    for setting in doc.settings.element.iter(_w("compatSetting")):
        if setting.get(_w("name")) == "compatibilityMode":
            setting.set(_w("val"), "15")


def _fixed_widths(table, widths: list[int]) -> None:
    """Fixed layout with the table width, indent 0, grid and every cell's width agreeing.

    Word and LibreOffice each trust a different one of these when they disagree (python-docx
    leaves the width 'auto' and the grid at equal columns), so all of them are written:
    LibreOffice otherwise broke the national motto over two lines (issue #15).
    """
    tbl = table._tbl
    table.autofit = False  # w:tblLayout w:type="fixed"
    properties = tbl.tblPr
    width = properties.find(_w("tblW"))
    if width is None:
        width = _sub(properties, "tblW")
    width.set(_w("type"), "dxa")
    width.set(_w("w"), str(sum(widths)))
    indent = properties.find(_w("tblInd"))
    if indent is None:
        indent = SubElement(properties, _w("tblInd"))
        # Schema order: tblW, jc, tblCellSpacing, then tblInd.
        anchor = properties.find(_w("jc"))
        (anchor if anchor is not None else width).addnext(indent)
    indent.set(_w("w"), "0")
    indent.set(_w("type"), "dxa")
    grid = tbl.tblGrid
    for column in list(grid.iterchildren(_w("gridCol"))):
        grid.remove(column)
    for value in widths:
        _sub(grid, "gridCol", w=str(value))
    for tr in tbl.iterchildren(_w("tr")):
        column = 0
        for tc in tr.iterchildren(_w("tc")):
            tc_pr = tc.find(_w("tcPr"))
            if tc_pr is None:
                tc_pr = SubElement(tc, _w("tcPr"))
                tc.insert(0, tc_pr)
            span = tc_pr.find(_w("gridSpan"))
            count = int(span.get(_w("val"))) if span is not None else 1
            cell_width = tc_pr.find(_w("tcW"))
            if cell_width is None:
                cell_width = SubElement(tc_pr, _w("tcW"))
                tc_pr.insert(0, cell_width)  # tcW comes first (after cnfStyle)
            cell_width.set(_w("type"), "dxa")
            cell_width.set(_w("w"), str(sum(widths[column : column + count])))
            column += count


def _no_padding(table) -> None:
    """No left and right cell margins (w:tblCellMar), before w:tblLook as the schema wants."""
    properties = table._tbl.tblPr
    margins = SubElement(properties, _w("tblCellMar"))
    look = properties.find(_w("tblLook"))
    if look is not None:
        look.addprevious(margins)
    for side in ("left", "right"):
        _sub(margins, side, w="0", type="dxa")


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def _page_field(run) -> None:
    """A PAGE field in a run: Word fills in the number of each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _styles(doc) -> None:
    """Times New Roman 14 pt, justified, 1.27 cm first-line indent, 6 pt after."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    for name in ("Normal", "Header", "Table Grid"):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1.27)
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.1


def _plain(paragraph, align: str = "CENTER") -> None:
    """A paragraph without indent or spacing (header, tables, signatures)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.alignment = getattr(WD_ALIGN_PARAGRAPH, align)


def _line(parent, text: str, size: float, bold=False, italic=False, first=False, align="CENTER"):
    """A one-run line without indent, in a header or signature cell or the document."""
    from docx.shared import Pt

    paragraph = parent.paragraphs[0] if first else parent.add_paragraph()
    _plain(paragraph, align)
    run = paragraph.add_run(NOT_XML.sub("", text))
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return paragraph


def _rule(cell, width_mm: float, cell_mm: float) -> None:
    """A short rule: an empty paragraph's bottom border, narrowed by indents."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    paragraph = cell.add_paragraph()
    _plain(paragraph)
    indent = Mm(max((cell_mm - width_mm) / 2, 0))
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.space_after = Pt(4)
    run = paragraph.add_run()
    run.font.size = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _header(doc, minutes: Minutes) -> None:
    """Two borderless columns: the bodies and number left, the national motto right."""

    header = minutes.header
    # As the PDF: 40 % and 60 % of the text width, no cell padding, so the motto fits.
    widths = (TEXT_WIDTH_MM * 0.4, TEXT_WIDTH_MM * 0.6)
    table = doc.add_table(rows=1, cols=2)
    _fixed_widths(table, [_twips(w) for w in widths])
    _no_padding(table)
    left, right = table.rows[0].cells
    _line(left, header.parent_body, 13, first=True)
    _line(left, header.issuing_body, 13, bold=True)
    _rule(left, 25, widths[0])
    _line(left, header.number, 13)
    _line(right, header.country, 12.5, bold=True, first=True)
    _line(right, header.motto, 13.5, bold=True)
    _rule(right, 58, widths[1])
    _line(right, header.place_date, 14, italic=True)


def _title(doc, minutes: Minutes) -> None:
    from docx.shared import Pt

    title = _line(doc, minutes.title, BODY_PT, bold=True)
    title.paragraph_format.space_before = Pt(18)
    subject = _line(doc, minutes.subject, BODY_PT, bold=True)
    subject.paragraph_format.space_after = Pt(12)


def _paragraph(doc, block: b.Paragraph) -> None:
    paragraph = doc.add_paragraph()
    heading = block.kind in ("heading", "subheading")
    if heading:
        paragraph.paragraph_format.keep_with_next = True
    for piece in block.runs:
        _text_run(paragraph._p, piece.text, bold=piece.bold or heading, italic=piece.italic)


def _table(doc, block: b.Table) -> None:
    """A grid table whose rows never split and whose first row repeats on each page.

    Written as XML elements directly: python-docx's cell API re-reads the whole
    grid for every cell and searches each property's place in its parent, which
    made tables nine tenths of the .docx time (issue #6).
    """
    from docx.shared import Pt

    table = doc.add_table(rows=0, cols=len(block.columns))
    # The style's id, not doc.styles[...]: a name look-up scans every style each time.
    table._tbl.tblPr.style = TABLE_STYLE_ID
    widths = [_twips(TEXT_WIDTH_MM * w / 100) for w in block.widths]
    _fixed_widths(table, widths)  # no rows yet: each cell's tcW is written below
    last = len(block.rows)
    for r, values in enumerate([block.columns, *block.rows]):
        header = r == 0
        bold = header or (block.total_row and r == last)
        tr = _sub(table._tbl, "tr")
        properties = _sub(tr, "trPr")
        _sub(properties, "cantSplit")
        if header:
            _sub(properties, "tblHeader")
        for c, value in enumerate(values):
            tc = _sub(tr, "tc")
            _sub(_sub(tc, "tcPr"), "tcW", type="dxa", w=str(widths[c]))
            align = "center" if header else ALIGN[block.align[c]].lower()
            # A header row stays with the first data row.
            p = _plain_p(tc, align, keep_next=header)
            _text_run(p, value, TABLE_PT, bold=bold)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)


@cache
def _w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag or attribute."""
    return f"{{{W_NS}}}{tag}"


def _sub(parent, tag: str, **attributes: str):
    """Append a w: element with w: attributes (lxml directly, for speed)."""
    return SubElement(parent, _w(tag), {_w(k): v for k, v in attributes.items()})


def _plain_p(parent, align: str, keep_next: bool = False):
    """A w:p without indent or spacing, as _plain() sets them, appended to parent."""
    p = _sub(parent, "p")
    properties = _sub(p, "pPr")
    if keep_next:
        _sub(properties, "keepNext")
    _sub(properties, "spacing", before="0", after="0", line="240", lineRule="auto")
    _sub(properties, "ind", firstLine="0")
    _sub(properties, "jc", val=align)
    return p


def _text_run(p, text: str, size_pt: float | None = None, bold=False, italic: bool | None = None):
    """A w:r with its weight, slant and size; tabs and line breaks as python-docx writes them."""
    r = _sub(p, "r")
    properties = _sub(r, "rPr")
    # An explicit "off" (val=0), as python-docx writes run.bold = False.
    _sub(properties, "b", **({} if bold else {"val": "0"}))
    if italic is not None:
        _sub(properties, "i", **({} if italic else {"val": "0"}))
    if size_pt is not None:
        _sub(properties, "sz", val=str(round(size_pt * 2)))
    for piece in re.split(r"(\t|\r|\n)", NOT_XML.sub("", text)):
        if piece == "\t":
            _sub(r, "tab")
        elif piece in ("\r", "\n"):
            _sub(r, "br")
        elif piece:
            t = _sub(r, "t")
            t.text = piece
            if piece.strip() != piece:
                t.set(XML_SPACE, "preserve")
    return r


def _image(doc, block: b.Image) -> None:
    from docx.shared import Mm, Pt

    paragraph = doc.add_paragraph()
    _plain(paragraph)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(block.png), width=Mm(block.width_mm))
    caption = _line(doc, block.caption, TABLE_PT, italic=True)
    caption.paragraph_format.space_after = Pt(10)


def _signatures(doc, minutes: Minutes) -> None:
    """THƯ KÝ left, TRƯỞNG ĐOÀN right, the unit's representative centred below."""
    from docx.oxml import OxmlElement

    table = doc.add_table(rows=2, cols=2)
    table.autofit = False
    cells = [table.cell(0, 0), table.cell(0, 1), table.cell(1, 0).merge(table.cell(1, 1))]
    for cell, signature in zip(cells, minutes.signatures, strict=True):
        _line(cell, signature.capacity, BODY_PT, bold=True, first=True)
        _line(cell, signature.hint, 13, italic=True)
        for _ in range(4):
            _line(cell, "", BODY_PT)
        _line(cell, signature.name, BODY_PT, bold=True)
        _line(cell, "", BODY_PT)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    half = _twips(TEXT_WIDTH_MM / 2)
    _fixed_widths(table, [half, _twips(TEXT_WIDTH_MM) - half])


def _recipients(doc, minutes: Minutes) -> None:
    """'Nơi nhận:' in 12 pt bold italic, entries in 11 pt."""
    heading = _line(doc, minutes.recipients_heading, 12, bold=True, italic=True, align="LEFT")
    heading.paragraph_format.keep_with_next = True
    for entry in minutes.recipients:
        _line(doc, entry, 11, align="LEFT").paragraph_format.keep_with_next = True
