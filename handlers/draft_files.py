"""Draft files: a DOCX or pasted text split into its articles, and what the disposition table holds
(written as DOCX and XLSX by `handlers.draft_table`).

A DOCX is a zip of XML parts, and anyone may upload one: before python-docx reads it, the zip's own table
of contents must show at most MAX_PARTS parts, MAX_UNPACKED_BYTES once unpacked (zipfile never unpacks a part
past the size its table declares), and no large part packed more than MAX_RATIO times (a zip bomb); reading
stops past PARSE_SECONDS, and splitting stops past MAX_SECTIONS. Each refusal is its own exception, so the
person hears which limit the file broke.

python-docx is imported inside `_docx_lines`, so it loads when the first draft file is read."""

from __future__ import annotations

import io
import logging
import re
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

HEADING_MAX = 300
GROUP_MAX = 300
MAX_SECTIONS = 1000  # the longest Vietnamese code (the Civil Code, 689 articles) fits
MAX_PARTS = 1000  # files inside the .docx
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # all its parts once unpacked
MAX_RATIO = 100  # how many times smaller than itself a part over RATIO_FROM may be packed
RATIO_FROM = 1024 * 1024
PARSE_SECONDS = 20.0

log = logging.getLogger(__name__)

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


class UnreadableDraft(ValueError):
    """A draft file or text the bot will not use, for a reason the person is told."""


class NotADocx(UnreadableDraft):
    """The bytes are not a Word (.docx) document (not a zip, a part missing, malformed XML)."""


class DocxTooLarge(UnreadableDraft):
    """Once unpacked the document is larger than the bot reads, or packed like a zip bomb."""


class TooManySections(UnreadableDraft):
    """More sections than a consultation can hold."""


class TooSlowToRead(UnreadableDraft):
    """Reading the document took longer than PARSE_SECONDS."""


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
    """Split a draft's lines into sections at its headings (Điều 1., I., 1., Chương I …); [] if none.
    Raises TooManySections past MAX_SECTIONS."""
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
                if len(sections) >= MAX_SECTIONS:
                    raise TooManySections(f"over {MAX_SECTIONS} sections")
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


def check_package(content: bytes) -> None:
    """Read only the zip's table of contents: raises NotADocx if it is no zip, DocxTooLarge if it unpacks too big."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise NotADocx(type(exc).__name__) from None
    if len(parts) > MAX_PARTS:
        raise DocxTooLarge(f"{len(parts)} parts")
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise DocxTooLarge("unpacks past the limit")
    if any(part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1) for part in parts):
        raise DocxTooLarge("packed like a zip bomb")


def _docx_lines(content: bytes, deadline: float) -> Iterator[str]:
    """The paragraphs of a DOCX body in order; a table row reads as its cells joined by ' | '."""
    from docx import Document  # python-docx loads with the first draft file read
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_package(content)
    try:
        document = Document(io.BytesIO(content))
        blocks = iter(document.iter_inner_content())
    except Exception as exc:  # a hostile file: python-docx, zipfile, zlib and lxml (XMLSyntaxError) raise many kinds
        log.info("an uploaded .docx could not be read: %s", type(exc).__name__)
        raise NotADocx(type(exc).__name__) from None
    while True:
        if time.monotonic() > deadline:
            raise TooSlowToRead(f"over {PARSE_SECONDS:.0f}s")
        try:
            block = next(blocks, None)
            if block is None:
                return
            if isinstance(block, Paragraph):
                lines = block.text.splitlines()
            elif isinstance(block, Table):
                lines = [" | ".join(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip())) for row in block.rows]
            else:
                lines = []
        except Exception as exc:  # malformed content python-docx meets only when it reads that block
            log.info("an uploaded .docx could not be read: %s", type(exc).__name__)
            raise NotADocx(type(exc).__name__) from None
        yield from lines


def docx_sections(content: bytes, seconds: float = PARSE_SECONDS) -> list[ParsedSection]:
    """The sections of a DOCX draft; raises an UnreadableDraft (NotADocx, DocxTooLarge, TooManySections,
    TooSlowToRead) for anything that is not one the bot can use."""
    return split_sections(_docx_lines(content, time.monotonic() + seconds))


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
