"""The `hienke` command: run (polling), serve (webhooks), chat (console), db upgrade, backup and restore, secret,
rotate-key."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import traceback
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from pydantic import SecretStr
from sqlalchemy.engine import make_url

from bot.app import Application, oa_tokens, prepare_schema
from bot.console import ConsoleChannel, converse, read_line, until_answered
from bot.crypto import SecretBox
from bot.settings import CHANNELS, Settings, SettingsError, load_settings
from bot.zalo_oa_tokens import TokenUnavailable
from storage import anonymous, backup, keyring, leases, migrate, repo, sealing, zalo_oa
from storage.db import DATABASE_DOWN_ERRORS, Database, utcnow

log = logging.getLogger("hienke")


class RedactSecrets(logging.Filter):
    """Blank out the bot tokens wherever they would appear in a log line."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= 8]  # a short one would blank ordinary words

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            if any(secret in message for secret in self.secrets):
                for secret in self.secrets:
                    message = message.replace(secret, "[token]")
                record.msg, record.args = message, None
        return True


def secrets_of(settings: Settings) -> list[str]:
    """Every secret a setting holds: the tokens and keys (every SecretStr setting), the database password."""
    values = (getattr(settings, name) for name in type(settings).model_fields)
    found = [value.get_secret_value() for value in values if isinstance(value, SecretStr)]
    password = make_url(settings.database_url).password if "://" in settings.database_url else None
    return found + ([password] if password else [])


def redact(text: str, secrets: list[str]) -> str:
    """`text` with every secret (8 characters or more, as RedactSecrets) blanked."""
    for secret in secrets:
        if len(secret) >= 8:
            text = text.replace(secret, "[secret]")
    return text


# Loggers that speak at INFO about routine work (each scheduler tick, each migration step): heard only with --debug.
CHATTY = ("apscheduler", "alembic", "httpx", "httpcore", "aiohttp.access")


def setup_logging(settings: Settings, debug: bool = False) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets_of(settings)))
    logging.basicConfig(level=logging.DEBUG if debug else logging.INFO, handlers=[handler], force=True)
    for name in CHATTY:  # httpx's INFO lines also carry the token in the URL
        logging.getLogger(name).setLevel(logging.DEBUG if debug and name.startswith(("apscheduler", "alembic")) else logging.WARNING)


def startup_problem(exc: BaseException, settings: Settings) -> str:
    """One line naming what stopped the bot: a token the messenger rejected, the database out of reach, or the error."""
    from telegram.error import InvalidToken

    from bot.zalo import ZaloApiError

    if isinstance(exc, InvalidToken):
        return "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): check the token BotFather gave"
    if isinstance(exc, ZaloApiError) and exc.code in (401, 403):
        return f"Zalo rejected ZALO_BOT_TOKEN ({exc.code}): check the token of the Zalo bot"
    if isinstance(exc, DATABASE_DOWN_ERRORS) and not isinstance(exc, (FileNotFoundError, PermissionError)):
        where = make_url(settings.database_url).render_as_string(hide_password=True) if "://" in settings.database_url else "?"
        return f"the database is unreachable ({type(exc).__name__}) at {where}: check DATABASE_URL and that it is running"
    return f"stopped by {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"


def _stop_on_signals(app: Application) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, app.stop_event.set)


async def run_polling(settings: Settings) -> None:
    app = await Application.build(settings)
    if not app.messengers:
        await app.close(grace=0)
        raise SettingsError(
            "Invalid setting TELEGRAM_BOT_TOKEN: `hienke run` needs it, ZALO_BOT_TOKEN or a Zalo OA (or use `hienke chat`)"
        )
    _stop_on_signals(app)
    try:
        log.info("Hiến kế is polling %s", ", ".join(m.name for m in app.messengers))
        await app.run_polling()
    finally:
        await app.close()
        log.info("Hiến kế stopped")


async def serve(settings: Settings, host: str, port: int) -> None:
    app = await Application.build(settings)
    _stop_on_signals(app)
    try:
        await app.serve(host, port)
        log.info("Hiến kế is listening on http://%s:%d", host, port)
        await app.stop_event.wait()
    finally:
        await app.close()
        log.info("Hiến kế stopped")


async def chat(settings: Settings, identity: str) -> None:
    """The console channel: the same application as `run` (dispatch, sending, the scheduler) in this terminal;
    type messages, read the bot's answers, answer menus with a digit or the option's words."""
    channel_name, _, user_id = identity.partition(":")
    console = ConsoleChannel(channel_name, user_id, print, settings.hienke_files_dir)
    app = await Application.build(settings, channels=[console])
    print(f"Hiến kế — {app.org.name}. Gõ /start để bắt đầu, /quit để thoát. (Type /start; /quit to leave.)")
    try:
        await app.scheduler.run_due()  # what fell due while away (a poll's closing, a broadcast's progress) comes first
        await app.start(own_sender=True)
        await until_answered(app, console)  # what arrived while away, such as an answer
        while True:
            line = await read_line("> ")
            if line is None or line.strip() == "/quit":
                break
            if line.strip():
                await converse(app, console, line)
    finally:
        await app.close()


async def db_upgrade(settings: Settings) -> None:
    db = Database.from_url(settings.database_url)
    try:
        await migrate.upgrade(db.engine)
        print(f"database at revision {await migrate.current_revision(db.engine)}")
    finally:
        await db.dispose()


async def db_backup(settings: Settings, file: Path) -> None:
    """`hienke db backup FILE`: a consistent copy while the bot runs (SQLite's backup API, or pg_dump)."""
    try:
        await backup.backup(settings.database_url, file)
    except backup.BackupError as exc:
        raise SettingsError(f"backup not made: {exc}") from None
    print(f"backup written to {file} ({file.stat().st_size} bytes)")


async def db_restore(settings: Settings, file: Path) -> None:
    """`hienke db restore FILE`: into an empty database; then the schema is brought to this version's."""
    try:
        await backup.restore(settings.database_url, file)
    except backup.BackupError as exc:
        raise SettingsError(f"nothing restored: {exc}") from None
    db = Database.from_url(settings.database_url)
    try:
        restored = await migrate.current_revision(db.engine)
        await migrate.upgrade(db.engine)
        async with db.transaction() as session:
            await leases.clear(session)
        print(f"restored {file} (schema {restored}, now {await migrate.current_revision(db.engine)}); start the bot as usual")
    finally:
        await db.dispose()


async def rotate_key(settings: Settings, old: str) -> None:
    """Re-seal and re-tag every anonymous author (and the OA's tokens) under HIENKE_SECRET_KEY, in one transaction."""
    if settings.hienke_secret_key is None:
        raise SettingsError("Missing setting HIENKE_SECRET_KEY: the new key, which `rotate-key` seals everything under")
    new = settings.hienke_secret_key.get_secret_value()
    db = Database.from_url(settings.database_url)
    try:
        await prepare_schema(db, allow_create=False)
        async with db.transaction() as session:
            try:
                old_keys = await keyring.load_keys(session, old)
            except sealing.KeyRefused:
                raise SettingsError("Invalid option --old: it is not the key this database was sealed with") from None
            new_keys = await keyring.replace_keyring(session, new)
            moved = await anonymous.rotate(session, old_keys.open, new_keys)
            await repo.clear_menus(session)
            old_box, new_box = SecretBox(old, "zalo-oa-tokens"), SecretBox(new, "zalo-oa-tokens")
            await zalo_oa.reseal_tokens(session, lambda token: new_box.seal(opened) if (opened := old_box.open(token)) else token)
        print(f"{moved} anonymous authors sealed under the new key; start the bot with it from now on")
    finally:
        await db.dispose()


def _code_from(answer: str) -> str:
    """The code itself, or the `code` parameter of the address Zalo sent the browser to."""
    answer = answer.strip()
    if "code=" in answer:
        return parse_qs(urlparse(answer).query or answer.split("?", 1)[-1]).get("code", [""])[0]
    return answer


async def zalo_oa_authorize(settings: Settings, code: str | None, redirect_uri: str | None) -> None:
    """Print the link an OA admin opens to grant access, then store the first tokens from the code Zalo gives back."""
    if not settings.zalo_oa_configured:
        raise SettingsError("Invalid setting ZALO_OA_APP_ID: `hienke zalo-oa authorize` needs it and ZALO_OA_SECRET_KEY")
    if settings.hienke_secret_key is None:
        raise SettingsError("Missing setting HIENKE_SECRET_KEY: it encrypts the OA's tokens in the database")
    redirect = redirect_uri or (f"{settings.hienke_public_url}/zalo-oa/authorized" if settings.hienke_public_url else None)
    db = Database.from_url(settings.database_url)
    try:
        await prepare_schema(db)
        tokens = oa_tokens(settings, db, utcnow)
        if code is None:
            if redirect is None:
                raise SettingsError("Invalid setting HIENKE_PUBLIC_URL: give --redirect-uri, the callback URL registered for the app")
            challenge = await tokens.begin_authorization()
            print("1. Open this link as an admin of the Official Account and allow the app:")
            print(tokens.authorization_link(challenge, redirect, state="hienke"))
            print("2. Zalo then opens an address with ?code=…; paste that address (or only the code) here.")
            answer = await read_line("code: ")
            code = _code_from(answer or "")
        if not code:
            raise SettingsError("No authorisation code given: run `hienke zalo-oa authorize` again")
        try:
            issued = await tokens.complete_authorization(_code_from(code))
        except TokenUnavailable as exc:
            print(f"hienke: Zalo refused the code: {exc}", file=sys.stderr)
            raise SystemExit(1) from None
        print(f"Zalo OA tokens stored (encrypted); the access token is valid until {issued.expires_at:%Y-%m-%d %H:%M} UTC"
              " and is renewed by the bot from now on.")
    finally:
        await db.dispose()


def _identity(value: str) -> str:
    channel, sep, user_id = value.partition(":")
    if not sep or channel not in CHANNELS or not user_id:
        raise argparse.ArgumentTypeError(f"expected channel:id, e.g. telegram:12345 (channels: {', '.join(CHANNELS)})")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hienke", description="Hiến kế — consultation and feedback chatbot")
    p.add_argument("--debug", action="store_true", help="log at DEBUG (scheduler ticks too) and show the traceback of a failure")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("run", help="long polling on every configured channel")
    serve_p = sub.add_parser("serve", help="webhooks and /healthz on an aiohttp server")
    serve_p.add_argument("--host", default=None)
    serve_p.add_argument("--port", type=int, default=None)
    chat_p = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat_p.add_argument("--as", dest="identity", type=_identity, default="console:local", help="channel:id to act as")
    db_p = sub.add_parser("db", help="database maintenance")
    db_p.add_argument("action", choices=["upgrade", "backup", "restore"])
    db_p.add_argument("file", nargs="?", type=Path, help="backup and restore: the backup file")
    sub.add_parser("secret", help="print a fresh HIENKE_SECRET_KEY")
    rotate_p = sub.add_parser("rotate-key", help="re-seal everything under HIENKE_SECRET_KEY, given the key used until now")
    rotate_p.add_argument("--old", required=True, help="the key the database was sealed with until now")
    oa_p = sub.add_parser("zalo-oa", help="Zalo Official Account: grant the app access and store its first tokens")
    oa_p.add_argument("action", choices=["authorize"])
    oa_p.add_argument("--code", default=None, help="the code Zalo gave (after an earlier run printed the link)")
    oa_p.add_argument("--redirect-uri", default=None, help="the app's callback URL (default: HIENKE_PUBLIC_URL/zalo-oa/authorized)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "secret":  # needs no settings: it is how the first one is made
        print(sealing.new_secret())
        return 0
    settings: Settings | None = None
    try:
        settings = load_settings()
        setup_logging(settings, args.debug)
        messenger = settings.telegram_bot_token or settings.zalo_bot_token or settings.zalo_oa_configured
        command = args.command or ("run" if messenger else "chat")
        if command in ("chat", "zalo-oa"):  # a person reads this terminal: warnings only
            logging.getLogger().setLevel(logging.WARNING)
        if command == "chat":
            asyncio.run(chat(settings, getattr(args, "identity", "console:local")))
        elif command == "run":
            asyncio.run(run_polling(settings))
        elif command == "serve":
            asyncio.run(serve(settings, args.host or settings.hienke_host, args.port or settings.hienke_port))
        elif command == "db" and args.action == "upgrade":
            asyncio.run(db_upgrade(settings))
        elif command == "db" and args.file is None:
            raise SettingsError(f"`hienke db {args.action}` needs the backup FILE")
        elif command == "db":
            asyncio.run((db_backup if args.action == "backup" else db_restore)(settings, args.file))
        elif command == "rotate-key":
            asyncio.run(rotate_key(settings, args.old))
        elif command == "zalo-oa":
            asyncio.run(zalo_oa_authorize(settings, args.code, args.redirect_uri))
    except SettingsError as exc:
        print(f"hienke: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # anything else that stops the bot: one line, the traceback only with --debug, no secret
        secrets = secrets_of(settings) if settings is not None else []
        if args.debug:
            print(redact("".join(traceback.format_exception(exc)), secrets), file=sys.stderr, end="")
        problem = startup_problem(exc, settings) if settings is not None else f"stopped by {type(exc).__name__}"
        print(f"hienke: {redact(problem, secrets)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
