"""A cheap check that a text is English, the only language SpaceKG's extraction reads."""

from __future__ import annotations

import re
import unicodedata

_FUNCTION_WORDS_TEXT = """
    a about after against all also an and any are as at be because been before between both
    but by can could did do does during each for from had has have he her his how if in into is
    it its may more most must no not of on only or other our over said she should since so some
    such than that the their them then there these they this those through to under until up was
    we were what when where which while who whom why will with would you your"""
_ENGLISH_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())
_WORD = re.compile(r"[^\W\d_]+")
_MIN_TOKENS_TO_JUDGE = 30


def looks_english(text: str) -> bool:
    """Whether a text reads as English: English prose is dense in short function words."""
    sample = text[:20000]
    letters = [c for c in sample if c.isalpha()][:5000]
    if len(letters) >= 100:
        latin = sum(1 for c in letters if c.isascii() or "LATIN" in unicodedata.name(c, ""))
        if latin < 0.5 * len(letters):
            return False
    tokens = _WORD.findall(sample.lower())
    if len(tokens) < _MIN_TOKENS_TO_JUDGE:
        return True  # too short to judge; better to read a short note than to refuse it
    hits = sum(1 for t in tokens if t in _ENGLISH_FUNCTION_WORDS)
    return hits >= 0.05 * len(tokens)
