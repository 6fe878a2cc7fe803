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
# With two profiles loaded, any text comes out as one of the two; it counts only with words of that language in it.
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)
VIETNAMESE_WORDS = frozenset(
    "toi ban chung cua va la co khong duoc cho nay cac nhung mot de nghi xa phuong ve voi trong tai den tu "
    "khi neu thi da dang se rat con nguoi viec lam nhu vay hay xin cam on chao".split()
)
ENGLISH_WORDS = frozenset(
    "the a an and or but of to in on at for with about from by is are was were be been am do does did have has "
    "had will would can could should may might must not no yes this that these those it its i you he she we they "
    "my your our their me us them there here what which who when where why how please thank thanks hello".split()
)
SUPPORTED = ("vi", "en")


@cache
def _detectors() -> DetectorFactory:
    """langdetect with the profiles of the languages we answer in only: all 55 take about 60 MB once loaded, these
    two about 2 MB (so its answer is one of the two, and `has_words_of` checks it). Seeded, the same text gives
    the same answer (langdetect is random by default)."""
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
    return found if has_words_of(found, text) else None


def has_words_of(language: str, text: str) -> bool:
    """Whether the text shows signs of `language`: Vietnamese letters or two common Vietnamese syllables; two
    English function words. (A formula, a web address or French shows neither.)"""
    words = [word.lower() for word in WORD.findall(text)]
    if language == "vi":
        return bool(VIETNAMESE_LETTERS.search(text)) or sum(word in VIETNAMESE_WORDS for word in words) >= 2
    if language == "en":
        return sum(word in ENGLISH_WORDS for word in words) >= 2
    return False


def from_app_language(language_code: str | None) -> str | None:
    """Map a messenger's language code (`en-GB`, `vi`) to ours."""
    if not language_code:
        return None
    prefix = language_code.lower()[:2]
    return prefix if prefix in SUPPORTED else None
