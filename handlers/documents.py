"""The Vietnamese administrative layout shared by the documents the bot writes: page set-up, Times New Roman,
the letterhead of Decree 30/2020 (state) or Guideline 36-HD/VPTW (Party) from the organisation's profile,
place and date, one-run paragraphs, fixed-width tables and the signature block.

Paragraphs hold text only (one run each), with what XML cannot carry dropped. Modules that write documents
import this one inside the function that writes, so python-docx is loaded on first use."""

from __future__ import annotations

import io
import re
from datetime import date

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.styles.style import CharacterStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from bot.org import Organisation
from bot.texts import t
from handlers.base import FONT

NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # a .docx cannot hold these
LANDSCAPE_HEAD_MM = (100, 152)  # issuing body | national title, across A4 landscape's 252 mm of text
PORTRAIT_HEAD_MM = (80, 100)  # on A4 portrait, 7.5 mm into each margin, as templates do: the national title keeps to one line


def is_party(org: Organisation) -> bool:
    return org.document_profile == "party"


def body_size(org: Organisation) -> float:
    """14 pt under Guideline 36, 13 pt under Decree 30."""
    return 14 if is_party(org) else 13


def place_date(org: Organisation, day: date, language: str) -> str:
    """*Lai Châu, ngày 05 tháng 01 năm 2026*: day zero-padded, months 1 and 2 too (Decree 30)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return t(language, "doc.place_date", place=org.place_name or org.name, day=f"{day.day:02d}", month=month, year=day.year)


def font(run_or_style: Run | CharacterStyle, size: float, *, bold: bool = False, italic: bool = False) -> None:
    run_font = run_or_style.font
    run_font.name, run_font.size, run_font.bold, run_font.italic = FONT, Pt(size), bold, italic


def _paragraph(container: _Cell | DocxDocument) -> Paragraph:
    """A new paragraph, or a table cell's first one while it is still empty."""
    if isinstance(container, _Cell) and len(container.paragraphs) == 1 and not container.paragraphs[0].runs:
        return container.paragraphs[0]
    return container.add_paragraph()


def line(
    container: _Cell | DocxDocument,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
) -> Paragraph:
    """A paragraph of one run of plain text (what XML cannot hold dropped), with no space after it."""
    paragraph = _paragraph(container)
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(NOT_IN_XML.sub("", text))
    font(run, size, bold=bold, italic=italic)
    run.font.underline = underline
    return paragraph


def rule(container: _Cell | DocxDocument, indent_mm: float) -> None:
    """A short solid line, centred between equal indents: under the issuing body's name, or under a title."""
    paragraph = _paragraph(container)
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    paragraph.paragraph_format.line_spacing = Pt(7)  # a short empty line, so the rule sits just under the name
    paragraph.paragraph_format.space_after = Pt(8)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)


def columns(document: DocxDocument, rows: int, widths_mm: tuple[float, ...]) -> Table:
    """A centred table with fixed column widths (Word reads the cells', LibreOffice the grid's)."""
    table = document.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def _twips(element: str, twips: int) -> BaseOxmlElement:
    found = OxmlElement(element)
    found.set(qn("w:w"), str(twips))
    found.set(qn("w:type"), "dxa")
    return found


def _widen(document: DocxDocument, table: Table, widths_mm: tuple[float, ...]) -> None:
    """Let a heading table reach into both margins equally when it is wider than the text; no side padding."""
    section = document.sections[0]
    text_width = int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0)
    overflow = Mm(sum(widths_mm)) - text_width
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    margins.extend([_twips("w:left", 0), _twips("w:right", 0)])
    properties.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    if overflow <= 0:
        return
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    properties.remove(properties.find(qn("w:tblW")))
    properties.insert(0, _twips("w:tblW", int(Mm(sum(widths_mm)).twips)))
    after = ("w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
    properties.insert_element_before(_twips("w:tblInd", -int(overflow / 2 / 635)), *after)


def new_document(org: Organisation, *, landscape: bool) -> DocxDocument:
    """An A4 document in Times New Roman with the margins of both guidelines (20/20/30/15 mm)."""
    document = Document()
    normal = document.styles["Normal"]
    font(normal, body_size(org))
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    return document


def letterhead(
    document: DocxDocument,
    org: Organisation,
    issued_on: date,
    language: str,
    *,
    number: str | None = None,
    widths_mm: tuple[float, float] = LANDSCAPE_HEAD_MM,
) -> None:
    """Issuing body (and the document's number) on the left, national or Party title and place-date on the right."""
    party = is_party(org)
    size = body_size(org)
    table = columns(document, 1, widths_mm)
    _widen(document, table, widths_mm)
    left, right = table.rows[0].cells
    if org.parent:
        line(left, org.parent.upper(), size)
    line(left, org.name.upper(), size, bold=True)
    if party:
        line(left, "*", size)
        line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True, underline=True)
    else:
        rule(left, widths_mm[0] * 0.28)
        line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
        line(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, underline=True)
    if number is not None:
        line(left, number, size)
    line(right, "", size)
    line(right, place_date(org, issued_on, language), size, italic=True)


def save(document: DocxDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def signature(document: DocxDocument, org: Organisation, widths_mm: tuple[float, float] = LANDSCAPE_HEAD_MM) -> _Cell | None:
    """The signing authority centred over the right half; the left cell is returned for the recipients, if any."""
    if not org.signature:
        return None
    line(document, "", 13)
    table = columns(document, 1, widths_mm)
    _widen(document, table, widths_mm)
    left, right = table.rows[0].cells
    line(right, org.signature.upper(), body_size(org), bold=True)
    return left
