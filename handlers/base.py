"""Small helpers the features share to build replies and read answers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

from bot.conversation import Context
from bot.messages import Attachment, Button, Reply
from bot.texts import num

Rows = tuple[tuple[Button, ...], ...]
FILE_KINDS = ("photo", "document")

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "Times New Roman"  # of every document and workbook the bot writes


def buttons(*rows: Sequence[tuple[str, str]]) -> Rows:
    """Build button rows from (label, payload) pairs."""
    return tuple(tuple(Button(label, payload) for label, payload in row) for row in rows)


def in_rows(pairs: Sequence[tuple[str, str]], per_row: int = 2) -> Rows:
    return buttons(*(pairs[i : i + per_row] for i in range(0, len(pairs), per_row)))


def numbered_choices(head: str, entries: Sequence[tuple[str, str, str]]) -> Reply:
    """`head`, then `1. text` for each (text, button label, payload), with one button per entry."""
    lines = [head, *(f"{n}. {text}" for n, (text, _, _) in enumerate(entries, 1))]
    return Reply("\n".join(lines), buttons(*([(label[:40], payload)] for _, label, payload in entries)))


def payload_parts(ctx: Context) -> list[str]:
    """`pf:field:health` -> ["pf", "field", "health"]."""
    return (ctx.inbound.payload or "").split(":")


def text_problem(ctx: Context, max_len: int) -> str | None:
    """Why the inbound cannot be taken as a text answer (in the person's language), or None."""
    text = ctx.inbound.text
    if text is None or not text.strip() or ctx.inbound.attachments:
        return ctx.t("error.need_text")
    if len(text) > max_len:
        return too_long(ctx, len(text), max_len)
    return None


def too_long(ctx: Context, length: int, limit: int) -> str:
    """How long the text is, the limit, and how much to cut."""
    return ctx.t("error.too_long", length=num(ctx.lang, length), limit=num(ctx.lang, limit), over=num(ctx.lang, length - limit))


def kept_files(ctx: Context) -> list[dict[str, Any]]:
    """The photos and documents of this message, as stored: by their channel file id."""
    return [{"channel": ctx.inbound.channel, **asdict(a)} for a in ctx.inbound.attachments if a.kind in FILE_KINDS]


def resend_files(ctx: Context, items: Sequence[dict[str, Any]], caption: Callable[[int, int], str]) -> list[Reply]:
    """Stored files re-sent by their file id on the channel they came from (elsewhere, a line saying where)."""
    replies = []
    for index, item in enumerate(items, start=1):
        text = caption(index, len(items))
        if item["channel"] != ctx.inbound.channel:
            replies.append(Reply(ctx.t("inbox.file_elsewhere", caption=text, channel=item["channel"])))
            continue
        file = Attachment(item["kind"], item["file_id"], item.get("file_name"), item.get("mime_type"))
        replies.append(Reply(text, file=file))
    return replies
