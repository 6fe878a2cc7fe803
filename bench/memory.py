"""Resident memory of `hienke run` beside a bare python-telegram-bot echo bot, both polling a fake Bot API.

Each bot runs in a child process against the fake on 127.0.0.1; its resident set (VmRSS) is read when it
has started and idled, after 200 people wrote to it (/start, then a sentence), and, for Hiến kế, after an admin's /summary and /report
(a Word document, made in a child process).

    .venv/bin/python -m bench.memory
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bench.seeding import BotProcess, fresh_database
from tests.fakes.telegram_server import FakeTelegram, SentMessage

ADMIN = 900
TARGET_MB = 60.0  # idle, above the echo bot
KEPT_MB = 2.0  # what a /summary and a /report may leave behind (the heavy work runs in a child process)
WRITTEN = "Tôi muốn góp ý về con đường đến trường của xã"  # long enough for the bot to tell its language
ROOT = Path(__file__).resolve().parent.parent


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def everyone_writes(tg: FakeTelegram, people: list[int], text: str) -> None:
    """Each person sends `text`; waits until the bot answered every one of them."""
    before = Counter(message.chat_id for message in tg.sent)
    for user in people:
        tg.send_text(user, text)

    def answered() -> bool:
        now = Counter(message.chat_id for message in tg.sent)
        return all(now[user] > before[user] for user in people)

    await tg.wait_for(answered, timeout=120)


async def admin_does(tg: FakeTelegram, action: str, done: Callable[[list[SentMessage]], bool]) -> None:
    """The admin types a command (or presses a button, `prefix:data`); waits until `done(what the bot answered)`."""
    before = len(tg.sent_to(ADMIN))
    tg.press(ADMIN, action) if ":" in action else tg.send_text(ADMIN, action)
    await tg.wait_for(lambda: done(tg.sent_to(ADMIN)[before:]), timeout=120)
    await asyncio.sleep(1)


async def run(module: str, hienke: bool) -> dict[str, float]:
    workdir = Path(tempfile.mkdtemp(prefix="hienke-memory-"))
    url, db = await fresh_database(None, workdir)  # the bot starts on an up-to-date database, as after its first start
    await db.dispose()
    async with FakeTelegram() as tg:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": tg.token, "TELEGRAM_API_BASE_URL": tg.root, "DATABASE_URL": url,
               "HIENKE_SECRET_KEY": "bench-only-secret-key-for-sealing-authors",
               "HIENKE_POLL_TIMEOUT": "1", "HIENKE_ADMINS": f"telegram:{ADMIN}", "PYTHONPATH": str(ROOT)}
        bot = BotProcess(("run",) if hienke else (), env, workdir, module=module)
        await bot.start()
        assert bot.child is not None
        child = bot.child
        figures: dict[str, float] = {}
        try:
            await asyncio.sleep(8)
            figures["idle"] = rss_mb(child.pid)
            people = list(range(5000, 5200))
            for text in ("/start", WRITTEN):
                await everyone_writes(tg, people, text)
            await asyncio.sleep(2)
            figures["after 200 people"] = rss_mb(child.pid)
            if hienke:
                await admin_does(tg, "/start", lambda sent: any(tg.buttons(m) for m in sent))  # the consent notice
                await admin_does(tg, "cs:yes", lambda sent: bool(sent))
                await admin_does(tg, "/summary", lambda sent: any((m.text or "").startswith("📊") for m in sent))
                await admin_does(tg, "/report", lambda sent: any(m.method == "sendDocument" for m in sent))
                await asyncio.sleep(5)
                figures["after /summary and /report"] = rss_mb(child.pid)
        finally:
            await bot.stop()
    return figures


async def bench() -> bool:
    echo = await run("bench.echo_bot", hienke=False)
    ours = await run("bot.cli", hienke=True)
    print(f"{'':28} {'echo bot':>10} {'Hiến kế':>10} {'difference':>11}")
    for name, value in ours.items():
        base = echo.get(name, echo["after 200 people"])
        print(f"{name:28} {base:>8.1f} MB {value:>7.1f} MB {value - base:>8.1f} MB")
    idle = ours["idle"] - echo["idle"]
    kept = ours["after /summary and /report"] - ours["after 200 people"]
    ok = idle <= TARGET_MB and kept <= KEPT_MB
    print(f"target (idle within {TARGET_MB:.0f} MB of the echo bot; /summary and /report keep at most {KEPT_MB:.0f} MB):",
          "met" if ok else "NOT met", f"(idle {idle:.1f} MB, kept {kept:.1f} MB)")
    return ok


def main() -> int:
    return 0 if asyncio.run(bench()) else 1


if __name__ == "__main__":
    sys.exit(main())
