"""Which language to answer in: the person's choice, else what their text or app says."""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect

DetectorFactory.seed = 0  # langdetect is random by default; seeded, the same text gives the same answer
MIN_DETECT_LENGTH = 20
SUPPORTED = ("vi", "en")


def detect_language(text: str | None) -> str | None:
    """'vi' or 'en' for a text long enough to tell, else None (short texts fall back to the stored choice)."""
    if text is None or len(text.strip()) < MIN_DETECT_LENGTH:
        return None
    try:
        found = detect(text)
    except LangDetectException:
        return None
    return found if found in SUPPORTED else None


def from_app_language(language_code: str | None) -> str | None:
    """Map a messenger's language code (`en-GB`, `vi`) to ours."""
    if not language_code:
        return None
    prefix = language_code.lower()[:2]
    return prefix if prefix in SUPPORTED else None
