"""Draft files: a DOCX or pasted text split into its articles, and what the disposition table holds
(written as DOCX and XLSX by `handlers.draft_table`).

python-docx is imported inside `_docx_lines`, so it loads when the first draft file is read."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

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
    from docx import Document  # python-docx loads with the first draft file read
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

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
