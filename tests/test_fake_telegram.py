"""Self-test of the fake Telegram Bot API server against the real python-telegram-bot ``Bot``."""

import asyncio
import datetime as dtm
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter

from tests.fakes.telegram_server import FakeTelegram

USER = 5


@pytest_asyncio.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    """Run a fake server for the test."""
    async with FakeTelegram() as fake:
        yield fake


@pytest_asyncio.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    """Provide a real, initialized PTB Bot pointed at the fake."""
    async with Bot(tg.token, base_url=f"{tg.root}/bot", base_file_url=f"{tg.root}/file/bot") as real_bot:
        yield real_bot


def keyboard() -> InlineKeyboardMarkup:
    """Build a two-button inline keyboard."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("Đồng ý", callback_data="yes"), InlineKeyboardButton("Không", callback_data="no")]]
    )


@pytest.mark.asyncio
async def test_get_me(tg: FakeTelegram, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.first_name, me.username) == (123456, True, "Hiến kế", "hienke_test_bot")
    assert bot.username == "hienke_test_bot"


@pytest.mark.asyncio
async def test_send_message_with_inline_keyboard(tg: FakeTelegram, bot: Bot) -> None:
    msg = await bot.send_message(USER, "Bạn có đồng ý không?", reply_markup=keyboard())
    assert msg.text == "Bạn có đồng ý không?"
    assert msg.chat.id == USER and msg.from_user is not None and msg.from_user.id == 123456
    assert msg.reply_markup == keyboard()
    [sent] = await tg.wait_sent(USER, 1)
    assert sent.message_id == msg.message_id and sent.method == "sendMessage"
    assert tg.buttons(sent) == [("Đồng ý", "yes"), ("Không", "no")]
    second = await bot.send_message(USER, "<b>ok</b>", parse_mode="HTML")
    assert second.message_id == msg.message_id + 1 and second.reply_markup is None
    assert tg.sent[-1].parse_mode == "HTML"


@pytest.mark.asyncio
async def test_send_message_rejects_bad_text(tg: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "a" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(USER, "")
    assert tg.sent == []


@pytest.mark.asyncio
async def test_get_updates_offset_confirmation(tg: FakeTelegram, bot: Bot) -> None:
    tg.send_text(USER, "/start 123")
    [update] = await bot.get_updates(timeout=0)
    assert update.message is not None and update.message.text == "/start 123"
    [entity] = update.message.entities
    assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, 6)
    [again] = await bot.get_updates(timeout=0)  # not confirmed yet: delivered again
    assert again.update_id == update.update_id
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()
    assert tg.confirmed_offset == update.update_id + 1


@pytest.mark.asyncio
async def test_get_updates_long_poll_wakes_on_push(tg: FakeTelegram, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.1)
    tg.send_text(USER, "xin chào")
    updates = await asyncio.wait_for(poll, 1)
    assert [u.message.text for u in updates if u.message] == ["xin chào"]


@pytest.mark.asyncio
async def test_press_and_answer_callback_query(tg: FakeTelegram, bot: Bot) -> None:
    msg = await bot.send_message(USER, "Chọn", reply_markup=keyboard())
    tg.press(USER, "no")
    [update] = await bot.get_updates(timeout=1)
    query = update.callback_query
    assert query is not None and query.data == "no" and query.from_user.id == USER
    assert query.message is not None and query.message.message_id == msg.message_id
    assert await query.answer("Đã ghi nhận")
    assert tg.callback_answers == [{"callback_query_id": query.id, "text": "Đã ghi nhận"}]


@pytest.mark.asyncio
async def test_edit_message_text(tg: FakeTelegram, bot: Bot) -> None:
    msg = await bot.send_message(USER, "Chọn", reply_markup=keyboard())
    edited = await bot.edit_message_text("Cảm ơn", chat_id=USER, message_id=msg.message_id)
    assert isinstance(edited, Message)
    assert edited.text == "Cảm ơn" and edited.reply_markup is None and edited.edit_date is not None
    assert [(e.method, e.message_id, e.text) for e in tg.edits] == [("editMessageText", msg.message_id, "Cảm ơn")]
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Cảm ơn", chat_id=USER, message_id=msg.message_id)
    with pytest.raises(AssertionError, match="no message in chat 5 shows a button"):
        tg.press(USER, "yes")  # the keyboard is gone after the edit


@pytest.mark.asyncio
async def test_set_my_commands_by_scope_and_language(tg: FakeTelegram, bot: Bot) -> None:
    commands = [BotCommand("start", "Bắt đầu"), BotCommand("help", "Trợ giúp")]
    assert await bot.set_my_commands(commands, scope=BotCommandScopeChat(USER), language_code="en")
    key = tg.key(scope={"type": "chat", "chat_id": USER}, language_code="en")
    assert tg.commands == {
        key: [{"command": "start", "description": "Bắt đầu"}, {"command": "help", "description": "Trợ giúp"}]
    }
    assert await bot.get_my_commands(scope=BotCommandScopeChat(USER), language_code="en") == tuple(commands)
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Start", "x")])


@pytest.mark.asyncio
async def test_send_document_bytes_round_trip(tg: FakeTelegram, bot: Bot) -> None:
    data = b"%PDF-1.4 fake \x00\xff"
    msg = await bot.send_document(USER, InputFile(data, filename="báo cáo.pdf"), caption="Báo cáo tuần")
    assert msg.document is not None and msg.document.file_name == "báo cáo.pdf" and msg.caption == "Báo cáo tuần"
    [sent] = tg.sent_to(USER)
    assert (sent.method, sent.text, sent.document_name, sent.document_bytes) == (
        "sendDocument",
        "Báo cáo tuần",
        "báo cáo.pdf",
        data,
    )
    file = await bot.get_file(msg.document.file_id)
    assert bytes(await file.download_as_bytearray()) == data


@pytest.mark.asyncio
async def test_fail_next_429_is_retry_after(tg: FakeTelegram, bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    tg.fail_next("sendMessage", retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "hi")
    assert caught.value.retry_after == dtm.timedelta(seconds=3)
    await bot.send_message(USER, "hi")
    assert [m.text for m in tg.sent] == ["hi"]


@pytest.mark.asyncio
async def test_blocked_chat_is_forbidden(tg: FakeTelegram, bot: Bot) -> None:
    tg.blocked.add(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "hi")
    assert tg.sent == []


@pytest.mark.asyncio
async def test_webhook_conflict_and_wrong_token(tg: FakeTelegram, bot: Bot) -> None:
    assert await bot.set_webhook("https://example.test/hook", secret_token="s3cr3t")
    assert tg.webhook is not None and tg.webhook["secret_token"] == "s3cr3t"
    assert (await bot.get_webhook_info()).url == "https://example.test/hook"
    with pytest.raises(Conflict):
        await bot.get_updates(timeout=0)
    assert await bot.delete_webhook()
    assert tg.webhook is None
    with pytest.raises(InvalidToken):
        async with Bot("123456:WRONG", base_url=f"{tg.root}/bot"):
            pass


@pytest.mark.asyncio
async def test_wait_sent_times_out_with_dump(tg: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(USER, "một")
    with pytest.raises(AssertionError, match=r"(?s)at least 2 message.*sendMessage -> chat 5 #1: 'một'"):
        await tg.wait_sent(USER, 2, timeout=0.05)
