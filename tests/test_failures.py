"""A handler that fails: the person gets the apology, the inbox row keeps nothing of the message (no text, no chat),
and the failure is counted by its error class where admins see it: /healthz and the weekly digest."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import Application
from bot.conversation import Context
from bot.messages import Reply
from storage.models import HandlerFailure, InboxUpdate
from tests.conftest import ADMIN_ID, Harness
from tests.fakes.telegram_server import FakeTelegram
from tests.test_summary import digests_received, run_due
from tests.test_webhook import WebhookClient, webhook  # noqa: F401  (the fixture)

USER = 1204
SECRET_WORDS = "bí mật của tôi 0912345678"


def install_a_broken_command(app: Application | None) -> None:
    """A command whose handler has a bug (a KeyError), as a feature under development might."""
    assert app is not None

    async def broken(ctx: Context) -> list[Reply]:
        return [Reply({}["missing"])]

    app.router.command("broken")(broken)


async def test_a_failed_message_keeps_nothing_and_is_counted(webhook: WebhookClient, tg: FakeTelegram) -> None:  # noqa: F811
    await webhook.deliver(tg.message_update(USER, "/start"))
    await webhook.deliver(tg.callback_update(USER, "cs:yes", tg.sent_to(USER)[-1].message_id))
    install_a_broken_command(webhook.app)
    texts = await webhook.deliver(tg.message_update(USER, f"/broken {SECRET_WORDS}"))
    assert texts == ["Xin lỗi, đã có lỗi khi xử lý tin nhắn của bạn. Chúng tôi đã ghi nhận, xin thử lại sau."]
    async with webhook.app.db.transaction() as session:
        failed = (await session.scalars(select(InboxUpdate).where(InboxUpdate.status == "failed"))).all()
        counted = (await session.scalars(select(HandlerFailure))).all()
    assert len(failed) == 1
    assert failed[0].payload is None and str(USER) not in failed[0].chat_key and failed[0].error == "KeyError"
    assert [(row.error, row.count) for row in counted] == [("KeyError", 1)]
    await webhook.deliver(tg.message_update(USER, "/broken again"))
    async with webhook.session.get(f"{webhook.url}/healthz") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ok", "handler_failures_7d": {"KeyError": 2}}


async def test_the_weekly_digest_tells_admins_of_failures(harness: Harness) -> None:
    await harness.join(ADMIN_ID)
    await run_due(harness)  # the first check ever only notes last week's digest as past
    install_a_broken_command(harness.app)
    await harness.say(ADMIN_ID, "/broken")
    harness.clock.advance(days=7)
    await run_due(harness)
    digest = digests_received(harness)
    assert len(digest) == 1
    texts = [m.text or "" for m in harness.tg.sent_to(ADMIN_ID)]
    assert "⚠️ Tuần qua bot gặp lỗi khi xử lý 1 tin nhắn (KeyError ×1). Người gửi đã được báo; xin xem nhật ký máy chủ để sửa." in texts


async def test_an_update_that_fails_among_others_handled_together_fails_alone(harness: Harness, tg: FakeTelegram) -> None:
    """Several chats' updates, fetched together, are handled in one transaction; when one handler fails, the others
    are still answered once each, and only the failing update is recorded and apologised for."""
    users = [USER, USER + 1, USER + 2]
    for user in users:
        await harness.join(user)
    install_a_broken_command(harness.app)
    before = len(tg.sent)
    tg.send_text(users[0], "/polls")  # queued together: one getUpdates, one batch
    tg.send_text(users[1], f"/broken {SECRET_WORDS}")
    tg.send_text(users[2], "/polls")
    await harness.settle()
    said = {user: [m.text for m in tg.sent[before:] if m.chat_id == user] for user in users}
    assert said[users[1]] == ["Xin lỗi, đã có lỗi khi xử lý tin nhắn của bạn. Chúng tôi đã ghi nhận, xin thử lại sau."]
    assert said[users[0]] == said[users[2]] and len(said[users[0]]) == 1 and said[users[0]] != said[users[1]]
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        failed = (await session.scalars(select(InboxUpdate).where(InboxUpdate.status == "failed"))).all()
        counted = (await session.scalars(select(HandlerFailure))).all()
    assert [row.error for row in failed] == ["KeyError"]
    assert [(row.error, row.count) for row in counted] == [("KeyError", 1)]
