"""What the running bot loads: heavy libraries on first use only (a bare start keeps its memory small)."""

from __future__ import annotations

import subprocess
import sys

from alembic.script import ScriptDirectory

from storage import migrate

HEAVY = ("matplotlib", "docx", "openpyxl", "qrcode", "alembic", "lxml", "PIL", "holidays")


def test_the_runtime_loads_no_heavy_library_at_start() -> None:
    """Importing the application and its command line (what `hienke run` does before any work) loads none."""
    probe = "import sys, bot.app, bot.cli; print(sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[1:])))"
    loaded = subprocess.run([sys.executable, "-c", probe, *HEAVY], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_the_calendar_and_language_detection_load_no_heavy_library() -> None:
    """Vietnam's holidays are read in a child process; language detection loads two langdetect profiles, not all 55."""
    probe = """
import asyncio, sys
from datetime import date
from langdetect import detector_factory
from bot.language import detect_language
from bot.workdays import vietnamese_public_days

assert not asyncio.run(vietnamese_public_days(2026)).is_working_day(date(2026, 9, 2))  # National Day
assert detect_language("I would like to send a proposal about the school roads") == "en"
assert detector_factory._factory is None, "langdetect loaded all its profiles"
print(sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[1:])))
"""
    loaded = subprocess.run([sys.executable, "-c", probe, *HEAVY], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_the_newest_revision_is_read_from_the_files_as_alembic_reads_it() -> None:
    assert migrate.head_revision() == ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
