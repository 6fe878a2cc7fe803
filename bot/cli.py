"""The `hienke` command: run (polling), serve (webhooks), chat (console), db upgrade."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path

from bot.app import Application
from bot.console import ConsoleChannel, read_line
from bot.settings import CHANNELS, Settings, SettingsError, load_settings
from storage import migrate
from storage.db import Database

log = logging.getLogger("hienke")


class RedactSecrets(logging.Filter):
    """Blank out the bot tokens wherever they would appear in a log line."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            if any(secret in message for secret in self.secrets):
                for secret in self.secrets:
                    message = message.replace(secret, "[token]")
                record.msg, record.args = message, None
        return True


def setup_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    tokens = [s.get_secret_value() for s in (settings.telegram_bot_token, settings.zalo_bot_token) if s is not None]
    handler.addFilter(RedactSecrets(tokens))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry the token in the URL
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)


def _stop_on_signals(app: Application) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, app.stop_event.set)


async def run_polling(settings: Settings) -> None:
    app = await Application.build(settings)
    if not app.messengers:
        await app.close(grace=0)
        raise SettingsError(
            "Invalid setting TELEGRAM_BOT_TOKEN: `hienke run` needs it or ZALO_BOT_TOKEN (or use `hienke chat`)"
        )
    _stop_on_signals(app)
    try:
        log.info("Hiến kế is polling %s", ", ".join(m.name for m in app.messengers))
        await app.run_polling()
    finally:
        await app.close()


async def serve(settings: Settings, host: str, port: int) -> None:
    app = await Application.build(settings)
    _stop_on_signals(app)
    try:
        await app.serve(host, port)
        log.info("Hiến kế is listening on http://%s:%d", host, port)
        await app.stop_event.wait()
    finally:
        await app.close()


async def chat(settings: Settings, identity: str) -> None:
    """The console channel: type messages, read the bot's answers, answer menus with a digit."""
    channel_name, _, user_id = identity.partition(":")
    console = ConsoleChannel(channel_name, user_id, print, Path.cwd())
    app = await Application.build(settings, channels=[console])
    print(f"Hiến kế — {app.org.name}. Gõ /start để bắt đầu, /quit để thoát. (Type /start; /quit to leave.)")
    try:
        await app.sender.recover()
        await app.sender.drain_once()  # what arrived while away, such as an answer
        while True:
            line = await read_line("> ")
            if line is None or line.strip() == "/quit":
                break
            if not line.strip():
                continue
            await app.dispatcher.receive([console.received(line)])
            await app.dispatcher.process_pending()
            await app.sender.drain_once()
    finally:
        await app.close(grace=0)


async def db_upgrade(settings: Settings) -> None:
    db = Database.from_url(settings.database_url)
    try:
        await migrate.upgrade(db.engine)
        print(f"database at revision {await migrate.current_revision(db.engine)}")
    finally:
        await db.dispose()


def _identity(value: str) -> str:
    channel, sep, user_id = value.partition(":")
    if not sep or channel not in CHANNELS or not user_id:
        raise argparse.ArgumentTypeError(f"expected channel:id, e.g. telegram:12345 (channels: {', '.join(CHANNELS)})")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hienke", description="Hiến kế — consultation and feedback chatbot")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("run", help="long polling on every configured channel")
    serve_p = sub.add_parser("serve", help="webhooks and /healthz on an aiohttp server")
    serve_p.add_argument("--host", default=None)
    serve_p.add_argument("--port", type=int, default=None)
    chat_p = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat_p.add_argument("--as", dest="identity", type=_identity, default="console:local", help="channel:id to act as")
    db_p = sub.add_parser("db", help="database maintenance")
    db_p.add_argument("action", choices=["upgrade"])
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = load_settings()
        setup_logging(settings)
        command = args.command or ("run" if settings.telegram_bot_token or settings.zalo_bot_token else "chat")
        if command == "chat":
            logging.getLogger().setLevel(logging.WARNING)
            asyncio.run(chat(settings, getattr(args, "identity", "console:local")))
        elif command == "run":
            asyncio.run(run_polling(settings))
        elif command == "serve":
            asyncio.run(serve(settings, args.host or settings.hienke_host, args.port or settings.hienke_port))
        elif command == "db":
            asyncio.run(db_upgrade(settings))
    except SettingsError as exc:
        print(f"hienke: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
