"""Draft files: a DOCX or pasted text split into its articles, and the disposition table as DOCX and XLSX."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from bot.org import Organisation
from bot.texts import t
from handlers import documents
from handlers.documents import FONT

HEADING_MAX = 300
GROUP_MAX = 300

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
# Heading kinds, from the largest division to the smallest; a draft is split at the finest one it uses.
PATTERNS: dict[str, re.Pattern[str]] = {
    "part": re.compile(rf"^phần\s+(?:thứ\s+\w+|{_ROMAN}|\d+)\b", re.IGNORECASE),
    "chapter": re.compile(rf"^chương\s+(?:{_ROMAN}|\d+)\b", re.IGNORECASE),
    "division": re.compile(r"^mục\s+\d+\b", re.IGNORECASE),
    "article": re.compile(r"^điều\s+\d+[a-zđ]?\s*[.:]?", re.IGNORECASE),
    "roman": re.compile(rf"^(?=[IVX])({_ROMAN})\s*[.)]\s*\S"),
    "number": re.compile(r"^\d{1,3}\s*(?:\.|\))\s+\S"),
}
# For each level a draft may be split at: the larger headings that group its sections.
SPLITS = {
    "article": ("part", "chapter", "division"),
    "roman": ("part", "chapter"),
    "number": ("part", "chapter"),
    "division": ("part", "chapter"),
    "chapter": ("part",),
    "part": (),
}


class NotADocx(ValueError):
    """The bytes are not a Word (.docx) document."""


@dataclass(frozen=True)
class ParsedSection:
    group_title: str | None
    heading: str
    body: str


def _clean(line: str) -> str:
    """One line as NFC Unicode (some keyboards type decomposed accents), spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", line).split())


def heading_kind(line: str) -> str | None:
    """Which kind of heading a line is ("article", "roman", …), or None for ordinary text."""
    return next((kind for kind, pattern in PATTERNS.items() if pattern.match(line)), None)


def _split_level(kinds: list[str]) -> str | None:
    """The level to split at: articles first, then Roman, then numbered items, else the largest divisions."""
    for level in ("article", "roman"):
        if level in kinds:
            return level
    if kinds.count("number") >= 2:
        return "number"
    return next((level for level in ("division", "chapter", "part") if level in kinds), None)


def _heading_and_body_start(line: str) -> tuple[str, list[str]]:
    """A heading line that is a whole paragraph is cut for the heading and kept whole in the body."""
    if len(line) <= 160:
        return line, []
    return line[:150].rsplit(" ", 1)[0] + " …", [line]


def split_sections(lines: Iterable[str]) -> list[ParsedSection]:
    """Split a draft's lines into sections at its headings (Điều 1., I., 1., Chương I …); [] if none."""
    cleaned = [line for line in map(_clean, lines) if line]
    kinds = [kind for kind in map(heading_kind, cleaned) if kind is not None]
    level = _split_level(kinds)
    if level is None:
        return []
    groups: dict[str, str] = {}
    open_group: str | None = None
    sections: list[ParsedSection] = []
    heading: str | None = None
    group: str | None = None
    body: list[str] = []
    for line in cleaned:
        kind = heading_kind(line)
        if kind == level:
            if heading is not None:
                sections.append(ParsedSection(group, heading, "\n".join(body)))
            heading, body = _heading_and_body_start(line)
            group, open_group = _group_title(groups), None
        elif kind in SPLITS[level]:
            rank = SPLITS[level].index(kind)
            groups = {k: v for k, v in groups.items() if SPLITS[level].index(k) < rank} | {kind: line}
            open_group = kind
        elif open_group is not None:
            groups[open_group] = f"{groups[open_group]}. {line}"  # the title line under "Chương I"
        elif heading is not None:
            body.append(line)
    if heading is not None:
        sections.append(ParsedSection(group, heading, "\n".join(body)))
    return sections


def _group_title(groups: dict[str, str]) -> str | None:
    title = " — ".join(groups.values())
    return title[:GROUP_MAX] if title else None


def _docx_lines(content: bytes) -> Iterator[str]:
    """The paragraphs of a DOCX body in order; a table row reads as its cells joined by ' | '."""
    try:
        document = Document(io.BytesIO(content))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise NotADocx(str(exc)) from exc
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield from block.text.splitlines()
        elif isinstance(block, Table):
            for row in block.rows:
                yield " | ".join(dict.fromkeys(cell.text.strip() for cell in row.cells if cell.text.strip()))


def docx_sections(content: bytes) -> list[ParsedSection]:
    """The sections of a DOCX draft; raises NotADocx for anything that is not one."""
    return split_sections(_docx_lines(content))


def short_heading(heading: str, limit: int = 32) -> str:
    """A heading cut to fit a button."""
    return heading if len(heading) <= limit else heading[: limit - 1].rstrip() + "…"


# ------------------------------------------------------------------ the disposition table


@dataclass(frozen=True)
class TableRow:
    author: str
    content: str
    result: str  # the disposition's label, "" while undecided
    explanation: str


@dataclass(frozen=True)
class TableGroup:
    heading: str
    rows: list[TableRow]


@dataclass(frozen=True)
class Synthesis:
    """Everything the table shows, in the language it is written in."""

    language: str
    draft_title: str
    lead: list[str]
    groups: list[TableGroup]
    issued_on: date


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
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def synthesis_xlsx(sheet: Synthesis) -> bytes:
    """The same rows as a spreadsheet: one row a comment, result and explanation in their own columns."""
    lang = sheet.language
    book = Workbook()
    ws = book.active
    ws.title = t(lang, "doc.sheet")[:31]
    headers = ["#"] + [t(lang, f"doc.col.{name}") for name in ("section", "author", "content", "result", "explanation")]
    ws.append([t(lang, "doc.title")])
    ws.append([t(lang, "doc.subtitle", title=sheet.draft_title)])
    ws.append([])
    ws.append(headers)
    number = 0
    for group in sheet.groups:
        for row in group.rows:
            number += 1
            ws.append([number, group.heading, row.author, row.content, row.result, row.explanation])
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
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
