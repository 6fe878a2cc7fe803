"""Every XLSX the bot writes builds its cells here, so that what people typed stays text: never a formula
(a leading `=`), never an error value (`#N/A`), whatever it starts with (`=`, `+`, `-`, `@`, a tab, a line
break); characters a workbook cannot hold are dropped. Numbers and dates stay numbers and dates.

Modules that write workbooks import this one inside the function that writes, so openpyxl is loaded on
first use, not when the bot starts.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from handlers.base import FONT

MAX_CELL_TEXT = 32767  # Excel's limit for one cell
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

Sheet = Any  # a Worksheet or a WriteOnlyWorksheet (openpyxl ships no type information)
Table = tuple[str, Sequence[int], list[str], list[list[Any]]]  # title, column widths, headers, rows


def text(sheet: Sheet, value: str) -> Cell:
    """A cell holding `value` as plain text, exactly as given (less what a workbook cannot hold)."""
    made = Cell(sheet, row=1, column=1, value=ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT])
    made.data_type = "s"  # openpyxl would store a leading "=" as a formula and "#N/A" as an error
    return made


def cell(sheet: Sheet, value: Any) -> Any:
    """What `sheet.append` takes for `value`: a text cell for a str, a number, date or None as it is."""
    return text(sheet, value) if isinstance(value, str) else value


def row(sheet: Sheet, values: Iterable[Any]) -> list[Any]:
    """One row for `sheet.append`, every str in it a text cell."""
    return [cell(sheet, value) for value in values]


def save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table_cell(sheet: Sheet, value: Any) -> Any:
    """Dates with a date format, long texts wrapped at the top of their cell."""
    if isinstance(value, datetime):
        dated = Cell(sheet, row=1, column=1, value=value)
        dated.number_format = "dd/mm/yyyy hh:mm"
        return dated
    made = cell(sheet, value)
    if isinstance(value, str) and len(value) > 60:
        made.alignment = Alignment(wrap_text=True, vertical="top")
    return made


def tables(sheets: Sequence[Table]) -> bytes:
    """A workbook of one sheet per table in write-only mode (fast for 100,000 rows): bold headers, frozen under them."""
    book = Workbook(write_only=True)
    for title, widths, headers, rows in sheets:
        sheet: WriteOnlyWorksheet = book.create_sheet(title[:31])
        for letter, width in zip(LETTERS, widths, strict=False):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
        header = row(sheet, headers)
        for made in header:
            made.font = Font(name=FONT, bold=True)
        sheet.append(header)
        for values in rows:
            sheet.append([_table_cell(sheet, value) for value in values])
    return save(book)
