"""Properties of the Zalo OA adapter that hold for any input: messages within the OA's limits, every
button kept in order, any event parsed without error, and only a body signed with our key accepted."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.crypto import SecretBox
from bot.messages import Button
from bot.zalo_oa import BUTTON_PREFIX, MAX_TEXT, ZaloOAChannel, consultation_messages, template_payloads, to_received
from bot.zalo_oa_tokens import OATokens
from storage.db import Database
from tests.fakes.zalo_oa_server import FakeZaloOA

NO_DATABASE = Database.from_url("sqlite+aiosqlite:///:memory:")  # never connected: a signature is checked without it
texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6000)
labels = st.text(min_size=1, max_size=120).filter(str.strip)
button_lists = st.lists(st.builds(Button, labels, st.text(min_size=1, max_size=60)), max_size=17)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                           max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(texts, button_lists)
def test_consultation_messages_keep_to_the_limits_and_keep_every_button(text: str, buttons: list[Button]) -> None:
    messages = consultation_messages(text, buttons, "vi")
    shown: list[tuple[str, str]] = []
    for message in messages:
        payload: dict[str, Any] = message.get("attachment", {}).get("payload", {})
        assert 0 < len(message.get("text") or payload.get("text", "")) <= MAX_TEXT
        assert len(payload.get("buttons", [])) <= 5
        shown += [(b["title"], b["payload"]) for b in payload.get("buttons", [])]
    assert shown == [(b.label[:100], BUTTON_PREFIX + b.payload) for b in buttons]
    assert all(0 < len(title) <= 100 for title, _ in shown)


@settings(max_examples=100, deadline=None)
@given(texts, button_lists)
@example("\n", [])  # found by Hypothesis: a header and a body both empty once stripped
def test_templates_keep_to_the_limits(text: str, buttons: list[Button]) -> None:
    for payload in template_payloads("transaction", text, buttons, "vi", "42"):
        elements = {e["type"]: e for e in payload["elements"]}
        assert 0 < len(elements["text"]["content"]) <= MAX_TEXT and len(elements["header"]["content"]) <= 100
        assert elements["table"]["content"][0]["key"].startswith("Mã") and len(payload.get("buttons", [])) <= 4


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["event_name", "sender", "message", "follower", "timestamp", "recipient"]), json_values))
def test_any_event_is_parsed_or_ignored_never_a_crash(event: dict[str, Any]) -> None:
    received = to_received(event)
    assert received is None or received.inbound.channel == "zalo_oa"


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=8), st.text(max_size=30), max_size=5), st.integers(0, 200), st.binary(min_size=1, max_size=1))
def test_only_a_body_signed_with_our_key_is_accepted(extra: dict[str, str], position: int, byte: bytes) -> None:
    secret, app_id = "oa-secret", "4021108899"
    tokens = OATokens(NO_DATABASE, SecretBox("k" * 16, "t"), app_id, secret, "http://127.0.0.1:1", lambda: datetime.now(UTC))
    channel = ZaloOAChannel(tokens, "http://127.0.0.1:1", secret, window=timedelta(hours=48))
    body = json.dumps({"app_id": app_id, "timestamp": "1764470000000", "event_name": "user_send_text", **extra}).encode()
    signature = FakeZaloOA(app_id=app_id, secret_key=secret).sign(body, "1764470000000")
    assert channel.verify_webhook({"X-ZEvent-Signature": signature}, body)
    index = position % len(body)
    altered = body[:index] + byte + body[index + 1 :]
    assert altered == body or not channel.verify_webhook({"X-ZEvent-Signature": signature}, altered)
