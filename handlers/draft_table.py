"""The disposition table ("Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý") as DOCX, in the Vietnamese
administrative layout, and as XLSX: the comments as people wrote them, as text only.

Imported by the export button when first pressed, so python-docx and openpyxl load then."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from bot.org import Organisation
from bot.texts import t
from handlers import documents, spreadsheets
from handlers.base import FONT
from handlers.draft_files import Synthesis, TableRow


def _outcome(row: TableRow) -> str:
    return f"{row.result}: {row.explanation}" if row.result and row.explanation else row.result or row.explanation


def _repeat_as_header(table: Table) -> None:
    """Show the first row again at the top of each page."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(marker)


COLUMN_WIDTHS_MM = (48, 44, 80, 80)


def _fill(cell: _Cell, text: str, width_mm: float, *, bold: bool = False, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT) -> None:
    """Write a table cell (an empty text adds no run, so merged cells stay clean)."""
    cell.width = Mm(width_mm)
    if text:
        documents.line(cell, text, 12, bold=bold, align=align)


def _table(document: DocxDocument, sheet: Synthesis) -> None:
    """The four columns: Nhóm vấn đề / Điều, khoản | Chủ thể góp ý | Nội dung góp ý | Tiếp thu, giải trình."""
    lang = sheet.language
    headers = [t(lang, f"doc.col.{name}") for name in ("section", "author", "content", "outcome")]
    table = documents.columns(document, 1, COLUMN_WIDTHS_MM)
    table.style = "Table Grid"
    for cell, header, width in zip(table.rows[0].cells, headers, COLUMN_WIDTHS_MM, strict=True):
        _fill(cell, header, width, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_as_header(table)
    for group in sheet.groups:
        first = len(table.rows)
        for row in group.rows:
            cells = table.add_row().cells
            for cell, value, width in zip(cells, ("", row.author, row.content, _outcome(row)), COLUMN_WIDTHS_MM, strict=True):
                _fill(cell, value, width)
        top = table.rows[first].cells[0]
        _fill(top, group.heading, COLUMN_WIDTHS_MM[0], bold=True)
        if len(group.rows) > 1:
            top.merge(table.rows[len(table.rows) - 1].cells[0])


def synthesis_docx(sheet: Synthesis, org: Organisation) -> bytes:
    """The table in the Vietnamese administrative layout: A4 landscape, Times New Roman, the org's letterhead."""
    document = documents.new_document(org, landscape=True)
    documents.letterhead(document, org, sheet.issued_on, sheet.language)
    documents.line(document, "", 13)
    documents.line(document, t(sheet.language, "doc.title"), 14, bold=True)
    documents.line(document, t(sheet.language, "doc.subtitle", title=sheet.draft_title), 14, bold=True)
    documents.line(document, "", 13)
    for text in sheet.lead:
        paragraph = documents.line(document, text, 13, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
        paragraph.paragraph_format.space_after = Pt(6)
    _table(document, sheet)
    documents.signature(document, org)
    return documents.save(document)


def synthesis_xlsx(sheet: Synthesis) -> bytes:
    """The same rows as a spreadsheet: one row a comment, result and explanation in their own columns."""
    lang = sheet.language
    book = Workbook()
    ws = book.active
    ws.title = t(lang, "doc.sheet")[:31]
    headers = ["#"] + [t(lang, f"doc.col.{name}") for name in ("section", "author", "content", "result", "explanation")]
    ws.append(spreadsheets.row(ws, [t(lang, "doc.title")]))
    ws.append(spreadsheets.row(ws, [t(lang, "doc.subtitle", title=sheet.draft_title)]))
    ws.append([])
    ws.append(spreadsheets.row(ws, headers))
    number = 0
    for group in sheet.groups:
        for row in group.rows:
            number += 1
            ws.append(spreadsheets.row(ws, [number, group.heading, row.author, row.content, row.result, row.explanation]))
    thin = Side(style="thin")
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.font = Font(name=FONT, size=12, bold=cell.row == 4)
    for cell in (ws["A1"], ws["A2"]):
        cell.font = Font(name=FONT, size=14, bold=True)
    for letter, width in zip("ABCDEF", (6, 30, 26, 50, 18, 50), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    return spreadsheets.save(book)
