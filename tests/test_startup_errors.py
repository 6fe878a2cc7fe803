"""`hienke run` that cannot start (a token the messenger rejects, the database out of reach, a broken organisation
file) ends with one line naming the problem and a non-zero exit; no traceback unless --debug; no secret anywhere."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path

from tests.fakes.telegram_server import FakeTelegram

WRONG_TOKEN = "123456:WRONG-secret-token-xyz"
PASSWORD = "hunter2-database-password"
SECRET_KEY = "k" * 32


async def hienke(args: list[str], cwd: Path, **env: str) -> tuple[int, str, str]:
    """Run the real command in a process (the fakes keep answering meanwhile); exit code, stdout, stderr."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "HIENKE_", "DATABASE_URL"))}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *args, cwd=cwd,
        env={**clean, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "HIENKE_SECRET_KEY": SECRET_KEY, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=90)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def no_secret(*outputs: str) -> None:
    for output in outputs:
        for secret in (WRONG_TOKEN, "WRONG-secret", PASSWORD, SECRET_KEY):
            assert secret not in output, output


async def test_a_rejected_token_is_named_without_a_traceback_or_the_token(tg: FakeTelegram, tmp_path: Path) -> None:
    env = {"TELEGRAM_BOT_TOKEN": WRONG_TOKEN, "TELEGRAM_API_BASE_URL": tg.root, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    code, out, err = await hienke(["run"], tmp_path, **env)
    assert code == 1
    assert err.splitlines()[-1] == "hienke: Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): check the token BotFather gave"
    assert "Traceback" not in err and "INFO alembic" not in err
    no_secret(out, err)
    code, out, err = await hienke(["--debug", "run"], tmp_path, **env)
    assert code == 1 and "Traceback" in err and "InvalidToken" in err
    no_secret(out, err)


async def test_an_unreachable_database_is_named_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql+asyncpg://hienke:{PASSWORD}@127.0.0.1:9/hienke"  # port 9: nothing listens
    code, out, err = await hienke(["run"], tmp_path, TELEGRAM_BOT_TOKEN=WRONG_TOKEN, DATABASE_URL=url)
    assert code == 1
    last = err.splitlines()[-1]
    assert last.startswith("hienke: the database is unreachable (") and "127.0.0.1:9/hienke" in last and "DATABASE_URL" in last
    assert "Traceback" not in err
    no_secret(out, err)


async def test_a_broken_organisation_file_is_named(tmp_path: Path) -> None:
    for content in ("[org\nname = ", 'org = "x"\n', "[org]\nname = 5\n[[units]]\n"):
        (tmp_path / "org.toml").write_text(content)
        env = {"TELEGRAM_BOT_TOKEN": WRONG_TOKEN, "HIENKE_ORG_FILE": str(tmp_path / "org.toml")}
        code, out, err = await hienke(["run"], tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}", **env)
        assert code != 0, content
        assert len(err.strip().splitlines()) == 1 and err.startswith("hienke: "), err
        assert "Traceback" not in err
        no_secret(out, err)


def test_routine_work_logs_only_with_debug() -> None:
    from bot.cli import setup_logging
    from bot.settings import load_settings

    settings = load_settings(_env_file=None)
    try:
        setup_logging(settings)
        assert not logging.getLogger("apscheduler.executors.default").isEnabledFor(logging.INFO)  # a tick every few seconds
        assert not logging.getLogger("alembic.runtime.migration").isEnabledFor(logging.INFO)
        assert logging.getLogger("bot.dispatch").isEnabledFor(logging.INFO)
        setup_logging(settings, debug=True)
        assert logging.getLogger("apscheduler.executors.default").isEnabledFor(logging.DEBUG)
    finally:
        for name in ("apscheduler", "alembic"):
            logging.getLogger(name).setLevel(logging.NOTSET)
        logging.getLogger().setLevel(logging.WARNING)
