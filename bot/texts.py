"""The text catalogue and its lookup: what the runtime says itself, and what features register.

The runtime (dispatch, adapters) and every feature look texts up with `t`; features add their
entries with `register` when they are imported, so the runtime never imports a feature.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGUAGES = ("vi", "en")

CATALOGUE: dict[str, tuple[str, str]] = {
    # errors and refusals
    "error.need_text": (
        "Xin gửi câu trả lời bằng chữ (không phải ảnh, nhãn dán hay tệp).",
        "Please answer in text (not a photo, sticker or file).",
    ),
    "error.too_long": (
        "Nội dung dài {length} ký tự, quá giới hạn {limit} ký tự. Xin rút bớt {over} ký tự rồi gửi lại.",
        "That is {length} characters; the limit is {limit}. Please cut {over} characters and send it again.",
    ),
    "error.unknown_command": (
        "Không có lệnh /{command}. Gõ /help để xem các lệnh.",
        "There is no /{command} command. Type /help to see the commands.",
    ),
    "error.no_rights": (
        "Xin lỗi, bạn không có quyền dùng lệnh này.",
        "Sorry, you do not have the rights to use this command.",
    ),
    "error.need_consent": (
        "Để dùng tính năng này, xin gõ /start và đồng ý với thông báo về dữ liệu cá nhân.",
        "To use this, please type /start and accept the personal-data notice.",
    ),
    "menu.no_match": (
        "«{answer}» không phải một lựa chọn ở đây. Xin chọn một trong các lựa chọn dưới đây.",
        "“{answer}” is not one of the options here. Please choose one of those below.",
    ),
    "error.stale_button": (
        "Nút này đã hết hiệu lực.",
        "This button is no longer active.",
    ),
    "error.already_answered": (
        "Câu này đã được ghi nhận rồi.",
        "That was already recorded.",
    ),
    "error.not_understood": (
        "Tôi chưa hiểu ý bạn. Gõ /help để xem các lệnh.",
        "I did not understand. Type /help to see the commands.",
    ),
    "error.internal": (
        "Xin lỗi, đã có lỗi khi xử lý tin nhắn của bạn. Chúng tôi đã ghi nhận, xin thử lại sau.",
        "Sorry, something went wrong with your message. It has been logged; please try again later.",
    ),
    "error.unsupported": (
        "Xin lỗi, tôi chưa xử lý được loại tin nhắn này. Xin gửi bằng chữ.",
        "Sorry, I cannot handle this kind of message yet. Please send text.",
    ),
    "error.slow_down": (
        "Bạn gửi nhanh quá. Xin đợi một phút rồi gửi tiếp; các tin gửi thêm lúc này sẽ không được xử lý.",
        "You are sending very fast. Please wait a minute before sending more; messages sent now will not be handled.",
    ),
    # a group chat: told once to write in private
    "group.pointer": (
        "Hiến kế chỉ trò chuyện riêng, để ý kiến và thông tin của từng người không lộ ra nhóm.\n"
        "Xin nhắn riêng cho bot: {link}",
        "Hiến kế talks only in private chats, so that nobody's opinions or details are shown to a group.\n"
        "Please write to the bot privately: {link}",
    ),
    "group.pointer_typed": (
        "Hiến kế chỉ trò chuyện riêng, để ý kiến và thông tin của từng người không lộ ra nhóm.\n"
        "Xin mở trò chuyện riêng với bot và gõ /start.",
        "Hiến kế talks only in private chats, so that nobody's opinions or details are shown to a group.\n"
        "Please open a private chat with the bot and type /start.",
    ),
    # files on channels that cannot carry them
    "file.link": (
        "📎 {name}: {url}\n(liên kết dùng được trong {hours} giờ)",
        "📎 {name}: {url}\n(the link works for {hours} hours)",
    ),
    "file.elsewhere": (
        "📎 Không gửi được tệp {name} qua kênh này. Bạn có thể nhận tệp trên Telegram (liên kết tài khoản bằng /link).",
        "📎 The file {name} cannot be sent on this channel. You can get it on Telegram (link your accounts with /link).",
    ),
}


def register(entries: Mapping[str, tuple[str, str]]) -> None:
    """Add a feature's texts; a key registered twice with another text is a bug."""
    clash = sorted(key for key, value in entries.items() if CATALOGUE.get(key, value) != value)
    if clash:
        raise ValueError(f"texts registered twice: {clash}")
    CATALOGUE.update(entries)


def t(language: str, key: str, **values: Any) -> str:
    """The text for `key` in `language` (Vietnamese when unknown), with `values` filled in.

    With a whole `count` among the values, `key.one` (for 1) and `key.zero` (for 0) are used where registered:
    "1 answer", "nobody has answered yet" rather than "1 answers", "0 people (0%)".
    """
    count = values.get("count")
    if isinstance(count, int) and not isinstance(count, bool):
        variant = {0: f"{key}.zero", 1: f"{key}.one"}.get(count)
        key = variant if variant in CATALOGUE else key
    vi, en = CATALOGUE[key]
    template = en if language == "en" else vi
    return template.format(**values) if values else template


def plural(language: str, key: str, count: int, **values: Any) -> str:
    """`t` with the count written as people read it (10.000 / 10,000), its `.one` and `.zero` variants chosen."""
    variant = {0: f"{key}.zero", 1: f"{key}.one"}.get(count)
    chosen = variant if variant is not None and variant in CATALOGUE else key
    return t(language, chosen, count=num(language, count), **values)


def label(language: str, group: str, code: str) -> str:
    """The display name of a coded value such as field.health, or the code itself."""
    key = f"{group}.{code}"
    return t(language, key) if key in CATALOGUE else code


def num(language: str, value: float, decimals: int = 0) -> str:
    """10.000 and 4,2 in Vietnamese; 10,000 and 4.2 in English."""
    text = f"{value:,.{decimals}f}"
    return text if language == "en" else text.translate(str.maketrans(",.", ".,"))
