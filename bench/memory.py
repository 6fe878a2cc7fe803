"""Resident memory of `hienke run` beside a bare python-telegram-bot echo bot, both polling a fake Bot API.

Each bot runs in a child process against the fake on 127.0.0.1; its resident set (VmRSS) is read when it
has started and idled, after 200 people wrote to it, and, for Hiến kế, after an admin's /summary and /report
(a Word document, made in a child process).

    .venv/bin/python -m bench.memory
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from storage import migrate
from storage.db import Database
from tests.fakes.telegram_server import FakeTelegram

ADMIN = 900
TARGET_MB = 60.0
ROOT = Path(__file__).resolve().parent.parent


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def answered(tg: FakeTelegram, chats: list[int], timeout: float = 60) -> bool:
    deadline = asyncio.get_running_loop().time() + timeout
    while any(not tg.sent_to(chat) for chat in chats):
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.1)
    return True


async def run(module: str, hienke: bool) -> dict[str, float]:
    workdir = Path(tempfile.mkdtemp(prefix="hienke-memory-"))
    db = Database.from_url(f"sqlite+aiosqlite:///{workdir / 'memory.db'}")
    await migrate.upgrade(db.engine)  # the bot starts on an up-to-date database, as after its first start
    await db.dispose()
    async with FakeTelegram() as tg:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": tg.token, "TELEGRAM_API_BASE_URL": tg.root,
               "DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'memory.db'}",
               "HIENKE_SECRET_KEY": "bench-only-secret-key-for-sealing-authors",
               "HIENKE_POLL_TIMEOUT": "1", "HIENKE_ADMINS": f"telegram:{ADMIN}", "PYTHONPATH": str(ROOT)}
        args = ["-m", "bot.cli", "run"] if hienke else ["-m", module]
        child = await asyncio.create_subprocess_exec(sys.executable, *args, cwd=workdir, env=env,
                                                     stdout=asyncio.subprocess.DEVNULL, stderr=(workdir / "bot.log").open("w"))
        figures: dict[str, float] = {}
        try:
            await asyncio.sleep(8)
            figures["idle"] = rss_mb(child.pid)
            people = list(range(5000, 5200))
            for user in people:
                tg.send_text(user, "/start" if hienke else "xin chào")
            await answered(tg, people)
            await asyncio.sleep(2)
            figures["after 200 people"] = rss_mb(child.pid)
            if hienke:
                for action in ("/start", "cs:yes", "/summary", "/report"):
                    before = len(tg.sent_to(ADMIN))
                    tg.press(ADMIN, action) if ":" in action else tg.send_text(ADMIN, action)
                    while len(tg.sent_to(ADMIN)) == before:
                        await asyncio.sleep(0.1)
                    await asyncio.sleep(1)
                await asyncio.sleep(5)
                figures["after /summary and /report"] = rss_mb(child.pid)
        finally:
            child.terminate()
            await child.wait()
    return figures


async def bench() -> bool:
    echo = await run("bench.echo_bot", hienke=False)
    ours = await run("bot.cli", hienke=True)
    print(f"{'':28} {'echo bot':>10} {'Hiến kế':>10} {'difference':>11}")
    for name, value in ours.items():
        base = echo.get(name, echo["after 200 people"])
        print(f"{name:28} {base:>8.1f} MB {value:>7.1f} MB {value - base:>8.1f} MB")
    worst = max(value - echo.get(name, echo["after 200 people"]) for name, value in ours.items())
    ok = worst <= TARGET_MB
    print(f"target (within {TARGET_MB:.0f} MB of the echo bot, idle and after the work):", "met" if ok else "NOT met")
    return ok


def main() -> int:
    return 0 if asyncio.run(bench()) else 1


if __name__ == "__main__":
    sys.exit(main())
