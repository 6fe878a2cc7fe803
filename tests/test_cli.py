"""The `hienke` command as a person runs it: chat on a fresh SQLite file, db upgrade, bad settings."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import setup_logging
from bot.settings import SettingsError, load_settings
from storage import migrate
from tests.conftest import Harness


def hienke(args: list[str], cwd: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "HIENKE_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), **env},
    )


def test_chat_walks_through_start_in_vietnamese(tmp_path: Path) -> None:
    result = hienke([], tmp_path, "/start\n1\n1\nLò Thị Xuân\n/quit\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Xin chào! Đây là Hiến kế" in out
    assert "1. Đồng ý\n2. Không đồng ý" in out
    assert "✓ Bạn đã đồng ý." in out
    assert "Họ và tên của bạn?" in out and "Lĩnh vực chuyên môn của bạn?" in out
    assert (tmp_path / "hienke.db").exists()
    again = hienke(["chat"], tmp_path, "/profile\n/quit\n")
    assert "• Họ tên: Lò Thị Xuân" in again.stdout  # the same file, the same person


def test_chat_as_another_identity(tmp_path: Path) -> None:
    result = hienke(["chat", "--as", "telegram:900"], tmp_path, "/help\n/start\n1\n2\n/help\n/quit\n", HIENKE_ADMINS="telegram:900")
    before, _, after = result.stdout.partition("✓ Bạn đã đồng ý.")
    assert "/grant" not in before and "/mydata — Tải dữ liệu của tôi" in before  # only what works before consenting
    assert "/grant — Cấp quyền cán bộ" in after


def test_db_upgrade(tmp_path: Path) -> None:
    result = hienke(["db", "upgrade"], tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"database at revision {migrate.head_revision()}"


def test_malformed_setting_stops_with_one_line(tmp_path: Path) -> None:
    result = hienke(["run"], tmp_path, HIENKE_ADMINS="telegram")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("hienke: Invalid setting HIENKE_ADMINS: expected channel:user_id")


def test_run_without_a_token_says_so(tmp_path: Path) -> None:
    result = hienke(["run"], tmp_path)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("hienke_timezone", "Mars/Olympus"),
        ("database_url", "mysql://x"),
        ("telegram_api_base_url", "ftp://x"),
        ("hienke_port", "http"),
    ],
)
def test_each_bad_setting_is_named(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"^Invalid setting {name.upper()}: "):
        load_settings(_env_file=None, **{name: value})


async def test_token_never_reaches_the_log(harness: Harness, capfd: pytest.CaptureFixture[str]) -> None:
    token = harness.settings.telegram_bot_token.get_secret_value()  # type: ignore[union-attr]
    setup_logging(harness.settings)
    try:
        logging.getLogger("telegram").setLevel(logging.DEBUG)
        logging.getLogger("bot").info("a line with %s inside", token)
        await harness.say(1234, "/start")
        await harness.restart()
        err = capfd.readouterr().err
        assert "a line with [token] inside" in err
        assert token not in err
    finally:
        logging.getLogger("telegram").setLevel(logging.NOTSET)
        logging.getLogger().handlers.clear()
