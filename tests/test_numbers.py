"""Everything typed or sent as a number is read by one parser (`bot.reading.number`): after NFKC, ASCII digits
only. A superscript, a full-width digit or a digit of another script never reaches `int()` unchecked: each
numeric question answers politely and changes nothing it should not."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from bot.reading import ID_DIGITS, number, number_at
from storage.models import Event, Identity, Person
from tests.conftest import ADMIN_ID, Harness
from tests.flows import member
from tests.test_conversations import option_number
from tests.test_events import new_event

USER = 1201
INTERNAL = ("Xin lỗi, đã có lỗi", "Sorry, something went wrong")
ZALO_USER = "zu-1201"


@given(st.text(max_size=80))
def test_number_reads_any_text_without_raising(text: str) -> None:
    found = number(text)
    if found is not None:
        cleaned = unicodedata.normalize("NFKC", text).strip()
        assert cleaned.isascii() and cleaned.isdigit() and int(cleaned) == found and len(cleaned) <= ID_DIGITS


@given(st.integers(min_value=0, max_value=10**ID_DIGITS - 1))
def test_ascii_digits_read_as_themselves(value: int) -> None:
    assert number(str(value)) == value
    assert number(f"  {value}\n") == value
    assert number_at(["x", str(value)], 1) == value and number_at(["x"], 1) is None


def test_what_is_and_is_not_a_number() -> None:
    assert number("¹⁹⁸⁰") == 1980  # superscripts: NFKC makes them ASCII digits
    assert number("１９８０") == 1980  # full-width, as some Vietnamese keyboards type them
    for wrong in ("١٩٨٠", "१९८०", "-5", "+5", "1_000", "1 000", "1.5", "", "   ", "²" * 10, "9" * 10, "1" * 100):
        assert number(wrong) is None, wrong
    assert number("9" * 11, digits=11) == int("9" * 11)


def no_internal_error(texts: list[str]) -> None:
    assert texts and not any(text.startswith(INTERNAL) for text in texts), texts


async def person_of(h: Harness, user_id: int) -> Person:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.user_id == str(user_id)))
        assert identity is not None
        return identity.person


async def test_birth_year_in_other_digits(harness: Harness) -> None:
    await member(harness, USER)
    for typed in ("١٩٨٠", "1980²", "-1980", "1" * 12, "¹⁹⁸⁰⁰"):
        await harness.say(USER, "/profile")
        await harness.press(USER, "pf:edit:birth_year")
        texts = await harness.say(USER, typed)
        no_internal_error(texts)
        assert texts[0].startswith("Năm sinh cần là số có 4 chữ số"), (typed, texts)
        assert (await person_of(harness, USER)).birth_year is None
    await harness.say(USER, "/profile")
    await harness.press(USER, "pf:edit:birth_year")
    no_internal_error(await harness.say(USER, "¹⁹⁸⁰"))
    assert (await person_of(harness, USER)).birth_year == 1980


async def test_capacity_in_other_digits(harness: Harness) -> None:
    await harness.join(ADMIN_ID)
    await harness.say(ADMIN_ID, "/newevent")
    for said in ("Đối thoại", "Lắng nghe.", "02/12/2026 14:00", "16:30", "Hội trường"):
        await harness.say(ADMIN_ID, said)
    for typed in ("٣٠", "3⁰⁰⁰⁰⁰⁰⁰⁰⁰", "٣"):
        texts = await harness.say(ADMIN_ID, typed)
        no_internal_error(texts)
        assert texts[0].startswith("Số người tối đa cần là một số từ 1 đến"), (typed, texts)
    no_internal_error(await harness.say(ADMIN_ID, "³⁰"))
    await harness.press(ADMIN_ID, "ne:skip:deadline")
    await harness.press(ADMIN_ID, "au:ok")
    await harness.press(ADMIN_ID, "ne:send")
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        assert await session.scalar(select(Event.capacity)) == 30


async def test_deep_links_and_commands_with_other_digits(harness: Harness) -> None:
    await harness.join(ADMIN_ID)
    event_id = await new_event(harness, capacity=None)
    await member(harness, USER)
    for link in ("/start ev_٢", "/start ev_" + "9" * 30, "/start ev_99999999999", "/start ev_²²²²²²²²²²²"):
        texts = await harness.say(USER, link)
        no_internal_error(texts)
        assert texts[0] == "Không tìm thấy buổi đối thoại này.", (link, texts)
    superscript = "".join("⁰¹²³⁴⁵⁶⁷⁸⁹"[int(d)] for d in str(event_id))
    texts = await harness.say(USER, f"/start ev_{superscript}")
    no_internal_error(texts)
    assert "Đối thoại về chuyển đổi số" in texts[0]
    for command in ("/report ٢٠٢٦", "/report ²⁰²⁶⁰", "/report " + "2" * 50):
        texts = await harness.say(ADMIN_ID, command)
        assert texts == ["Cách dùng: /report hoặc /report 2026 (năm)."], (command, texts)


async def test_forged_button_payloads_with_other_digits(harness: Harness) -> None:
    await harness.join(ADMIN_ID)
    await new_event(harness, capacity=None)
    await member(harness, USER)
    message = harness.last(USER).message_id
    forged = [
        "ev:o:²", "ev:o:٢", "ev:o:99999999999", "ev:r:¹:y", "pv:o:²", "pv:v:1:²", "pv:o:" + "9" * 40,
        "fb:topic:²", "pf:set:field:²", "pf:set:field:99999999999", "dr:o:²", "dr:l:1:²", "xi:²:a", "hy:²:y",
        "eo:o:²", "po:r:²", "fo:open:²", "fo:page:²", "au:t:field:²", "sm:p:²:³",
    ]
    for data in forged:
        texts = await harness.push(harness.tg.callback_update(USER, data, message))
        assert not any(text.startswith(INTERNAL) for text in texts), (data, texts)
    admin_message = harness.last(ADMIN_ID).message_id
    for data in ("eo:o:²", "po:r:²", "fo:open:²", "fo:page:٢", "bc:x:²", "hc:1:t:²", "xs:draft:²", "eo:o:99999999999"):
        texts = await harness.push(harness.tg.callback_update(ADMIN_ID, data, admin_message))
        assert not any(text.startswith(INTERNAL) for text in texts), (data, texts)


async def test_a_superscript_in_a_numbered_menu_on_zalo(harness: Harness) -> None:
    texts = await harness.zsay(ZALO_USER, "/start")
    no_internal_error(texts)
    agree = option_number(harness, ZALO_USER, "Đồng ý")
    superscript = "⁰¹²³⁴⁵⁶⁷⁸⁹"[int(agree)]
    texts = await harness.zsay(ZALO_USER, "٢")  # not a number here: read as words, which name no option
    no_internal_error(texts)
    texts = await harness.zsay(ZALO_USER, "9" * 12)
    no_internal_error(texts)
    texts = await harness.zsay(ZALO_USER, superscript)  # NFKC: the option's own digit
    no_internal_error(texts)
    assert any("✓ Bạn đã đồng ý." in text for text in texts), texts
