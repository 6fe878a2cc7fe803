"""Which language to answer in: the person's choice, else what their text or app says."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from langdetect import DetectorFactory, LangDetectException
from langdetect.detector_factory import PROFILES_DIRECTORY

MIN_DETECT_LENGTH = 20
MIN_DETECT_WORDS = 3  # words of two letters or more: "AAAA…" or a text in a script without spaces tells nothing
WORD = re.compile(r"[^\W\d_]{2,}")
SUPPORTED = ("vi", "en")


@cache
def _detectors() -> DetectorFactory:
    """langdetect with the profiles of the languages we answer in only: all 55 take about 60 MB once loaded, these
    two about 2 MB; a text in another language is taken for the closer of the two. Seeded, the same text gives the
    same answer (langdetect is random by default)."""
    factory = DetectorFactory()
    factory.set_seed(0)
    factory.load_json_profile([(Path(PROFILES_DIRECTORY) / language).read_text(encoding="utf-8") for language in SUPPORTED])
    return factory


def detect_language(text: str | None) -> str | None:
    """'vi' or 'en' for a text long enough to tell (20 characters, three words), else None (the stored choice
    stays)."""
    if text is None or len(text.strip()) < MIN_DETECT_LENGTH or len(WORD.findall(text)) < MIN_DETECT_WORDS:
        return None
    detector = _detectors().create()
    detector.append(text)
    try:
        found: str = detector.detect()
    except LangDetectException:  # nothing in the text either language has (digits, emoji)
        return None
    return found if found in SUPPORTED else None


def from_app_language(language_code: str | None) -> str | None:
    """Map a messenger's language code (`en-GB`, `vi`) to ours."""
    if not language_code:
        return None
    prefix = language_code.lower()[:2]
    return prefix if prefix in SUPPORTED else None
